import datetime as dt
import uuid

import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.skills.models import Skill
from twoway.testing.factories import PersonFactory, PersonSkillFactory, SkillFactory

LIST = reverse("skills:catalogue")
CREATE = reverse("skills:create")


def _edit_url(skill) -> str:
    return reverse("skills:edit", kwargs={"uuid": skill.uuid})


def _form(**overrides):
    return {
        "name": "Podcasting",
        "category": "social_media",
        "description": "Making and promoting audio shows.",
        "synonyms": "audio shows\nSpotify",
        "is_key": "",
        "is_active": "on",
    } | overrides


# --- the list ----------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    for url in (LIST, CREATE):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "otto", "priya"])
def test_everyone_signed_in_may_read_the_catalogue_but_sees_no_edit_buttons(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200 and "Accessibility" in page
    assert CREATE not in page and "/edit/" not in page


@pytest.mark.django_db
def test_administrators_see_edit_buttons(client, cast):
    client.force_login(cast.ada)
    page = client.get(LIST).content.decode()
    assert CREATE in page and "/edit/" in page


@pytest.mark.django_db
def test_search_matches_synonyms_and_shows_key_badges_and_counts(client, cast):
    skill = Skill.objects.get(name="Short-form video")
    PersonSkillFactory(skill=skill, direction="offer")
    PersonSkillFactory(skill=skill, direction="learn", level=1)
    PersonSkillFactory(skill=skill, direction="learn", level=1)
    client.force_login(cast.juno)
    response = client.get(LIST, {"q": "tiktok"})
    rows = list(response.context["page_obj"])
    assert [s.name for s in rows] == ["Short-form video"]
    assert (rows[0].offered, rows[0].wanted) == (1, 2)
    assert "key skill" in response.content.decode()


@pytest.mark.django_db
def test_leavers_are_not_counted(client, cast):
    skill = Skill.objects.get(name="Short-form video")
    PersonSkillFactory(skill=skill, person=PersonFactory(leave_date=dt.date(2020, 1, 31)))
    client.force_login(cast.juno)
    rows = list(client.get(LIST, {"q": "short-form"}).context["page_obj"])
    assert rows[0].offered == 0


@pytest.mark.django_db
def test_category_filter_and_pagination(client, cast, settings):
    settings.PAGE_SIZE = 5
    client.force_login(cast.juno)
    response = client.get(LIST, {"category": "ai_tools"})
    assert {s.category for s in response.context["page_obj"]} == {"ai_tools"}
    assert response.context["page_obj"].paginator.num_pages == 1
    assert client.get(LIST, {"page": 2}).context["page_obj"].number == 2


@pytest.mark.django_db
def test_inactive_skills_are_hidden_from_participants_but_not_from_administrators(client, cast):
    SkillFactory(name="Fax machines", is_active=False)
    client.force_login(cast.juno)
    assert "Fax machines" not in client.get(LIST, {"q": "fax"}).content.decode()
    client.force_login(cast.ada)
    page = client.get(LIST, {"q": "fax"}).content.decode()
    assert "Fax machines" in page and "inactive" in page


# --- create ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "juno", "otto"])
def test_only_administrators_may_open_or_post_the_create_page(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _form()).status_code == 403
    assert not Skill.objects.filter(name="Podcasting").exists()


@pytest.mark.django_db
def test_an_administrator_adds_a_skill(client, cast):
    client.force_login(cast.ada)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, _form(is_key="on"))
    assert response.status_code == 302 and response.url == LIST
    skill = Skill.objects.get(name="Podcasting")
    assert skill.is_key and skill.synonym_list == ["audio shows", "Spotify"]
    assert AuditEvent.objects.filter(action="skill.create", actor=cast.ada).exists()


@pytest.mark.django_db
def test_a_duplicate_name_is_a_form_error_not_an_error_page(client, cast):
    client.force_login(cast.ada)
    response = client.post(CREATE, _form(name="SHORT-FORM VIDEO"))
    assert response.status_code == 200
    assert "There is already a skill called “Short-form video”" in response.content.decode()
    assert Skill.objects.filter(name__iexact="short-form video").count() == 1


@pytest.mark.django_db
def test_a_missing_name_and_category_are_reported_and_nothing_saved(client, cast):
    client.force_login(cast.ada)
    before = Skill.objects.count()
    response = client.post(CREATE, _form(name="", category=""))
    assert response.status_code == 200 and response.context["form"].errors.keys() == {
        "name",
        "category",
    }
    assert Skill.objects.count() == before


@pytest.mark.django_db
def test_a_forged_post_without_a_csrf_token_is_refused(csrf_client, cast):
    csrf_client.force_login(cast.ada)
    assert csrf_client.post(CREATE, _form()).status_code == 403
    assert not Skill.objects.filter(name="Podcasting").exists()


# --- edit --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_administrator_edits_and_deactivates_a_skill(client, cast):
    skill = SkillFactory(name="Podcasting", category="social_media")
    client.force_login(cast.ada)
    page = client.get(_edit_url(skill)).content.decode()
    assert 'value="Podcasting"' in page
    response = client.post(_edit_url(skill), _form(name="Podcasts", is_active=""))
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.name == "Podcasts" and not skill.is_active
    event = AuditEvent.objects.get(action="skill.update")
    assert event.before is not None and event.after is not None
    assert event.before["name"] == "Podcasting" and event.after["is_active"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno"])
def test_others_get_403_on_the_edit_page(client, cast, who):
    skill = SkillFactory(name="Podcasting")
    client.force_login(getattr(cast, who))
    assert client.get(_edit_url(skill)).status_code == 403
    assert client.post(_edit_url(skill), _form(name="Hacked")).status_code == 403
    assert Skill.objects.get(pk=skill.pk).name == "Podcasting"


@pytest.mark.django_db
def test_an_unknown_skill_is_404(client, cast):
    client.force_login(cast.ada)
    assert client.get(reverse("skills:edit", kwargs={"uuid": uuid.uuid4()})).status_code == 404


@pytest.mark.django_db
def test_renaming_onto_another_skill_shows_a_form_error(client, cast):
    skill = SkillFactory(name="Podcasting", category="social_media")
    client.force_login(cast.ada)
    response = client.post(_edit_url(skill), _form(name="data literacy"))
    assert response.status_code == 200
    assert "There is already a skill called “Data literacy”" in response.content.decode()
    assert Skill.objects.get(pk=skill.pk).name == "Podcasting"


@pytest.mark.django_db
def test_edit_forged_without_csrf_is_refused(csrf_client, cast):
    skill = SkillFactory(name="Podcasting", category="social_media")
    csrf_client.force_login(cast.ada)
    assert csrf_client.post(_edit_url(skill), _form(name="Forged")).status_code == 403
    assert Skill.objects.get(pk=skill.pk).name == "Podcasting"
