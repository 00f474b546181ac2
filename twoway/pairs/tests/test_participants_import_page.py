"""The "Load a past cohort" page: for the program's managers only; the form, the
columns, and the report of what a posted file did."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from twoway.pairs.models import Pair
from twoway.programs.models import Enrollment
from twoway.testing.cast import make_morgan

pytestmark = pytest.mark.django_db

GOOD = (
    b"employee_id,side,joined_on,left_on,partner_id\n"
    b"JUNO,mentor,2024-10-07,,STERLING\n"
    b"STERLING,mentee,2024-10-07,,JUNO\n"
)
BAD = (
    b"employee_id,side,joined_on,left_on,partner_id\n"
    b"JUNO,mentor,2024-10-07,,\n"
    b"STERLING,mentee,2024-10-07,2024-10-01,\n"
)


def url(program) -> str:
    return reverse("pairs:participants_import", kwargs={"slug": program.slug})


def errors_on_page(html: str) -> list[str]:
    block = re.search(r'<ul id="import-errors"[^>]*>(.*?)</ul>', html, re.S)
    assert block, "no #import-errors list on the page"
    return [
        item.replace("&quot;", '"').replace("&#x27;", "'").strip()
        for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)
    ]


def post(client, program, content: bytes, name: str = "cohort.csv", **data):
    return client.post(url(program), {"file": SimpleUploadedFile(name, content), **data})


def test_anonymous_visitors_are_sent_to_log_in(client, past):
    response = client.get(url(past))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), [("juno", 403), ("otto", 403), ("sol", 403)])
def test_participants_and_others_without_the_role_are_refused(client, cast, past, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(url(past)).status_code == status
    assert post(client, past, GOOD).status_code == status
    assert not Enrollment.objects.exists()


def test_the_manager_of_another_program_does_not_find_it(client, cast, past, morgan):
    client.force_login(morgan)
    assert client.get(url(past)).status_code == 404
    assert post(client, past, GOOD).status_code == 404
    assert not Enrollment.objects.exists()


def test_a_manager_of_this_program_alone_may_load_it(client, past):
    manager = make_morgan(past)
    client.force_login(manager)
    response = post(client, past, GOOD)
    assert response.status_code == 200
    assert Enrollment.objects.filter(program=past).count() == 2


def test_the_page_explains_the_columns_and_that_a_bad_row_saves_nothing(client, cast, past):
    client.force_login(cast.priya)
    response = client.get(url(past))
    assert response.status_code == 200
    html = response.content.decode()
    for column in ("employee_id", "side", "joined_on", "left_on", "partner_id"):
        assert f"<code>{column}</code>" in html
    assert "if any row has a problem, nothing is saved" in html
    assert "E1042,mentor,2024-03-04,,E2210" in html  # the example
    assert 'name="dry_run"' in html and 'enctype="multipart/form-data"' in html


def test_the_programs_page_links_to_it_for_its_managers(client, cast, past):
    client.force_login(cast.priya)
    html = client.get(reverse("home:program", kwargs={"slug": past.slug})).content.decode()
    assert f'href="{url(past)}"' in html and "Load a past cohort" in html


def test_a_browser_round_trip_loads_the_file_and_shows_the_counts(
    csrf_client, cast, past, tmp_path
):
    csrf_client.force_login(cast.priya)
    page = csrf_client.get(url(past))
    token = page.cookies["csrftoken"].value
    path = tmp_path / "spreadsheet pilot.csv"
    path.write_bytes(GOOD)
    with path.open("rb") as file:
        response = csrf_client.post(
            url(past),
            {"csrfmiddlewaretoken": token, "file": file},  # multipart, as a form sends
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Loaded spreadsheet pilot.csv." in html
    assert "created=2 updated=0 unchanged=0 errors=0" in html
    pair = Pair.objects.get(program=past)
    assert (pair.mentor, pair.mentee, pair.origin) == (
        cast.juno.person,
        cast.sterling.person,
        "imported",
    )
    with path.open("rb") as file:
        again = csrf_client.post(url(past), {"csrfmiddlewaretoken": token, "file": file})
    assert "created=0 updated=0 unchanged=2 errors=0" in again.content.decode()


def test_check_only_shows_the_counts_and_saves_nothing(client, cast, past):
    client.force_login(cast.priya)
    response = post(client, past, GOOD, dry_run="on")
    html = response.content.decode()
    assert "This was a check only: nothing has been saved." in html
    assert "created=2 updated=0 unchanged=0 errors=0" in html
    assert not Enrollment.objects.exists() and not Pair.objects.exists()


def test_a_file_with_problems_lists_each_and_saves_nothing(client, cast, past):
    client.force_login(cast.priya)
    response = post(client, past, BAD)
    html = response.content.decode()
    assert "1 problem found. Nothing has been saved." in html
    assert errors_on_page(html) == ["row 3: left_on: 2024-10-01 is before joined_on (2024-10-07)"]
    assert "created=0 updated=0 unchanged=0 errors=1" in html
    assert not Enrollment.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused_by_the_form(client, cast, past):
    client.force_login(cast.priya)
    response = post(client, past, b"hello", name="cohort.txt")
    assert response.status_code == 200
    assert "is not a .csv or .xlsx file" in response.content.decode()
    assert not Enrollment.objects.exists()
