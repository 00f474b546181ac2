"""The table plan's pages: the plan for organisers, the PDF, and each
attendee's own table on the event page."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from twoway.events.models import TableSeat
from twoway.events.services import rsvp_answer, table_plan_propose
from twoway.events.tests.helpers import new_event
from twoway.testing.factories import person

pytestmark = pytest.mark.django_db


def url(name, event):
    return reverse(f"events:{name}", kwargs={"uuid": event.uuid})


@pytest.fixture
def seated(cast):
    event = new_event(cast.priya, title="Lunch buffet", seated=True, table_size=6)
    guests = [
        person(f"Guest {i:02d}", employee_id=f"T{i:02d}", level=2 + i % 4, department="Sales")
        for i in range(11)
    ]
    for who in [cast.juno.person, *guests]:
        rsvp_answer(actor=None, event=event, person=who, answer="yes")
    return event


def test_the_organiser_proposes_and_sees_the_plan(client, cast, seated):
    client.force_login(cast.priya)
    assert "No plan yet" in client.get(url("tables", seated)).content.decode()
    response = client.post(url("tables_propose", seated), follow=True)
    page = response.content.decode()
    assert "Table plan proposed: 2 tables." in page
    assert "Table 1" in page and "Table 2" in page
    assert "1 department, " in page  # everyone but Juno is in Sales


def test_the_pdf_has_a_block_per_table_and_the_name_cards(client, cast, seated):
    table_plan_propose(actor=cast.priya, event=seated)
    client.force_login(cast.priya)
    response = client.get(url("tables_pdf", seated))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Table plan: Lunch buffet" in text
    assert "Table 1" in text and "Table 2" in text
    assert "Name cards" in text and "Juno Park" in text
    assert text.count("Guest 07") == 2  # at the table, and on the name-card list


def test_without_a_plan_the_pdf_is_404(client, cast, seated):
    client.force_login(cast.priya)
    assert client.get(url("tables_pdf", seated)).status_code == 404


def test_an_attendee_sees_their_table_and_tablemates_only(client, cast, seated):
    plan = table_plan_propose(actor=cast.priya, event=seated)
    mine = TableSeat.objects.get(plan=plan, person=cast.juno.person).table
    mates = TableSeat.objects.filter(plan=plan, table=mine).exclude(person=cast.juno.person)
    others = TableSeat.objects.filter(plan=plan).exclude(table=mine)
    client.force_login(cast.juno)
    page = client.get(url("detail", seated)).content.decode()
    assert f"table {mine}</strong>" in page
    assert all(seat.person.name in page for seat in mates)
    assert not any(seat.person.name in page for seat in others)


def test_participants_and_other_managers_get_404(client, cast, morgan, seated):
    table_plan_propose(actor=cast.priya, event=seated)
    for user in (cast.juno, morgan):
        client.force_login(user)
        assert client.get(url("tables", seated)).status_code == 404
        assert client.get(url("tables_pdf", seated)).status_code == 404
        assert client.post(url("tables_propose", seated)).status_code == 404


def test_an_unseated_event_has_no_plan_page(client, cast):
    event = new_event(cast.priya)
    client.force_login(cast.priya)
    assert client.get(url("tables", event)).status_code == 404
