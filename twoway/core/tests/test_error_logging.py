"""Refusals are routine and log one line; server errors keep their traceback."""

import logging
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import path

from twoway.core.middleware import ClientErrorOneLineFilter, RequestIdFilter


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.django_db
def test_a_refused_page_logs_one_line_with_method_path_status_and_request_id(client, cast, caplog):
    client.force_login(cast.juno)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/audit/?action=x")

    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert record.exc_info is None
    assert record.getMessage() == "GET /audit/ 403 Forbidden"
    assert "Traceback" not in caplog.text
    RequestIdFilter().filter(record)
    assert record.request_id == response["X-Request-ID"]


def test_a_refusal_whose_path_holds_a_line_break_still_logs_one_line():
    request = RequestFactory().get("/audit/%0Afake-entry")
    try:
        raise PermissionDenied("no")
    except PermissionDenied:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Forbidden (Permission denied): %s",
            (request.path,),
            sys.exc_info(),
            extra={"status_code": 403, "request": request},
        )

    ClientErrorOneLineFilter().filter(record)

    assert record.exc_info is None
    assert record.getMessage() == "GET /audit/\\nfake-entry 403 Forbidden"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_keeps_its_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/boom/")

    assert response.status_code == 500
    [record] = _request_records(caplog)
    assert record.exc_info is not None
    assert "RuntimeError: boom" in caplog.text
