import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.testing.factories import CAST_PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_participant_logs_in_sees_next_steps_and_logs_out(page, cast):
    log_in(page, "juno@example.org", CAST_PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Juno")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Who can teach me")
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Twoway")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_wrong_password_shows_a_clear_message(page, cast):
    page.goto("/accounts/login/")
    page.get_by_label("Work e-mail").fill("juno@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_the_menu_holds_the_navigation(phone_page, cast):
    log_in(phone_page, "ada@example.org", CAST_PASSWORD)
    expect(phone_page.get_by_role("navigation", name="Main")).to_be_hidden()
    phone_page.locator(".usermenu summary").click()
    phone_page.locator(".usermenu-panel").get_by_role("link", name="Audit log").click()
    expect(phone_page.get_by_role("heading", name="Audit log")).to_be_visible()
