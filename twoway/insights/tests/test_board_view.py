import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.insights.models import Insight, InsightAction
from twoway.insights.tests.helpers import group, raise_insight
from twoway.programs.models import Program
from twoway.testing.factories import enroll, person
from twoway.testing.queries import queries_for


@pytest.fixture
def program(published):
    return published.program


def board(program):
    return reverse("insights:board", args=[program.slug])


def test_managers_and_sponsors_see_the_board(client, cast, program):
    raise_insight(cast.juno, program)
    for user in (cast.priya, cast.sol, cast.ada):
        client.force_login(user)
        response = client.get(board(program))
        assert response.status_code == 200, user
        assert "Stop printing the monthly report" in response.content.decode()


def test_the_programs_own_sponsor_without_a_role_sees_it(client, cast, program):
    outsider = person("Nia Obi", login=True)
    Program.objects.filter(pk=program.pk).update(sponsor=outsider.user)
    client.force_login(outsider.user)
    assert client.get(board(program)).status_code == 200


def test_a_participant_of_the_program_is_refused(client, cast, program):
    client.force_login(cast.juno)
    response = client.get(board(program))
    assert response.status_code == 403
    assert "The insights board is for the program" in response.content.decode()


def test_strangers_and_other_programs_people_get_a_404(client, cast, program, morgan):
    nia = person("Nia Obi", login=True)
    enroll(Program.objects.get(slug="other"), nia)
    for user in (morgan, nia.user, cast.otto):
        client.force_login(user)
        assert client.get(board(program)).status_code == 404, user
        group_url = reverse("insights:group", args=[program.slug])
        assert client.post(group_url, {"do": "new", "title": "x"}).status_code == 404


def test_the_board_filters_by_status_and_paginates(client, cast, program):
    first = raise_insight(cast.juno, program, title="Grouped one")
    raise_insight(cast.juno, program, title="Still open")
    group(cast.priya, program, [first])
    client.force_login(cast.priya)
    html = client.get(board(program), {"status": "open"}).content.decode()
    assert "Still open" in html and "Grouped one" not in html
    html = client.get(board(program), {"status": "new"}).content.decode()
    assert "Grouped one" in html and "Still open" not in html
    for n in range(30):
        raise_insight(cast.sterling, program, title=f"Idea {n}")
    html = client.get(board(program)).content.decode()
    assert "Page 1 of 2" in html and "Idea 29" in html and "Still open" not in html


def test_the_board_reads_in_a_fixed_number_of_queries(client, cast, program):
    client.force_login(cast.sol)
    first = raise_insight(cast.juno, program, title="One")
    second = raise_insight(cast.sterling, program, title="Two", anonymous=True)
    group(cast.priya, program, [first, second])
    few = queries_for(client, board(program))
    for n in range(10):
        made = raise_insight(cast.juno, program, title=f"More {n}", anonymous=n % 2 == 0)
        group(cast.priya, program, [made], title=f"Action {n}")
    assert Insight.objects.count() == 12
    assert queries_for(client, board(program)) == few


def test_grouping_ticked_insights_into_a_new_action(client, cast, program):
    one = raise_insight(cast.juno, program, title="One")
    two = raise_insight(cast.sterling, program, title="Two")
    client.force_login(cast.sol)
    url = reverse("insights:group", args=[program.slug])
    data = {"insights": [one.uuid, two.uuid], "title": "Print less", "do": "new"}
    response = client.post(url, data)
    action = InsightAction.objects.get()
    assert response["Location"] == reverse("insights:action", args=[program.slug, action.uuid])
    assert set(action.insights.all()) == {one, two}
    client.post(url, data)  # a double submit
    assert InsightAction.objects.count() == 1
    assert AuditEvent.objects.filter(action="insight_action.create").count() == 1


def test_adding_insights_to_an_existing_action(client, cast, program):
    one = raise_insight(cast.juno, program, title="One")
    two = raise_insight(cast.sterling, program, title="Two")
    action = group(cast.priya, program, [one])
    client.force_login(cast.priya)
    url = reverse("insights:group", args=[program.slug])
    client.post(url, {"insights": [one.uuid, two.uuid], "action": action.uuid, "do": "add"})
    assert set(action.insights.all()) == {one, two}
    client.post(url, {"insights": [two.uuid], "action": action.uuid, "do": "add"})
    assert AuditEvent.objects.filter(action="insight_action.add").count() == 1


def test_grouping_refuses_without_a_title_or_a_tick(client, cast, program):
    one = raise_insight(cast.juno, program)
    client.force_login(cast.priya)
    url = reverse("insights:group", args=[program.slug])
    response = client.post(url, {"insights": [one.uuid], "title": " ", "do": "new"}, follow=True)
    assert "Nothing was grouped. Give the new action a title." in response.content.decode()
    response = client.post(url, {"title": "Print less", "do": "new"}, follow=True)
    assert "Tick the insights to group first." in response.content.decode()
    assert not InsightAction.objects.exists()


def test_an_insight_of_another_program_cannot_be_grouped(client, cast, program, morgan):
    other = Program.objects.get(slug="other")
    nia = person("Nia Obi", login=True)
    enroll(other, nia)
    theirs = raise_insight(nia.user, other)
    client.force_login(cast.priya)
    url = reverse("insights:group", args=[program.slug])
    response = client.post(url, {"insights": [theirs.uuid], "title": "Steal", "do": "new"})
    assert response.status_code == 404
    assert not InsightAction.objects.exists()
