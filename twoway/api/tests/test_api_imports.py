"""The HR import through the API: administrators upload a file (checked, not
saved), read the check and apply it; a broken row saves nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from twoway.api.tests.helpers import api_get, assert_problem, bearer, token_for
from twoway.api.tests.helpers_more import api_post
from twoway.core.models import AuditEvent
from twoway.people.models import ImportUpload, Person

URL = "/api/v1/people/imports"
GOOD = b"employee_id,name,email,department\nN1,Noor Haddad,noor@example.org,Data\n"
BAD = (
    b"employee_id,name,email,hire_date\n"
    b"N1,Noor Haddad,noor@example.org,2024-01-31\n"
    b"N2,Lee Sam,not-an-email,31/01/2024\n"
)


def _upload(client, secret, content=GOOD, name="hr.csv", **data):
    return client.post(
        URL, {"file": SimpleUploadedFile(name, content), **data}, headers=bearer(secret)
    )


def test_an_administrator_uploads_reads_and_applies_a_file(cast, client):
    secret = token_for(cast.ada, write=True)
    response = _upload(client, secret)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["created"], body["error_count"]) == ("pending", 1, 0)
    assert not Person.objects.filter(employee_id="N1").exists()
    assert AuditEvent.objects.filter(action="people.import_upload").count() == 1
    assert api_get(client, response["Location"], secret).json() == body
    applied = api_post(client, f"{URL}/{body['uuid']}/apply", None, secret)
    assert applied.status_code == 200, applied.content
    assert applied.json()["status"] == "applied" and applied.json()["created"] == 1
    assert Person.objects.get(employee_id="N1").name == "Noor Haddad"
    assert AuditEvent.objects.filter(action="people.import").exists()
    again = assert_problem(api_post(client, f"{URL}/{body['uuid']}/apply", None, secret), 422)
    assert "already imported" in again["detail"]


def test_a_broken_row_is_reported_and_applying_saves_nothing(cast, client):
    secret = token_for(cast.ada, write=True)
    body = _upload(client, secret, BAD).json()
    assert body["error_count"] >= 1
    assert any(line.startswith("row 3") for line in body["errors"]), body["errors"]
    problem = assert_problem(api_post(client, f"{URL}/{body['uuid']}/apply", None, secret), 422)
    assert problem["detail"].startswith("Nothing was imported")
    assert any("row 3" in e["message"] for e in problem["errors"])
    assert not Person.objects.filter(employee_id__in=["N1", "N2"]).exists()
    assert ImportUpload.objects.get(uuid=body["uuid"]).status == "pending"


def test_a_file_of_the_wrong_kind_is_422_and_keeps_nothing(cast, client):
    problem = assert_problem(_upload(client, token_for(cast.ada, write=True), name="hr.txt"), 422)
    assert "is not a .csv or .xlsx file" in problem["detail"]
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize("who", ["priya", "juno", "sol", "otto"])
def test_only_administrators_import(cast, client, who):
    user = getattr(cast, who)
    problem = assert_problem(_upload(client, token_for(user, write=True)), 403)
    assert problem["detail"] == "Only administrators can import people."
    assert not ImportUpload.objects.exists()


def test_nobody_else_reads_or_applies_an_upload(cast, client):
    body = _upload(client, token_for(cast.ada, write=True)).json()
    secret = token_for(cast.priya, write=True)
    assert_problem(api_get(client, f"{URL}/{body['uuid']}", secret), 404)
    assert_problem(api_post(client, f"{URL}/{body['uuid']}/apply", None, secret), 404)
    assert not Person.objects.filter(employee_id="N1").exists()


def test_a_read_token_cannot_upload(cast, client):
    assert_problem(_upload(client, token_for(cast.ada)), 403)
    assert not ImportUpload.objects.exists()
