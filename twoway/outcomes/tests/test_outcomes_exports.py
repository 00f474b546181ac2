"""Each table of the report as CSV and XLSX: the report's figures, and no more."""

import csv
import dataclasses
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from twoway.outcomes.exports import table_csv
from twoway.outcomes.selectors import program_outcomes
from twoway.outcomes.tables import TABLES, Column, Row, Table, report_table
from twoway.outcomes.tests.viewers import allowed, program_world, refused, small_world
from twoway.outcomes.tests.world import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewers(cast):
    return program_world(cast)


def _url(viewers, table="retention", kind="csv"):
    name = "outcomes:export_csv" if kind == "csv" else "outcomes:export_xlsx"
    return reverse(name, kwargs={"slug": viewers.slug, "table": table}) + f"?as_of={AS_OF}"


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_who_may_download(client, cast, viewers):
    for kind in ("csv", "xlsx"):
        for who, user in allowed(cast, viewers).items():
            client.force_login(user)
            assert client.get(_url(viewers, kind=kind)).status_code == 200, (who, kind)
        for who, user in refused(cast, viewers).items():
            client.force_login(user)
            assert client.get(_url(viewers, kind=kind)).status_code == 404, (who, kind)
        client.logout()
        response = client.get(_url(viewers, kind=kind))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_retention_csv_holds_the_reports_figures(client, cast, viewers):
    report = program_outcomes(program=viewers.cohort.program, as_of=AS_OF)
    client.force_login(cast.sol)
    response = client.get(_url(viewers))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{viewers.slug}-outcomes-retention-{AS_OF.isoformat()}.csv"'
    )
    header, *rows = _rows(response)
    assert header[-1] == "Note"
    by_key = {(row[0], row[3]): row for row in rows}
    for group in (report.participants, report.comparison):
        for months, estimate in group.retention.items():
            row = by_key[(group.label, str(months))]
            assert estimate is not None
            assert row[1] == str(group.n) and row[2] == str(group.left_org)
            assert row[4] == str(round(estimate.estimate, 4))
            assert row[5] == str(round(estimate.low, 4))
            assert row[6] == str(round(estimate.high, 4))


def test_the_comparison_csv_holds_the_hazard_ratio(client, cast, viewers):
    report = program_outcomes(program=viewers.cohort.program, as_of=AS_OF)
    client.force_login(cast.sol)
    _, row = _rows(client.get(_url(viewers, "comparison")))
    assert report.hazard_ratio is not None
    assert row[0] == str(report.matched_participants)
    assert row[1] == str(report.comparison.n)
    assert row[2] == str(round(report.hazard_ratio.estimate, 4))


def test_hidden_figures_are_empty_cells_with_a_note(client, cast, viewers):
    report = program_outcomes(program=viewers.cohort.program, as_of=AS_OF)
    assert all(row.share is None for row in report.reach)  # no pairs in this world
    client.force_login(cast.sol)
    _, *rows = _rows(client.get(_url(viewers, "reach")))
    assert rows
    for row in rows:
        assert row[1:4] == ["", "", ""]
        assert row[4] == f"hidden (fewer than {report.k} people)"


def test_the_xlsx_holds_the_same_cells(client, cast, viewers):
    client.force_login(cast.sol)
    csv_rows = _rows(client.get(_url(viewers)))
    response = client.get(_url(viewers, kind="xlsx"))
    assert response["Content-Disposition"].endswith(f'-retention-{AS_OF.isoformat()}.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["retention"]
    cells = [
        ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert cells == csv_rows
    assert sheet["E2"].number_format == "0.0%"


def test_an_unknown_table_is_a_404(client, cast, viewers):
    client.force_login(cast.sol)
    assert client.get(_url(viewers, "salaries")).status_code == 404
    assert "surveys" in TABLES
    assert client.get(_url(viewers, "surveys")).status_code == 404  # no surveys yet


def test_a_program_under_k_participants_exports_nothing(client, cast):
    small = small_world(cast)
    client.force_login(cast.sol)
    for table in TABLES:
        for kind in ("csv", "xlsx"):
            assert client.get(_url(small, table, kind)).status_code == 404, (table, kind)


def test_text_a_spreadsheet_would_run_is_quoted(viewers):
    table = Table("t", "T", (Column("Label"), Column("People", "count")), (Row(("=1+1", 3)),))
    assert table_csv(table).splitlines()[1] == "'=1+1,3,"


def test_survey_rows_export_from_the_reports_dict(viewers):
    report = program_outcomes(program=viewers.cohort.program, as_of=AS_OF)
    cells = {
        "mentor": {
            "baseline": {"asked": True, "mean": 3.1},
            "closing": {"asked": True, "mean": 3.9},
        },
        "mentee": {
            "baseline": {"asked": True, "mean": None, "suppressed": True},
            "closing": {"asked": True, "mean": None, "suppressed": True},
        },
    }
    change = {"mentor": 0.8, "mentee": None}
    surveys = {"questions": [{"key": "q", "text": "@confident", "cells": cells, "change": change}]}
    table = report_table(dataclasses.replace(report, surveys=surveys), "surveys")
    assert table is not None
    _, mentor, mentee = list(csv.reader(io.StringIO(table_csv(table))))
    assert mentor == ["'@confident", "Junior mentors", "3.1", "3.9", "0.8", ""]
    assert mentee[2:5] == ["", "", ""] and mentee[5].startswith("hidden")
