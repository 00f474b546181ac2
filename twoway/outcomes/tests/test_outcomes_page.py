"""A program's outcomes page: who may see it, the date, and what it shows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from twoway.core.models import Role
from twoway.outcomes.charts import report_charts
from twoway.outcomes.selectors import program_outcomes
from twoway.outcomes.tests.viewers import allowed, program_world, refused, small_world
from twoway.outcomes.tests.world import AS_OF, cohort
from twoway.outcomes.text import CANNOT_SAY, CAVEAT_CHOICE, headline
from twoway.pairs.models import Pair
from twoway.surveys.models import Survey, SurveyAnswer
from twoway.testing.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewers(cast):
    return program_world(cast)


def _url(viewers, as_of=AS_OF):
    return reverse("outcomes:program", kwargs={"slug": viewers.slug}) + f"?as_of={as_of}"


def test_the_programs_managers_and_sponsors_and_administrators_see_it(client, cast, viewers):
    for who, user in allowed(cast, viewers).items():
        client.force_login(user)
        response = client.get(_url(viewers))
        assert response.status_code == 200, who
        assert viewers.cohort.program.name in response.content.decode(), who


def test_participants_and_managers_of_another_program_get_a_404(client, cast, viewers):
    for who, user in refused(cast, viewers).items():
        client.force_login(user)
        assert client.get(_url(viewers)).status_code == 404, who


def test_an_anonymous_visitor_is_sent_to_log_in(client, viewers):
    response = client.get(_url(viewers))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_the_headline_and_the_explanations(client, cast, viewers):
    report = program_outcomes(program=viewers.cohort.program, as_of=AS_OF)
    client.force_login(cast.sol)
    page = client.get(_url(viewers)).content.decode()
    for sentence in (headline(report), CAVEAT_CHOICE, CANNOT_SAY, report.method):
        assert sentence.replace("'", "&#x27;") in page
    assert "About these figures" in page
    assert 'name="as_of"' in page and 'type="date"' in page
    assert f'value="{AS_OF.isoformat()}"' in page


def test_every_chart_has_its_data_table_beside_it(client, cast, viewers):
    report = program_outcomes(program=viewers.cohort.program, as_of=AS_OF)
    client.force_login(cast.sol)
    page = client.get(_url(viewers)).content.decode()
    figures = re.findall(r'<figure class="outcome-figure">(.*?)</figure>', page, re.S)
    assert len(figures) == len(report_charts(report)) >= 2
    for figure in figures:
        assert "<svg" in figure and 'role="img"' in figure
        assert "<table" in figure and "<caption>" in figure and "Show the data" in figure


def test_an_invalid_date_says_so_and_shows_today(client, cast, viewers):
    client.force_login(cast.sol)
    page = client.get(_url(viewers, as_of="not-a-date")).content.decode()
    assert "That is not a date" in page
    assert "Showing today’s figures" in page


def test_a_date_still_to_come_is_refused(client, cast, viewers):
    client.force_login(cast.sol)
    page = client.get(_url(viewers, as_of="2999-01-01")).content.decode()
    assert "That date is still to come" in page


def test_the_date_changes_the_figures(client, cast, viewers):
    client.force_login(cast.sol)
    before = client.get(_url(viewers, as_of="2024-04-01")).content.decode()
    assert "nobody has been followed for 12 months yet" in before


def test_a_program_under_k_participants_shows_no_figure(client, cast):
    small = small_world(cast)
    client.force_login(cast.sol)
    page = client.get(_url(small)).content.decode()
    assert "No figures yet" in page
    main = page.split('id="main"', 1)[1]
    assert "<svg" not in main and "<table" not in main
    assert " %" not in main
    assert "outcomes/retention.csv" not in main


def test_survey_comments_appear_without_names_only_from_k_answers(client, settings):
    settings.REPORT_MIN_GROUP_SIZE = 5
    world = cohort()
    manager = UserFactory()
    grant(manager, Role.PROGRAM_MANAGER, world.program)
    pairs = [
        Pair.objects.create(program=world.program, mentor=mentor, mentee=mentee, status="completed")
        for mentor, mentee in zip(world.mentors, world.mentees, strict=True)
    ]
    for number, pair in enumerate(pairs[:4]):
        survey = Survey.objects.create(
            pair=pair,
            person=pair.mentor,
            side="mentor",
            kind="closing",
            sent_at=timezone.now(),
            answered_at=timezone.now(),
        )
        SurveyAnswer.objects.create(survey=survey, question_key="comment", text=f"Comment {number}")
    client.force_login(manager)
    url = reverse("outcomes:program", kwargs={"slug": world.program.slug}) + f"?as_of={AS_OF}"

    held_back = client.get(url).content.decode()
    survey = Survey.objects.create(
        pair=pairs[4],
        person=pairs[4].mentor,
        side="mentor",
        kind="closing",
        sent_at=timezone.now(),
        answered_at=timezone.now(),
    )
    SurveyAnswer.objects.create(survey=survey, question_key="comment", text="Comment 4")
    shown = client.get(url).content.decode()

    assert "Comment 0" not in held_back and "Comments are shown once at least 5" in held_back
    assert all(f"“Comment {n}”" in shown for n in range(5))
    assert world.mentors[0].name not in shown.split("What people wrote")[1]
