import pytest
from django.urls import reverse

from twoway.skills.models import PersonSkill, SelfAssessment, Skill
from twoway.testing.factories import PersonFactory, PersonSkillFactory

TAKE = reverse("skills:assessment")
RESULTS = reverse("skills:assessment_results")


def _answers(skills, *ratings):
    return {f"skill-{s.uuid}": str(r) for s, r in zip(skills, ratings, strict=True)}


def _teachers(skill, count):
    for _ in range(count):
        PersonSkillFactory(skill=skill, level=5, person=PersonFactory())


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    for url in (TAKE, RESULTS):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_login_without_a_person_gets_403_and_a_person_gets_the_questionnaire(client, cast):
    client.force_login(cast.otto)
    assert client.get(TAKE).status_code == 403
    assert client.get(RESULTS).status_code == 403
    client.force_login(cast.sterling)
    assert client.get(TAKE).status_code == 200


@pytest.mark.django_db
def test_the_questionnaire_asks_about_each_active_key_skill_grouped_by_category(
    client, cast, key_skills
):
    Skill.objects.filter(name="Reading a P&L").update(description="Profit and loss basics.")
    key_skills[1].is_active = False
    key_skills[1].save()
    client.force_login(cast.sterling)
    html = client.get(TAKE).content.decode()
    assert "How confident are you with <strong>Podcasting</strong>?" in html
    assert "Prompt writing" not in html
    assert "Social media for business" in html and "Corporate strategy" in html
    assert "Profit and loss basics." in html and "5 · expert" in html
    assert 'style="' not in html


@pytest.mark.django_db
def test_submitting_every_answer_goes_to_the_proposals(client, cast, key_skills):
    _teachers(key_skills[0], 3)
    client.force_login(cast.sterling)
    response = client.post(TAKE, _answers(key_skills, 1, 4, 3))
    assert response.status_code == 302 and response.url == RESULTS
    html = client.get(RESULTS).content.decode()
    assert "Podcasting" in html and "3 colleagues can teach it" in html
    assert f"{reverse('skills:directory')}?skill=Podcasting" in html
    assert "Add to my learning list" in html and 'name="level" value="1"' in html
    assert "You could teach" in html and "Prompt writing" in html


@pytest.mark.django_db
def test_a_missing_answer_is_marked_and_nothing_is_saved(client, cast, key_skills):
    client.force_login(cast.sterling)
    data = _answers(key_skills[:2], 1, 4)
    response = client.post(TAKE, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved: 1 skill still needs a rating" in html
    assert "Choose a rating for this skill." in html
    assert 'value="1" checked' in html  # what was answered stays answered
    assert not SelfAssessment.objects.exists()


@pytest.mark.django_db
def test_an_out_of_range_rating_is_refused(client, cast, key_skills):
    client.force_login(cast.sterling)
    response = client.post(TAKE, _answers(key_skills, 1, 9, 3))
    assert response.status_code == 200 and not SelfAssessment.objects.exists()


@pytest.mark.django_db
def test_a_forged_submission_without_csrf_is_refused(csrf_client, cast, key_skills):
    csrf_client.force_login(cast.sterling)
    assert csrf_client.post(TAKE, _answers(key_skills, 1, 1, 1)).status_code == 403
    assert not SelfAssessment.objects.exists()


@pytest.mark.django_db
def test_retaking_shows_the_previous_date_and_answers(client, cast, key_skills):
    client.force_login(cast.sterling)
    client.post(TAKE, _answers(key_skills, 1, 4, 3))
    html = client.get(TAKE).content.decode()
    assert "You last took this on" in html
    assert html.count(" checked") == 3
    client.post(TAKE, _answers(key_skills, 5, 5, 5))
    assert SelfAssessment.objects.filter(person=cast.sterling.person).count() == 2


@pytest.mark.django_db
def test_results_before_any_assessment_send_the_person_to_take_it(client, cast, key_skills):
    client.force_login(cast.sterling)
    response = client.get(RESULTS)
    assert response.status_code == 302 and response.url == TAKE


@pytest.mark.django_db
def test_skills_already_on_the_learning_list_say_so(client, cast, key_skills):
    _teachers(key_skills[0], 3)
    client.force_login(cast.sterling)
    client.post(TAKE, _answers(key_skills, 1, 4, 3))
    client.post(
        reverse("skills:add"),
        {"direction": "learn", "skill": "Podcasting", "level": "1", "next": RESULTS},
    )
    html = client.get(RESULTS).content.decode()
    assert "On your list" in html and "Add to my learning list" not in html
    assert PersonSkill.objects.get(person=cast.sterling.person).level == 1


@pytest.mark.django_db
def test_few_teachers_are_listed_separately(client, cast, key_skills):
    _teachers(key_skills[0], 2)
    client.force_login(cast.sterling)
    client.post(TAKE, _answers(key_skills, 2, 4, 3))
    html = client.get(RESULTS).content.decode()
    assert "Few teachers yet" in html and "2 colleagues can teach it" in html
    assert "No suggestions with enough teachers yet" in html


@pytest.mark.django_db
def test_with_no_key_skills_the_page_explains_instead_of_showing_an_empty_form(client, cast):
    Skill.objects.update(is_key=False)
    client.force_login(cast.sterling)
    assert "No key skills chosen yet" in client.get(TAKE).content.decode()
