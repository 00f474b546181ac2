"""The arc editor: sent back unchanged it saves nothing, edits save the program's
own arc, sessions can be added and removed, and reset goes back to the default."""

import pytest
from django.urls import reverse

from tests.site.browser_form import form_find
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.guides.arc import DEFAULT_ARC
from twoway.guides.models import ArcSession
from twoway.guides.selectors import program_arc

pytestmark = pytest.mark.django_db


def _url(program):
    return reverse("guides:arc", kwargs={"slug": program.slug})


def _form(client, program):
    response = client.get(_url(program))
    assert response.status_code == 200
    return dict(form_find(response.content.decode(), action="").submission())


def test_sending_the_default_back_unchanged_saves_nothing(csrf_client, cast, pilot):
    csrf_client.force_login(cast.priya)
    data = _form(csrf_client, pilot.program)
    assert csrf_client.post(_url(pilot.program), data).status_code == 302
    assert not ArcSession.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ARC_SAVE).exists()


def test_changing_a_title_saves_the_whole_arc_and_audits_it(client, cast, pilot):
    client.force_login(cast.priya)
    data = _form(client, pilot.program)
    data["arc-1-title"] = "Our own digital tools"
    data["arc-1-questions"] = "Which tool?\n\nWhy that one?"
    assert client.post(_url(pilot.program), data).status_code == 302
    steps = program_arc(pilot.program)
    assert len(steps) == 7 and steps[1].title == "Our own digital tools"
    assert steps[1].questions == ["Which tool?", "Why that one?"]
    assert steps[0] == DEFAULT_ARC[0]
    event = AuditEvent.objects.get(action=AuditAction.ARC_SAVE)
    assert event.after is not None and event.actor == cast.priya
    assert event.after["sessions"][1] == "Our own digital tools"
    # Round trip of the saved arc: nothing changes.
    again = _form(client, pilot.program)
    client.post(_url(pilot.program), again)
    assert AuditEvent.objects.filter(action=AuditAction.ARC_SAVE).count() == 1
    assert program_arc(pilot.program) == steps


def test_adding_and_removing_sessions(client, cast, pilot):
    client.force_login(cast.priya)
    data = _form(client, pilot.program)
    data["arc-7-title"] = "A reunion"
    data["arc-7-agenda"] = "Meet again three months later."
    data["arc-0-DELETE"] = "on"
    assert client.post(_url(pilot.program), data).status_code == 302
    titles = [s.title for s in program_arc(pilot.program)]
    assert titles[0] == "Digital tools" and titles[-1] == "A reunion" and len(titles) == 7
    assert [s.number for s in program_arc(pilot.program)] == list(range(1, 8))


def test_removing_every_session_is_refused(client, cast, pilot):
    client.force_login(cast.priya)
    data = _form(client, pilot.program)
    for index in range(7):
        data[f"arc-{index}-DELETE"] = "on"
    response = client.post(_url(pilot.program), data)
    assert response.status_code == 400
    assert "Keep at least one session in the arc." in response.content.decode()
    assert not ArcSession.objects.exists()


def test_a_session_without_a_title_is_refused(client, cast, pilot):
    client.force_login(cast.priya)
    data = _form(client, pilot.program)
    data["arc-2-title"] = ""
    response = client.post(_url(pilot.program), data)
    assert response.status_code == 400 and not ArcSession.objects.exists()


def test_reset_goes_back_to_the_default(client, cast, pilot):
    client.force_login(cast.priya)
    data = _form(client, pilot.program)
    data["arc-0-title"] = "Hello"
    client.post(_url(pilot.program), data)
    assert ArcSession.objects.count() == 7
    reset = reverse("guides:arc_reset", kwargs={"slug": pilot.program.slug})
    assert client.post(reset).status_code == 302
    assert program_arc(pilot.program) == list(DEFAULT_ARC)
    assert AuditEvent.objects.filter(action=AuditAction.ARC_RESET).count() == 1
    client.post(reset)  # again: nothing to reset, nothing recorded
    assert AuditEvent.objects.filter(action=AuditAction.ARC_RESET).count() == 1


def test_only_the_programs_managers_edit_the_arc(client, cast, pilot, morgan):
    client.force_login(cast.juno)
    assert client.get(_url(pilot.program)).status_code == 403
    client.force_login(morgan)
    assert client.get(_url(pilot.program)).status_code == 404
    reset = reverse("guides:arc_reset", kwargs={"slug": pilot.program.slug})
    assert client.post(reset).status_code == 404
