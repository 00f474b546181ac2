"""A request id on every request, in the logs and the audit log; how requests are logged."""

from __future__ import annotations

import contextvars
import logging
import uuid
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Lines Django writes after the response has left the middleware still
        # carry the request, and so its id.
        request = getattr(record, "request", None)
        record.request_id = _request_id.get() or getattr(request, "request_id", None) or "-"
        return True


class ClientErrorOneLineFilter(logging.Filter):
    """For ``django.request``: a refused request (4xx) is one line, not a traceback.

    Django logs a ``PermissionDenied`` (403) or ``BadRequest`` (400) with the
    exception's traceback; refusals are routine, and the tracebacks buried the
    server errors. The line reads ``GET /path 403 Forbidden`` (the formatter adds
    the request id). Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if not (isinstance(status, int) and 400 <= status < 500 and record.exc_info):
            return True
        path = str(getattr(request, "path", "")).encode("unicode_escape").decode("ascii")
        method = getattr(request, "method", None) or "-"
        try:
            reason = f" {HTTPStatus(status).phrase}"
        except ValueError:
            reason = ""
        record.msg = f"{method} {path} {status}{reason}"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True
