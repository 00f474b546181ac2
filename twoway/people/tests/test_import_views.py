"""The import pages: upload, review (mapping, preview, errors), apply, discard."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.integrations.hr_csv import testing
from twoway.people.importing import read as importing
from twoway.people.models import ImportUpload, Person, PersonChange
from twoway.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("people:import_upload")
GOOD = b"Emp ID,Full Name,Work Email,Dept\nN1,Noor Haddad,noor@example.org,Data\n"
BAD = (
    b"employee_id,name,email,hire_date\n"
    b"N1,Noor Haddad,noor@example.org,2024-01-31\n"
    b"N2,Lee Sam,not-an-email,31/01/2024\n"
)


def upload_file(client, content: bytes = GOOD, name: str = "hr.csv", **data: object):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content), **data})


def review_url(upload: ImportUpload) -> str:
    return reverse("people:import_review", kwargs={"uuid": upload.uuid})


def errors_on_page(html: str) -> list[str]:
    block = re.search(r'<ul id="import-errors"[^>]*>(.*?)</ul>', html, re.S)
    assert block, "no #import-errors list on the page"
    return [
        item.replace("&quot;", '"').replace("&#x27;", "'").strip()
        for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)
    ]


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.ada)
    return client


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["priya", "sol", "juno", "otto"])
def test_anyone_but_an_administrator_is_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    upload = ImportUpload.objects.create(filename="hr.csv", content=GOOD, size=len(GOOD))

    assert client.get(UPLOAD_URL).status_code == 403
    assert upload_file(client).status_code == 403
    assert client.get(review_url(upload)).status_code == 403
    assert client.post(review_url(upload), {"action": "apply"}).status_code == 403
    assert ImportUpload.objects.count() == 1
    assert not Person.objects.filter(employee_id="N1").exists()


def test_administrator_sees_the_upload_page_with_the_columns(admin_client):
    response = admin_client.get(UPLOAD_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'accept=".csv,.xlsx"' in html
    assert "Mark people missing from this file as leavers" in html
    assert "<code>manager_id</code>" in html
    assert reverse("people:import_example") in html


def test_upload_stores_the_file_and_redirects_to_its_review(admin_client, cast):
    response = upload_file(admin_client, mark_leavers="on")

    upload = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(upload)
    assert bytes(upload.content) == GOOD
    assert upload.size == len(GOOD)
    assert upload.mark_leavers
    assert upload.uploaded_by == cast.ada
    assert upload.status == ImportUpload.Status.PENDING


def test_review_shows_the_guessed_mapping_counts_and_preview(admin_client):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()

    response = admin_client.get(review_url(upload))

    html = response.content.decode()
    assert response.status_code == 200
    assert "No problems found" in html
    assert '<option value="Emp ID" selected>Emp ID</option>' in html
    assert '<option value="Work Email" selected>Work Email</option>' in html
    assert "Would create</dt><dd>1</dd>" in html
    assert "Noor Haddad" in html
    assert 'value="apply">Import 1 people</button>' in html
    assert 'id="import-errors"' not in html
    assert not Person.objects.filter(employee_id="N1").exists()


def test_an_xlsx_upload_is_reviewed_and_imported_like_a_csv(admin_client):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Employee Number", "Name", "Email", "Start Date"])
    sheet.append([1042, "Juno Park", "juno.park@example.org", dt.date(2024, 9, 2)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload_file(admin_client, buffer.getvalue(), name="hr.xlsx")
    upload = ImportUpload.objects.get()

    html = admin_client.get(review_url(upload)).content.decode()
    admin_client.post(review_url(upload), {"action": "apply"})

    assert "<td>2024-09-02</td>" in html
    assert Person.objects.get(employee_id="1042").hire_date == dt.date(2024, 9, 2)


def test_review_lists_every_error_and_offers_no_import_button(admin_client):
    upload_file(admin_client, BAD)
    upload = ImportUpload.objects.get()

    response = admin_client.get(review_url(upload))

    html = response.content.decode()
    assert errors_on_page(html) == [
        'row 3: email: "not-an-email" is not a valid e-mail address',
        'row 3: hire_date: "31/01/2024" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
    ]
    assert 'value="apply"' not in html
    assert "Nothing has been saved" in html


def test_review_of_an_unreadable_file_shows_the_reason(admin_client):
    upload_file(admin_client, b"employee_id,name,email\n")
    upload = ImportUpload.objects.get()

    html = admin_client.get(review_url(upload)).content.decode()

    assert errors_on_page(html) == ["file: the file has a header but no people"]


def test_applying_imports_once_and_shows_the_result(admin_client):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()

    response = admin_client.post(review_url(upload), {"action": "apply"}, follow=True)

    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.APPLIED
    assert upload.applied_at is not None
    assert bytes(upload.content) == b""
    assert upload.result["summary"] == "created=1 updated=0 unchanged=0 errors=0"
    person = Person.objects.get(employee_id="N1")
    assert person.department is not None and person.department.path == "Data"
    html = response.content.decode()
    assert "created=1 updated=0 unchanged=0 errors=0" in html
    assert "Imported" in html


def test_applying_records_the_history_with_the_upload_it_came_from(admin_client):
    PersonFactory(employee_id="N1", email="noor@example.org", level=2, hire_date=None)
    content = (
        b"employee_id,name,email,level,level_since\nN1,Noor Haddad,noor@example.org,3,2025-04-01\n"
    )
    upload_file(admin_client, content)
    upload = ImportUpload.objects.get()

    admin_client.post(review_url(upload), {"action": "apply"})

    change = PersonChange.objects.get()
    assert (change.field, change.old_level, change.new_level) == ("level", 2, 3)
    assert change.effective_on == dt.date(2025, 4, 1)
    assert change.upload == upload


def test_a_second_apply_imports_nothing_and_says_so(admin_client):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()
    admin_client.post(review_url(upload), {"action": "apply"})

    response = admin_client.post(review_url(upload), {"action": "apply"}, follow=True)

    assert "already imported or discarded" in response.content.decode()
    assert AuditEvent.objects.filter(action="people.import").count() == 1
    assert AuditEvent.objects.filter(action="person.create").count() == 1


def test_applying_a_file_with_errors_saves_nothing_and_keeps_it_pending(admin_client):
    upload_file(admin_client, BAD)
    upload = ImportUpload.objects.get()

    response = admin_client.post(review_url(upload), {"action": "apply"}, follow=True)

    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.PENDING
    assert bytes(upload.content) == BAD
    assert not Person.objects.filter(employee_id__in=["N1", "N2"]).exists()
    assert "Nothing was imported" in response.content.decode()


def test_choosing_a_mapping_reruns_the_check_with_it(admin_client):
    content = b"id,name,Private Mail,Work Mail\nN1,Noor,noor@home.example,noor@example.org\n"
    upload_file(admin_client, content)
    upload = ImportUpload.objects.get()
    mapping = {f"map_{name}": "" for name in ("job_title", "level", "department", "location")}

    admin_client.post(
        review_url(upload),
        {
            "action": "map",
            "map_employee_id": "id",
            "map_name": "name",
            "map_email": "Work Mail",
            **mapping,
        },
    )
    html = admin_client.get(review_url(upload)).content.decode()

    upload.refresh_from_db()
    assert upload.mapping["email"] == "Work Mail"
    assert '<option value="Work Mail" selected>Work Mail</option>' in html
    admin_client.post(review_url(upload), {"action": "apply"})
    assert Person.objects.get(employee_id="N1").email == "noor@example.org"


def test_discard_clears_the_file_and_imports_nothing(admin_client):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()

    response = admin_client.post(review_url(upload), {"action": "discard"}, follow=True)

    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DISCARDED
    assert bytes(upload.content) == b""
    assert "Discarded" in response.content.decode()
    assert admin_client.post(review_url(upload), {"action": "apply"}).status_code == 302
    assert not Person.objects.filter(employee_id="N1").exists()


def test_an_unknown_action_is_a_bad_request(admin_client):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()

    assert admin_client.post(review_url(upload), {"action": "explode"}).status_code == 400


def test_an_upload_that_does_not_exist_is_not_found(admin_client):
    missing = reverse("people:import_review", kwargs={"uuid": uuid.uuid4()})

    assert admin_client.get(missing).status_code == 404
    assert admin_client.post(missing, {"action": "apply"}).status_code == 404


def test_a_file_over_the_size_limit_is_refused_and_not_stored(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 40

    response = upload_file(admin_client, GOOD)

    assert response.status_code == 200
    assert "the limit is 40\xa0bytes" in response.content.decode()
    assert ImportUpload.objects.count() == 0


def test_a_file_with_the_wrong_extension_is_refused_and_not_stored(admin_client):
    response = upload_file(admin_client, GOOD, name="hr.pdf")

    assert response.status_code == 200
    assert "is not a .csv or .xlsx file" in response.content.decode()
    assert ImportUpload.objects.count() == 0


def test_an_upload_without_a_file_is_refused(admin_client):
    response = admin_client.post(UPLOAD_URL, {"mark_leavers": "on"})

    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert ImportUpload.objects.count() == 0


def test_a_forged_post_without_a_csrf_token_is_refused(csrf_client, cast):
    csrf_client.force_login(cast.ada)
    upload = ImportUpload.objects.create(filename="hr.csv", content=GOOD, size=len(GOOD))

    assert upload_file(csrf_client).status_code == 403
    assert csrf_client.post(review_url(upload), {"action": "apply"}).status_code == 403
    assert ImportUpload.objects.count() == 1
    assert not Person.objects.filter(employee_id="N1").exists()


def test_the_upload_page_lists_recent_uploads(admin_client):
    upload_file(admin_client, name="june.csv")

    html = admin_client.get(UPLOAD_URL).content.decode()

    assert "june.csv" in html
    assert "Waiting for review" in html


def test_the_example_csv_downloads_and_imports_cleanly(admin_client):
    response = admin_client.get(reverse("people:import_example"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    upload_file(admin_client, response.content, name="example.csv")
    upload = ImportUpload.objects.get()
    admin_client.post(review_url(upload), {"action": "apply"})
    upload.refresh_from_db()
    assert upload.result["summary"] == "created=6 updated=0 unchanged=0 errors=0"


def test_the_error_list_downloads_as_text(admin_client):
    upload_file(admin_client, BAD)
    upload = ImportUpload.objects.get()

    response = admin_client.get(reverse("people:import_errors", kwargs={"uuid": upload.uuid}))

    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        'row 3: email: "not-an-email" is not a valid e-mail address',
        'row 3: hire_date: "31/01/2024" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
        "created=0 updated=0 unchanged=0 errors=2",
    ]


# --- hostile files, and a file checked once ---------------------------------------------


def form_errors(html: str) -> list[str]:
    block = re.search(r'<div class="alert alert-error" role="alert">(.*?)</div>', html, re.S)
    assert block, "no form error on the page"
    return [
        item.replace("&quot;", '"').replace("&#x27;", "'").strip()
        for item in re.findall(r"<p>(.*?)</p>", block.group(1), re.S)
    ]


def test_a_workbook_with_a_40_mb_cell_is_refused_at_the_upload_and_not_stored(admin_client):
    content = testing.xlsx_huge_cell(40_000_000)

    response = upload_file(admin_client, content, name="bomb.xlsx")

    assert response.status_code == 200
    assert form_errors(response.content.decode()) == [
        "“bomb.xlsx” cannot be imported. The workbook holds a text of more than 32,767 "
        "characters, longer than a spreadsheet cell can be: the file is damaged or was not "
        "written by a spreadsheet program. Open it in Excel, save it again as Excel Workbook "
        "(.xlsx), then upload it."
    ]
    assert ImportUpload.objects.count() == 0
    assert not AuditEvent.objects.filter(action="people.import_upload").exists()


def test_a_csv_of_200000_columns_is_refused_at_the_upload_on_a_short_page(admin_client):
    response = upload_file(admin_client, testing.csv_wide(200_000), name="wide.csv")

    html = response.content.decode()
    assert response.status_code == 200
    assert form_errors(html)[0].startswith(
        "“wide.csv” cannot be imported. Row 1: The header names 200,000 columns; Twoway "
        "reads at most 1,000."
    )
    assert len(response.content) < 100_000
    assert ImportUpload.objects.count() == 0


def test_a_sheet_declaring_a_million_rows_is_refused_at_the_upload(admin_client):
    response = upload_file(admin_client, testing.xlsx_far_row(1_000_000), name="far.xlsx")

    assert (
        "down to row 1,000,000 (Twoway reads at most 250,000 rows)"
        in form_errors(response.content.decode())[0]
    )
    assert ImportUpload.objects.count() == 0


def test_the_review_page_shows_the_stored_check_without_reading_the_file(admin_client, monkeypatch):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()

    def no_reading(*args, **kwargs):
        raise AssertionError("the review page read the file again")

    monkeypatch.setattr(importing, "table_read", no_reading)
    pages = [admin_client.get(review_url(upload)) for _ in range(3)]

    assert [page.status_code for page in pages] == [200, 200, 200]
    html = pages[-1].content.decode()
    assert "No problems found" in html
    assert "Would create</dt><dd>1</dd>" in html
    assert "Noor Haddad" in html
    assert 'value="apply">Import 1 people</button>' in html


def test_check_again_compares_the_file_with_the_directory_as_it_is_now(admin_client, cast):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()
    PersonFactory(employee_id="N1", name="Noor H.", email="noor@example.org")

    before = admin_client.get(review_url(upload)).content.decode()
    admin_client.post(review_url(upload), {"action": "check"})
    after = admin_client.get(review_url(upload)).content.decode()

    assert "Would create</dt><dd>1</dd>" in before
    assert "Would update</dt><dd>1</dd>" in after
    assert '<span class="badge badge-primary">update</span>' in after


def test_an_upload_kept_before_checks_were_stored_is_checked_once(admin_client, monkeypatch):
    upload = ImportUpload.objects.create(filename="hr.csv", content=GOOD, size=len(GOOD))

    first = admin_client.get(review_url(upload))
    monkeypatch.setattr(importing, "table_read", None)  # a second read would fail
    second = admin_client.get(review_url(upload))

    upload.refresh_from_db()
    assert upload.checked_at is not None
    assert upload.review["summary"] == "created=1 updated=0 unchanged=0 errors=0"
    assert "No problems found" in first.content.decode()
    assert "No problems found" in second.content.decode()


def test_an_apply_that_finds_new_problems_shows_them_on_the_review(admin_client):
    upload_file(admin_client)
    upload = ImportUpload.objects.get()
    PersonFactory(employee_id="X9", email="noor@example.org")

    admin_client.post(review_url(upload), {"action": "apply"})
    html = admin_client.get(review_url(upload)).content.decode()

    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.PENDING
    assert errors_on_page(html) == [
        "row 2: email: noor@example.org is already the e-mail of X9, who is not in this file"
    ]
    assert 'value="apply"' not in html


def test_applying_or_discarding_deletes_the_stored_check_with_the_file(admin_client):
    upload_file(admin_client)
    upload_file(admin_client, name="second.csv")
    applied, discarded = ImportUpload.objects.order_by("created_at")

    admin_client.post(review_url(applied), {"action": "apply"})
    admin_client.post(review_url(discarded), {"action": "discard"})

    for upload in (applied, discarded):
        upload.refresh_from_db()
        assert (bytes(upload.content), upload.review) == (b"", {})
