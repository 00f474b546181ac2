"""An administrator gives a colleague a role on the roles page, then reads the
sentence for it in the audit log."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.core.models import Role, RoleGrant
from twoway.testing.factories import CAST_PASSWORD, open_program


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrator_grants_a_role_and_reads_it_in_the_audit_log(page, cast):
    program = open_program(name="Digital leadership 2027")
    log_in(page, cast.ada.email, CAST_PASSWORD)
    page.get_by_role("link", name="Roles", exact=True).first.click()
    expect(page.get_by_role("heading", name="Roles", exact=True)).to_be_visible()

    page.get_by_label("Who", exact=True).fill("Juno Park <juno@example.org>")
    page.get_by_label("Role", exact=True).select_option(label="Program manager")
    page.get_by_label("Program (optional)").select_option(label="Digital leadership 2027")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Role given.")).to_be_visible()
    scoped = page.get_by_role("region", name="Program managers of one program")
    expect(scoped).to_contain_text("Juno Park")
    assert RoleGrant.objects.filter(user=cast.juno, role=Role.PROGRAM_MANAGER, program=program)

    page.goto("/audit/")
    expect(
        page.get_by_text("Ada Okafor made Juno Park program manager of Digital leadership 2027.")
    ).to_be_visible()
