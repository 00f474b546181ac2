"""An anonymous insight never shows its author to anyone but the program's
managers: not on the board for sponsors, not on "You said, we did", not on the
pair's page, the meeting's, the audit log or the admin."""

import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.insights.models import InsightAction
from twoway.insights.services import action_update
from twoway.insights.tests.helpers import group, raise_insight
from twoway.meetings.tests.helpers import held, juno_pair


@pytest.fixture
def world(published, cast):
    pair = juno_pair()
    meeting = held(pair, pair.mentee)
    insight = raise_insight(
        cast.juno,
        pair.program,
        title="Stop the printed report",
        text="It costs a tree a month.",
        anonymous=True,
        meeting=meeting,
        pair=pair,
    )
    action = group(cast.priya, pair.program, [insight])
    action_update(
        actor=cast.sol,
        action=action,
        title="Print less",
        owner=cast.sterling.person,
        owner_team="",
        status=InsightAction.Status.IN_PROGRESS,
        what_changed="",
        link="",
        wont_do_reason="",
    )
    return pair, meeting, insight, action


def traces(cast):
    juno = cast.juno.person
    return [juno.name, juno.name.split()[0], juno.name.split()[-1], juno.email]


def assert_hidden(html, cast, where):
    for trace in traces(cast):
        assert trace not in html, f"{trace!r} shows on {where}"


def test_no_page_shows_the_anonymous_author(client, cast, world):
    pair, meeting, _insight, action = world
    slug = pair.program.slug
    pages = {
        cast.sol: [
            reverse("insights:board", args=[slug]),
            reverse("insights:action", args=[slug, action.uuid]),
            reverse("insights:you_said_we_did"),
            reverse("home"),
        ],
        cast.sterling: [
            reverse("insights:you_said_we_did"),
            reverse("home:pair", args=[pair.uuid]),
            reverse("meetings:detail", args=[meeting.uuid]),
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            if url.startswith("/pairs/") or url.startswith("/meetings/"):
                # The partner's page names Juno as the partner; no insight names them.
                assert "Stop the printed report" not in html
                continue
            assert "Stop the printed report" in html or url == reverse("home"), url
            assert_hidden(html, cast, f"{url} for {user.email}")


def test_the_audit_log_and_admin_do_not_name_the_author(client, cast, world):
    _pair, _meeting, insight, _action = world
    event = AuditEvent.objects.get(action="insight.raise")
    assert event.actor_id is None
    for value in (event.actor_label, event.subject_label, str(event.before), str(event.after)):
        for trace in traces(cast):
            assert trace not in value
    client.force_login(cast.ada)
    html = client.get(reverse("audit:list")).content.decode()
    assert f"Insight #{insight.short_id}" in html
    # Juno's own earlier events (signing, logging) may name her; the raise does not.
    raise_rows = [row for row in html.split("audit-entry") if f"Insight #{insight.short_id}" in row]
    assert raise_rows
    for row in raise_rows:
        assert_hidden(row, cast, "the audit log's insight rows")
    assert client.get("/admin/insights/insight/").status_code == 404


def test_a_manager_looks_up_the_author_and_the_look_is_recorded(client, cast, world):
    pair, _meeting, insight, _action = world
    url = reverse("insights:reveal", args=[pair.program.slug, insight.uuid])
    board = reverse("insights:board", args=[pair.program.slug])
    client.force_login(cast.priya)
    html = client.get(board).content.decode()
    assert "Who raised it?" in html
    assert_hidden(html, cast, "the board before looking")
    response = client.post(url)
    assert response.status_code == 200
    assert "Juno Park" in response.content.decode()
    assert AuditEvent.objects.filter(action="insight.author_reveal", actor=cast.priya).count() == 1


def test_a_sponsor_may_not_look_up_the_author(client, cast, world, morgan):
    pair, _meeting, insight, _action = world
    url = reverse("insights:reveal", args=[pair.program.slug, insight.uuid])
    client.force_login(cast.sol)
    assert (
        "Who raised it?"
        not in client.get(reverse("insights:board", args=[pair.program.slug])).content.decode()
    )
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(morgan)
    assert client.post(url).status_code == 404
    client.force_login(cast.juno)
    assert client.post(url).status_code == 403
    assert not AuditEvent.objects.filter(action="insight.author_reveal").exists()
