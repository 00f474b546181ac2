import datetime as dt

import pytest
from django.urls import reverse

from twoway.skills.models import Skill
from twoway.testing.factories import OrgUnitFactory, PersonFactory, PersonSkillFactory, SkillFactory
from twoway.testing.queries import queries_for

URL = reverse("skills:directory")


@pytest.fixture
def video(db) -> Skill:
    return Skill.objects.get(name="Short-form video")


def _offer(skill, level=4, **person_fields):
    return PersonSkillFactory(skill=skill, level=level, person=PersonFactory(**person_fields))


def _names(response) -> list[str]:
    return [row.person.name for row in response.context["page_obj"]]


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL, {"skill": "TikTok"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "sterling", "sol", "otto"])
def test_everyone_signed_in_may_search(client, cast, video, who):
    _offer(video, name="Ben Carter")
    client.force_login(getattr(cast, who))
    response = client.get(URL, {"skill": "TikTok"})
    assert response.status_code == 200 and _names(response) == ["Ben Carter"]


@pytest.mark.django_db
def test_a_synonym_finds_the_skill_and_providers_show_level_note_and_mailto(client, cast, video):
    PersonSkillFactory(
        skill=video,
        level=4,
        note="Editing on a phone",
        person=PersonFactory(name="Ben Carter", job_title="Content Producer", email="ben@x.org"),
    )
    client.force_login(cast.sterling)
    response = client.get(URL, {"skill": "tiktok"})
    html = response.content.decode()
    assert response.context["search"].skill == video
    assert "Ben Carter" in html and "Content Producer" in html and "Editing on a phone" in html
    assert "●●●●○" in html and '4<span class="visually-hidden"> of 5</span>' in html
    assert (
        'href="mailto:ben@x.org?subject=Could%20you%20teach%20me%20Short-form%20video%3F"' in html
    )
    assert 'style="' not in html


@pytest.mark.django_db
def test_strongest_first_then_by_name(client, cast, video):
    _offer(video, level=3, name="Cara")
    _offer(video, level=5, name="Zed")
    _offer(video, level=5, name="Abe")
    client.force_login(cast.juno)
    assert _names(client.get(URL, {"skill": "Short-form video"})) == ["Abe", "Zed", "Cara"]


@pytest.mark.django_db
def test_the_searcher_leavers_and_wanters_are_left_out(client, cast, video):
    PersonSkillFactory(skill=video, person=cast.juno.person, level=5)
    _offer(video, name="Gone", leave_date=dt.date(2020, 5, 1))
    _offer(video, name="Leaving later", leave_date=dt.date(2999, 5, 1))
    PersonSkillFactory(skill=video, direction="learn", level=1, person=PersonFactory(name="Wants"))
    client.force_login(cast.juno)
    assert _names(client.get(URL, {"skill": "TikTok"})) == ["Leaving later"]


@pytest.mark.django_db
def test_an_inactive_skill_is_not_found(client, cast):
    skill = SkillFactory(name="Fax machines", is_active=False)
    _offer(skill, name="Old hand")
    client.force_login(cast.juno)
    response = client.get(URL, {"skill": "Fax machines"})
    assert response.context["search"].skill is None
    assert "Old hand" not in response.content.decode()


@pytest.mark.django_db
def test_a_department_includes_its_sub_units_but_not_look_alikes(client, cast, video):
    marketing = OrgUnitFactory(name="Marketing", path="Marketing")
    digital = OrgUnitFactory(name="Digital", parent=marketing, path="Marketing/Digital")
    look_alike = OrgUnitFactory(name="Marketing Ops", path="Marketing Ops")
    _offer(video, name="In Marketing", department=marketing)
    _offer(video, name="In Digital", department=digital)
    _offer(video, name="In Marketing Ops", department=look_alike)
    client.force_login(cast.sterling)
    response = client.get(URL, {"skill": "TikTok", "department": str(marketing.uuid)})
    assert sorted(_names(response)) == ["In Digital", "In Marketing"]


@pytest.mark.django_db
def test_job_level_range_and_minimum_skill_level(client, cast, video):
    PersonSkillFactory(skill=video, level=5, person=PersonFactory(name="Junior", level=2))
    PersonSkillFactory(skill=video, level=3, person=PersonFactory(name="Middle", level=4))
    PersonSkillFactory(skill=video, level=5, person=PersonFactory(name="Senior", level=8))
    client.force_login(cast.sterling)
    assert _names(client.get(URL, {"skill": "TikTok", "level_min": 2, "level_max": 4})) == [
        "Junior",
        "Middle",
    ]
    assert _names(client.get(URL, {"skill": "TikTok", "skill_level_min": 4})) == [
        "Junior",
        "Senior",
    ]


@pytest.mark.django_db
def test_an_upside_down_level_range_is_explained(client, cast, video):
    client.force_login(cast.sterling)
    response = client.get(URL, {"skill": "TikTok", "level_min": 8, "level_max": 2})
    assert "must not be above" in response.content.decode()
    assert "page_obj" not in response.context


@pytest.mark.django_db
def test_results_are_paginated(client, cast, video, settings):
    settings.PAGE_SIZE = 2
    for name in ["A", "B", "C", "D", "E"]:
        _offer(video, name=name)
    client.force_login(cast.juno)
    page_2 = client.get(URL, {"skill": "TikTok", "page": 2})
    assert _names(page_2) == ["C", "D"]
    assert page_2.context["page_obj"].paginator.num_pages == 3
    assert "skill=TikTok&amp;page=3" in page_2.content.decode()


@pytest.mark.django_db
def test_a_partial_term_matching_several_skills_offers_a_choice(client, cast):
    client.force_login(cast.juno)
    response = client.get(URL, {"skill": "video"})
    choices = [s.name for s in response.context["search"].choices]
    assert "Short-form video" in choices and "Video meetings that work" in choices
    assert "Several skills match “video”" in response.content.decode()


@pytest.mark.django_db
def test_a_partial_term_matching_one_skill_searches_it(client, cast, video):
    client.force_login(cast.juno)
    assert client.get(URL, {"skill": "instagram re"}).context["search"].skill == video


@pytest.mark.django_db
def test_an_unknown_term_suggests_close_names(client, cast):
    client.force_login(cast.juno)
    response = client.get(URL, {"skill": "tiktk"})
    assert response.context["search"].suggestions == ["Short-form video"]
    assert "Did you mean" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_search_shows_the_most_offered_skills(client, cast, video):
    _offer(video)
    client.force_login(cast.juno)
    response = client.get(URL)
    assert response.context["popular"] == [{"name": "Short-form video", "offered": 1}]


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_number_of_results(client, cast, video, settings):
    settings.PAGE_SIZE = 50
    marketing = OrgUnitFactory(name="Marketing", path="Marketing")

    def offer_in_teams(teams: range) -> None:
        for i in teams:
            unit = OrgUnitFactory(name=f"Team {i}", parent=marketing, path=f"Marketing/Team {i}")
            _offer(video, department=unit)

    offer_in_teams(range(2))
    client.force_login(cast.juno)
    params = {"skill": "TikTok"}
    few = queries_for(client, URL, params)
    offer_in_teams(range(2, 12))
    assert queries_for(client, URL, params) == few
    assert len(client.get(URL, params).context["page_obj"]) == 12
