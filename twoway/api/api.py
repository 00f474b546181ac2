"""Twoway's REST API, mounted at /api/v1/ (docs/api.md).

Every endpoint asks the same selectors and services as the pages, so the same
people see the same things and every change is audited the same way. The
interactive docs (Swagger UI) are served from this server's static files: the
site's Content-Security-Policy allows no script from elsewhere, and ninja's page
keeps its settings in a JSON block, not an inline script.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.operation import Operation

from twoway.api.auth import SessionAuth, TokenAuth
from twoway.api.problems import problems_install
from twoway.api.routers import (
    enrollments,
    events,
    imports,
    match_runs,
    me,
    meetings,
    outcomes,
    pairs,
    people,
    programs,
    skills,
)

DESCRIPTION = (
    "Twoway's REST API. Authenticate with an API token "
    "(`Authorization: Bearer <token>`, from your profile's API tokens page) or the "
    "browser's session. Errors are `application/problem+json` (RFC 9457); lists page "
    "with a cursor (`next`); changes send the `ETag` they read in `If-Match`."
)


class TwowayApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """An operation's id is its function's name (``people_list``), which is unique."""
        return operation.view_func.__name__


api = TwowayApi(
    title="Twoway",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=Swagger(settings={"persistAuthorization": False}),
)
problems_install(api)

for module in (
    me,
    imports,  # before people: "people/imports" is not a person's uuid
    people,
    skills,
    programs,
    enrollments,
    match_runs,
    pairs,
    meetings,
    outcomes,
    events,
):
    api.add_router("", module.router)
