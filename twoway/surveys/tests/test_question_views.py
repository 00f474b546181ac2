"""The program's survey questions page: its managers alone (404 otherwise)."""

import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.surveys.models import SurveyQuestion
from twoway.surveys.services import survey_question_add


@pytest.fixture
def question(pilot, cast):
    return survey_question_add(
        actor=cast.priya, program=pilot.program, text="How often did you meet?", surveys="closing"
    )


def questions_url(pilot):
    return reverse("surveys:questions", kwargs={"slug": pilot.program.slug})


def edit_url(question):
    return reverse(
        "surveys:question_edit", kwargs={"slug": question.program.slug, "uuid": question.uuid}
    )


def test_the_page_lists_the_default_instrument_and_the_programs_questions(
    pilot, question, cast, client
):
    client.force_login(cast.priya)
    page = client.get(questions_url(pilot)).content.decode()
    assert "How far did you get with the goals you set?" in page
    assert "Hostile – Friendly" in page and "General Evaluation Scale" in page
    assert "How often did you meet?" in page and edit_url(question) in page


def test_a_manager_adds_a_question(pilot, cast, client):
    client.force_login(cast.priya)
    response = client.post(
        questions_url(pilot),
        {"text": "  Did you  meet in person? ", "kind": "scale5", "surveys": "both", "order": ""},
    )
    assert response.status_code == 302
    added = SurveyQuestion.objects.get(program=pilot.program)
    assert (added.text, added.order, added.active) == ("Did you meet in person?", 1, True)
    assert AuditEvent.objects.filter(action="survey_question.add").count() == 1


def test_a_manager_changes_and_deactivates_a_question(question, cast, client):
    client.force_login(cast.priya)
    response = client.post(
        edit_url(question),
        {"text": "How often did you meet?", "kind": "scale5", "surveys": "both", "order": "3"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.surveys, question.order, question.active) == ("both", 3, False)
    event = AuditEvent.objects.get(action="survey_question.update")
    assert event.after == {"surveys": "both", "order": 3, "active": False}


def test_an_empty_question_is_refused(pilot, cast, client):
    client.force_login(cast.priya)
    response = client.post(questions_url(pilot), {"text": "", "kind": "scale5", "surveys": "both"})
    assert response.status_code == 200 and not SurveyQuestion.objects.exists()


def test_only_the_programs_managers_see_it(pilot, question, cast, client, morgan):
    for url in (questions_url(pilot), edit_url(question)):
        client.logout()
        assert client.get(url).status_code == 302  # anonymous: to the login page
        for user in (morgan, cast.juno, cast.sterling, cast.sol, cast.otto):
            client.force_login(user)
            assert client.get(url).status_code == 404, (url, user)
            posted = client.post(url, {"text": "Mine", "kind": "text", "surveys": "both"})
            assert posted.status_code == 404, (url, user)
        client.force_login(cast.ada)
        assert client.get(url).status_code == 200
    question.refresh_from_db()
    assert question.text == "How often did you meet?"
    assert SurveyQuestion.objects.count() == 1


def test_a_question_of_another_program_is_not_found_under_this_one(question, cast, client):
    client.force_login(cast.priya)
    url = reverse("surveys:question_edit", kwargs={"slug": "other", "uuid": question.uuid})
    assert client.get(url).status_code == 404
