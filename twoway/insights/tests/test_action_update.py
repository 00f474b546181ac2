import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.insights.models import InsightAction
from twoway.insights.services import action_update
from twoway.insights.tests.helpers import group, raise_insight

S = InsightAction.Status


@pytest.fixture
def action(published, cast):
    return group(cast.priya, published.program, [raise_insight(cast.juno, published.program)])


def move(actor, action, status, **fields):
    values = {
        "title": action.title,
        "owner": action.owner,
        "owner_team": action.owner_team,
        "status": status,
        "what_changed": action.what_changed,
        "link": action.link,
        "wont_do_reason": action.wont_do_reason,
    }
    return action_update(actor=actor, action=action, **(values | fields))


def test_an_action_moves_through_its_statuses(cast, action):
    for status in (S.CONSIDERING, S.IN_PROGRESS):
        assert move(cast.priya, action, status)
    assert move(cast.sol, action, S.DONE, what_changed="We print nothing now.")
    action.refresh_from_db()
    assert action.status == S.DONE and action.what_changed == "We print nothing now."
    events = AuditEvent.objects.filter(action="insight_action.status").order_by("pk")
    assert [(e.after or {})["status"] for e in events] == ["considering", "in_progress", "done"]


def test_impossible_moves_are_refused_with_the_way_forward(cast, action):
    with pytest.raises(ValidationError) as refused:
        move(cast.priya, action, S.DONE, what_changed="Done")
    assert refused.value.message_dict["status"] == [
        "An action new cannot move to done straight away; from new it can move to "
        "under consideration, in progress, won't do."
    ]
    action.refresh_from_db()
    assert action.status == S.NEW


def test_done_needs_what_changed_and_wont_do_a_reason(cast, action):
    move(cast.priya, action, S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="Say what changed"):
        move(cast.priya, action, S.DONE)
    with pytest.raises(ValidationError, match="Say why we won't do it"):
        move(cast.priya, action, S.WONT_DO)
    assert move(cast.priya, action, S.WONT_DO, wont_do_reason="The regulator needs paper.")
    assert move(cast.priya, action, S.CONSIDERING)  # reopened


def test_sent_back_unchanged_changes_nothing(cast, action):
    before = AuditEvent.objects.count()
    assert move(cast.priya, action, S.NEW) is False
    assert AuditEvent.objects.count() == before


def test_the_owner_is_a_person_or_a_team(client, cast, action):
    url = reverse("insights:action", args=[action.program.slug, action.uuid])
    client.force_login(cast.sol)
    data = {
        "title": "Print less",
        "owner_email": "sterling@example.org",
        "owner_team": "Finance",
        "status": "considering",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == cast.sterling.person and action.owner_label == "Sterling Hayes (Finance)"
    response = client.post(url, data | {"owner_email": "nobody@example.org"})
    assert response.status_code == 400
    assert "Nobody in the directory has this e-mail." in response.content.decode()


def test_the_page_says_why_a_move_was_refused(client, cast, action):
    url = reverse("insights:action", args=[action.program.slug, action.uuid])
    client.force_login(cast.priya)
    response = client.post(url, {"title": "Print less", "status": "done"})
    assert response.status_code == 400
    assert "cannot move to done straight away" in response.content.decode()


def test_the_action_page_is_for_the_board_only(client, cast, action, morgan):
    url = reverse("insights:action", args=[action.program.slug, action.uuid])
    client.force_login(cast.juno)
    assert client.get(url).status_code == 403
    client.force_login(morgan)
    assert client.get(url).status_code == 404
    client.force_login(cast.priya)
    missing = reverse(
        "insights:action", args=[action.program.slug, "6f1c2a9e-0000-4000-8000-000000000000"]
    )
    assert client.get(missing).status_code == 404
