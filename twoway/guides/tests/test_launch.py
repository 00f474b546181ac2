"""A program's launch page: its managers and sponsor write and publish it; nobody
else sees it before; once published everyone in the directory reads it."""

import pytest
from django.urls import reverse

from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.guides.models import ProgramLaunch
from twoway.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(pilot, cast):
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    pilot.program.refresh_from_db()
    return pilot.program


def _urls(program):
    slug = {"slug": program.slug}
    return (
        reverse("guides:launch", kwargs=slug),
        reverse("guides:launch_edit", kwargs=slug),
        reverse("guides:launch_publish", kwargs=slug),
    )


def test_the_sponsor_writes_and_publishes_the_message(client, cast, program):
    page, edit, publish = _urls(program)
    client.force_login(cast.sol)
    assert client.post(edit, {"sponsor_message": "Why this matters to me."}).status_code == 302
    assert "Not published yet" in client.get(page).content.decode()
    assert client.post(publish).status_code == 302
    launch = ProgramLaunch.objects.get(program=program)
    assert launch.is_published and launch.published_by == cast.sol
    events = AuditEvent.objects.filter(
        action__in=[AuditAction.LAUNCH_SAVE, AuditAction.LAUNCH_PUBLISH]
    )
    assert events.count() == 2
    # The message is free text: the log says it changed, not what it says.
    assert "Why this matters" not in str(list(events.values("before", "after")))
    client.post(publish)  # twice: nothing more
    assert AuditEvent.objects.filter(action=AuditAction.LAUNCH_PUBLISH).count() == 1


def test_saving_the_same_message_changes_nothing(client, cast, program):
    _, edit, _ = _urls(program)
    client.force_login(cast.priya)
    client.post(edit, {"sponsor_message": "Hello."})
    client.post(edit, {"sponsor_message": "Hello."})
    assert AuditEvent.objects.filter(action=AuditAction.LAUNCH_SAVE).count() == 1


def test_publishing_needs_a_message(client, cast, program):
    _, _, publish = _urls(program)
    client.force_login(cast.priya)
    response = client.post(publish, follow=True)
    assert (
        "Write the sponsor&#x27;s message before you publish the page." in response.content.decode()
    )
    assert not ProgramLaunch.objects.filter(published_at__isnull=False).exists()


def test_before_publishing_only_its_editors_see_it(client, cast, program, morgan):
    page, edit, publish = _urls(program)
    client.force_login(cast.priya)
    client.post(edit, {"sponsor_message": "Soon."})
    for user in (cast.juno, cast.sterling, cast.otto, morgan):
        client.force_login(user)
        assert client.get(page).status_code == 404, user
        assert client.get(edit).status_code == 404, user
        assert client.post(publish).status_code == 404, user
    assert not ProgramLaunch.objects.get().is_published


def test_once_published_people_read_it_but_do_not_edit_it(client, cast, program, morgan):
    page, edit, publish = _urls(program)
    client.force_login(cast.priya)
    client.post(edit, {"sponsor_message": "Join us."})
    client.post(publish)
    client.force_login(cast.juno)
    text = client.get(page).content.decode()
    assert "Join us." in text and "Getting to know each other" in text
    assert "Call for topics" in text and "answered the call" not in text
    assert client.get(edit).status_code == 404
    client.post(edit, {"sponsor_message": "Hijacked."})
    assert ProgramLaunch.objects.get().sponsor_message == "Join us."
    # Morgan runs another program: no edit here either, and no count of answers.
    client.force_login(morgan)
    assert client.get(edit).status_code == 404
    # A login without a person record does not see it.
    client.force_login(cast.otto)
    assert client.get(page).status_code == 404


def test_a_message_too_long_is_refused(client, cast, program):
    _, edit, _ = _urls(program)
    client.force_login(cast.priya)
    response = client.post(edit, {"sponsor_message": "x" * 4001})
    assert response.status_code == 400 and not ProgramLaunch.objects.exists()


def test_a_circles_programs_launch_page_speaks_of_circles(client, cast, program):
    Program.objects.filter(pk=program.pk).update(kind=Program.Kind.CIRCLES)
    page, edit, publish = _urls(program)
    client.force_login(cast.priya)
    client.post(edit, {"sponsor_message": "Join a circle."})
    client.post(publish)
    client.force_login(cast.juno)
    text = client.get(page).content.decode()
    assert "forms circles of six to eight" in text
    assert "pairs you with someone" not in text and "your partner sign" not in text
