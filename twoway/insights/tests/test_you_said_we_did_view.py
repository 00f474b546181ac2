import pytest
from django.urls import reverse

from twoway.insights.models import InsightAction
from twoway.insights.services import action_add_insights, action_update
from twoway.insights.tests.helpers import group, raise_insight
from twoway.programs.models import Program
from twoway.testing.factories import enroll, person
from twoway.testing.queries import queries_for

PAGE = reverse("insights:you_said_we_did")
S = InsightAction.Status


@pytest.fixture
def program(published):
    return published.program


def finish(actor, action, **fields):
    values = {
        "title": action.title,
        "owner": None,
        "owner_team": "Finance operations",
        "what_changed": "",
        "link": "",
        "wont_do_reason": "",
    }
    for status in fields.pop("path"):
        action_update(actor=actor, action=action, **(values | fields), status=status)
        action.refresh_from_db()
    return action


def test_participants_read_what_was_done_in_plain_words(client, cast, program):
    done = group(cast.priya, program, [raise_insight(cast.juno, program)], title="Print less")
    finish(
        cast.priya, done, path=[S.IN_PROGRESS, S.DONE], what_changed="The report is online only."
    )
    refused = group(
        cast.priya,
        program,
        [raise_insight(cast.sterling, program, title="Meet on Fridays")],
        title="Fridays",
    )
    finish(cast.priya, refused, path=[S.WONT_DO], wont_do_reason="Fridays are for customers.")
    working = group(
        cast.priya, program, [raise_insight(cast.juno, program, title="Captions")], title="Captions"
    )
    finish(cast.priya, working, path=[S.IN_PROGRESS])
    client.force_login(cast.juno)
    html = client.get(PAGE).content.decode()
    assert "Done: The report is online only." in html
    assert "We won&#x27;t do this, because fridays are for customers." in html
    assert "We are working on it." in html
    assert html.index("Print less") < html.index("Captions") < html.index("Fridays")
    assert "Raised in Reverse pilot" in html


def test_a_name_shows_only_when_its_author_agreed(client, cast, program):
    named = raise_insight(cast.juno, program, title="Named", name_shown=True)
    quiet = raise_insight(cast.sterling, program, title="Quiet")
    group(cast.priya, program, [named, quiet])
    client.force_login(cast.sol)
    html = client.get(PAGE).content.decode()
    assert "— Juno Park" in html
    assert "Sterling" not in html


def test_people_raised_by_are_counted_only_from_five(client, cast, program):
    people = [person(f"{name} Lee", login=True) for name in ("Ana", "Ben", "Cy", "Dee", "Eli")]
    for someone in people:
        enroll(program, someone)
    insights = [
        raise_insight(someone.user, program, title=f"From {n}")
        for n, someone in enumerate(people[:4])
    ]
    action = group(cast.priya, program, insights)
    client.force_login(cast.juno)
    assert "Raised by 4 people" not in client.get(PAGE).content.decode()
    fifth = raise_insight(people[4].user, program, title="From 4")
    action_add_insights(actor=cast.priya, action=action, insights=[fifth])
    assert "Raised by 5 people in Reverse pilot" in client.get(PAGE).content.decode()


def test_each_reader_sees_the_programs_they_belong_to(client, cast, program, morgan):
    other = Program.objects.get(slug="other")
    nia = person("Nia Obi", login=True)
    enroll(other, nia)
    group(
        cast.priya,
        program,
        [raise_insight(cast.juno, program, title="Pilot idea")],
        title="Pilot action",
    )
    group(morgan, other, [raise_insight(nia.user, other, title="Other idea")], title="Other action")
    expectations = {
        cast.juno: ({"Pilot action"}, {"Other action"}),
        nia.user: ({"Other action"}, {"Pilot action"}),
        morgan: ({"Other action"}, {"Pilot action"}),
        cast.sol: ({"Pilot action", "Other action"}, set()),
        cast.priya: ({"Pilot action", "Other action"}, set()),
        cast.otto: (set(), {"Pilot action", "Other action"}),
    }
    for user, (seen, unseen) in expectations.items():
        client.force_login(user)
        response = client.get(PAGE)
        assert response.status_code == 200
        html = response.content.decode()
        assert all(title in html for title in seen), user
        assert not any(title in html for title in unseen), user


def test_the_page_reads_in_a_fixed_number_of_queries(client, cast, program):
    client.force_login(cast.juno)
    owner = person("Olwen Owner")
    group(
        cast.priya,
        program,
        [
            raise_insight(cast.juno, program, title="A"),
            raise_insight(cast.sterling, program, title="B"),
        ],
    )
    InsightAction.objects.update(owner=owner)
    few = queries_for(client, PAGE)
    for n in range(10):
        group(
            cast.priya,
            program,
            [raise_insight(cast.juno, program, title=f"More {n}")],
            title=f"Action {n}",
        )
    InsightAction.objects.update(owner=owner)  # each action names its owner

    assert queries_for(client, PAGE) == few
    assert client.get(PAGE).content.decode().count("Olwen Owner") == 11


def test_everyone_signed_in_finds_it_in_the_navigation(client, cast):
    client.force_login(cast.otto)
    assert f'href="{PAGE}"' in client.get(reverse("home")).content.decode()


def test_the_sponsor_home_lists_the_latest_actions(client, cast, program):
    action = group(cast.priya, program, [raise_insight(cast.juno, program)], title="Print less")
    client.force_login(cast.sol)
    html = client.get(reverse("home")).content.decode()
    assert "You said, we did" in html
    assert reverse("insights:action", args=[program.slug, action.uuid]) in html


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(PAGE).status_code == 302


def test_people_who_take_part_are_offered_to_raise_one_from_the_page(client, cast, program):
    raise_link = f'href="{reverse("insights:raise")}"'
    client.force_login(cast.juno)
    assert raise_link in client.get(PAGE).content.decode()
    # Otto takes part in nothing: there is nowhere to raise one from.
    client.force_login(cast.otto)
    assert raise_link not in client.get(PAGE).content.decode()
