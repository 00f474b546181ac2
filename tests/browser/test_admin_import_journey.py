"""An administrator imports the HR export: a bad row is reported, nothing is saved,
and the corrected file goes in."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.people.models import Person
from twoway.testing.factories import CAST_PASSWORD

HEADER = "employee_id,name,email,job_title,level,department,manager_id,hire_date\n"
GOOD = (
    "E100,Lena Larsen,lena.larsen@example.org,Head of Data,7,Technology/Data,,2015-03-02\n"
    "E101,Kai Osei,kai.osei@example.org,Data Analyst,3,Technology/Data,E100,2023-09-04\n"
)
BAD = "E102,Rosa Quinn,rosa.quinn@example,Data Engineer,4,Technology/Data,E100,2024-02-30\n"
FIXED = "E102,Rosa Quinn,rosa.quinn@example.org,Data Engineer,4,Technology/Data,E100,2024-02-28\n"


def _upload(page, tmp_path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.goto("/import/people/")
    page.get_by_label("HR export").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_administrator_sees_the_row_report_then_imports_the_fixed_file(page, cast, tmp_path):
    log_in(page, "ada@example.org", CAST_PASSWORD)
    before = Person.objects.count()

    _upload(page, tmp_path, "hr-export.csv", HEADER + GOOD + BAD)
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("row 4: email:")
    expect(errors.nth(1)).to_contain_text("row 4: hire_date:")
    expect(page.get_by_role("button", name="Import 3 people")).to_have_count(0)
    assert Person.objects.count() == before  # nothing saved

    _upload(page, tmp_path, "hr-export-fixed.csv", HEADER + GOOD + FIXED)
    expect(page.locator("#import-errors")).to_have_count(0)
    page.get_by_role("button", name="Import 3 people").click()
    expect(page.locator("main")).to_contain_text("created=3 updated=0 unchanged=0 errors=0")
    assert Person.objects.count() == before + 3
    assert Person.objects.get(employee_id="E102").manager.name == "Lena Larsen"

    # The new people are in the directory with their department.
    page.goto("/people/?q=Rosa")
    expect(page.locator("main table")).to_contain_text("Technology/Data")
