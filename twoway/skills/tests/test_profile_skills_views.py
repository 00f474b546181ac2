import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from twoway.skills.models import PersonSkill, Skill
from twoway.testing.factories import PersonSkillFactory, SkillFactory

ME = reverse("home:me")
ADD = reverse("skills:add")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _update_url(entry) -> str:
    return reverse("skills:update", kwargs={"direction": entry.direction, "uuid": entry.skill.uuid})


def _remove_url(entry) -> str:
    return reverse("skills:remove", kwargs={"direction": entry.direction, "uuid": entry.skill.uuid})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the profile sections ----------------------------------------------------


@pytest.mark.django_db
def test_my_profile_has_both_sections_with_anchors_type_ahead_and_forms(client, cast):
    PersonSkillFactory(person=cast.juno.person, skill=Skill.objects.get(name="Short-form video"))
    client.force_login(cast.juno)
    page = client.get(ME).content.decode()
    assert 'id="offer"' in page and 'id="learn"' in page
    assert "Short-form video" in page and '4<span class="visually-hidden"> of 5</span>' in page
    assert f'hx-get="{reverse("skills:suggest")}"' in page
    assert 'hx-trigger="input changed delay:200ms"' in page and 'list="offer-skill-options"' in page
    assert page.count(f'action="{ADD}"') == 2 and "3 · comfortable" in page
    assert 'style="' not in page and "<script>" not in page


@pytest.mark.django_db
def test_someone_elses_profile_lists_their_skills_without_any_form(client, cast):
    PersonSkillFactory(person=cast.juno.person, skill=Skill.objects.get(name="Short-form video"))
    client.force_login(cast.priya)
    page = client.get(reverse("home:person", kwargs={"uuid": cast.juno.person.uuid}))
    html = page.content.decode()
    assert "Short-form video" in html and 'id="offer"' in html and "Can teach" in html
    assert ADD not in html and "/remove/" not in html


# --- add ---------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, cast):
    response = client.post(ADD, {"direction": "offer", "skill": "TikTok", "level": 3})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_a_login_without_a_person_gets_403_and_a_person_may_add(client, cast):
    client.force_login(cast.otto)
    assert (
        client.post(ADD, {"direction": "offer", "skill": "TikTok", "level": 3}).status_code == 403
    )
    client.force_login(cast.juno)
    assert (
        client.post(ADD, {"direction": "offer", "skill": "TikTok", "level": 3}).status_code == 302
    )
    assert PersonSkill.objects.get().person == cast.juno.person


@pytest.mark.django_db
def test_without_javascript_adding_redirects_back_to_the_section_with_a_message(client, cast):
    client.force_login(cast.juno)
    response = client.post(
        ADD, {"direction": "learn", "skill": "tiktok", "level": "1", "note": "From scratch"}
    )
    assert response.status_code == 302 and response.url == ME + "#learn"
    assert _messages(response) == ["Added “Short-form video”."]
    entry = PersonSkill.objects.get()
    assert (entry.direction, entry.level, entry.note) == ("learn", 1, "From scratch")


@pytest.mark.django_db
def test_with_htmx_the_section_comes_back_in_place_with_a_status(client, cast):
    client.force_login(cast.juno)
    response = client.post(ADD, {"direction": "offer", "skill": "TikTok", "level": "4"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<section")
    assert 'id="offer"' in html and "<html" not in html
    assert "Added “Short-form video”." in html and 'hx-swap="outerHTML"' in html
    assert _messages(response) == []


@pytest.mark.django_db
def test_an_unknown_skill_keeps_what_was_typed_and_offers_suggestions(client, cast):
    client.force_login(cast.juno)
    response = client.post(ADD, {"direction": "offer", "skill": "tiktk", "level": "2"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'value="tiktk"' in html
    assert "Did you mean “Short-form video”?" in html and 'aria-invalid="true"' in html
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_an_unknown_skill_without_javascript_is_a_message_and_nothing_is_saved(client, cast):
    client.force_login(cast.juno)
    response = client.post(ADD, {"direction": "offer", "skill": "tiktk", "level": "2"})
    assert response.url == ME + "#offer"
    assert "Nothing was saved." in _messages(response)[0]
    assert "Did you mean “Short-form video”" in _messages(response)[0]
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"direction": "offer", "skill": "TikTok", "level": "7"},
        {"direction": "offer", "skill": "TikTok"},
        {"direction": "offer", "skill": "TikTok", "level": "3", "note": "x" * 281},
        {"direction": "nowhere", "skill": "TikTok", "level": "3"},
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, cast, data):
    client.force_login(cast.juno)
    response = client.post(ADD, data)
    assert response.status_code == 302 and "Nothing was saved." in _messages(response)[0]
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_adding_a_duplicate_updates_it(client, cast):
    client.force_login(cast.juno)
    client.post(ADD, {"direction": "offer", "skill": "TikTok", "level": "2"})
    response = client.post(ADD, {"direction": "offer", "skill": "Short-form video", "level": "5"})
    assert _messages(response)[-1] == "Updated “Short-form video”."
    assert PersonSkill.objects.get().level == 5


@pytest.mark.django_db
def test_a_forged_add_without_a_csrf_token_is_refused(csrf_client, cast):
    csrf_client.force_login(cast.juno)
    response = csrf_client.post(ADD, {"direction": "offer", "skill": "TikTok", "level": 3})
    assert response.status_code == 403
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_get_is_not_allowed(client, cast):
    client.force_login(cast.juno)
    assert client.get(ADD).status_code == 405


@pytest.mark.django_db
def test_next_sends_the_person_back_to_one_of_our_pages_only(client, cast):
    client.force_login(cast.juno)
    data = {"direction": "learn", "skill": "TikTok", "level": "1"}
    results = reverse("skills:assessment_results")
    assert client.post(ADD, data | {"next": results}).url == results
    assert client.post(ADD, data | {"next": "https://evil.example/"}).url == ME + "#learn"
    assert client.post(ADD, data | {"next": "//evil.example/"}).url == ME + "#learn"


@pytest.mark.django_db
def test_the_blind_spot_button_gets_an_on_your_list_badge_back(client, cast):
    client.force_login(cast.juno)
    data = {"direction": "learn", "skill": "Data literacy", "level": "2", "partial": "badge"}
    html = client.post(ADD, data, **HTMX).content.decode()
    assert "On your list ✓" in html and "<section" not in html
    assert PersonSkill.objects.get().skill.name == "Data literacy"


# --- update ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_changes_the_level_and_note_with_htmx(client, cast):
    entry = PersonSkillFactory(person=cast.juno.person, level=2)
    client.force_login(cast.juno)
    response = client.post(_update_url(entry), {"level": "5", "note": "Now I teach it"}, **HTMX)
    assert "Saved “" in response.content.decode()
    entry.refresh_from_db()
    assert entry.level == 5 and entry.note == "Now I teach it"


@pytest.mark.django_db
def test_a_bad_level_on_update_is_explained_and_nothing_changes(client, cast):
    entry = PersonSkillFactory(person=cast.juno.person, level=2)
    client.force_login(cast.juno)
    html = client.post(_update_url(entry), {"level": "0"}, **HTMX).content.decode()
    assert "Nothing was saved." in html
    entry.refresh_from_db()
    assert entry.level == 2


@pytest.mark.django_db
def test_someone_elses_entry_does_not_exist_for_me(client, cast):
    theirs = PersonSkillFactory(person=cast.sterling.person, level=2)
    client.force_login(cast.juno)
    assert client.post(_update_url(theirs), {"level": "5"}).status_code == 404
    assert client.post(_remove_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.level == 2
    client.force_login(cast.sterling)
    assert client.post(_update_url(theirs), {"level": "5"}).status_code == 302


@pytest.mark.django_db
def test_an_unknown_skill_or_direction_is_404(client, cast):
    entry = PersonSkillFactory(person=cast.juno.person)
    client.force_login(cast.juno)
    unknown = reverse("skills:update", kwargs={"direction": "offer", "uuid": uuid.uuid4()})
    wrong_way = reverse("skills:update", kwargs={"direction": "learn", "uuid": entry.skill.uuid})
    assert client.post(unknown, {"level": "3"}).status_code == 404
    assert client.post(wrong_way, {"level": "3"}).status_code == 404


@pytest.mark.django_db
def test_update_anonymous_and_forged_are_refused(client, csrf_client, cast):
    entry = PersonSkillFactory(person=cast.juno.person, level=2)
    assert client.post(_update_url(entry), {"level": "5"}).status_code == 302
    csrf_client.force_login(cast.juno)
    assert csrf_client.post(_update_url(entry), {"level": "5"}).status_code == 403
    entry.refresh_from_db()
    assert entry.level == 2


# --- remove ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_removes_an_entry_without_javascript(client, cast):
    entry = PersonSkillFactory(person=cast.juno.person, direction="learn", level=1)
    client.force_login(cast.juno)
    response = client.post(_remove_url(entry))
    assert response.url == ME + "#learn" and not PersonSkill.objects.exists()
    assert _messages(response)[0].startswith("Removed “")


@pytest.mark.django_db
def test_removing_with_htmx_returns_the_emptied_section(client, cast):
    entry = PersonSkillFactory(person=cast.juno.person)
    client.force_login(cast.juno)
    html = client.post(_remove_url(entry), **HTMX).content.decode()
    assert "Nothing here yet" in html and not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_remove_anonymous_without_person_and_forged_are_refused(client, csrf_client, cast):
    entry = PersonSkillFactory(person=cast.juno.person)
    assert client.post(_remove_url(entry)).status_code == 302
    client.force_login(cast.otto)
    assert client.post(_remove_url(entry)).status_code == 403
    csrf_client.force_login(cast.juno)
    assert csrf_client.post(_remove_url(entry)).status_code == 403
    assert PersonSkill.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_an_entry_on_a_retired_skill_is_still_listed_and_removable(client, cast):
    skill = SkillFactory(name="Fax machines", is_active=False)
    entry = PersonSkillFactory(person=cast.juno.person, skill=skill)
    client.force_login(cast.juno)
    assert "no longer in the catalogue" in client.get(ME).content.decode()
    client.post(_remove_url(entry))
    assert not PersonSkill.objects.exists()
