"""The directory's count of providers comes from the remembered skill counts when no
filter narrows it, and always equals what the list holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twoway.skills.models import Skill
from twoway.skills.selectors import provider_count_unfiltered, provider_list
from twoway.testing.factories import PersonFactory, PersonSkillFactory

URL = reverse("skills:directory")


@pytest.fixture
def video(db) -> Skill:
    return Skill.objects.get(name="Short-form video")


@pytest.fixture
def offers(video) -> None:
    for name, level in (("Ben Carter", 3), ("Cleo Diaz", 4), ("Dev Patel", 5)):
        PersonSkillFactory(skill=video, level=level, person=PersonFactory(name=name))
    gone = PersonFactory(name="Eli Gone", leave_date=dt.date.today() - dt.timedelta(days=3))
    PersonSkillFactory(skill=video, level=5, person=gone)


@pytest.mark.parametrize("who", ["juno", "sterling", "otto"])
def test_the_count_is_what_the_list_holds(cast, video, offers, who):
    # Otto has no record; whoever searches is left out of their own search.
    user = getattr(cast, who)
    PersonSkillFactory(skill=video, level=2, person=cast.juno.person)
    assert provider_count_unfiltered(user=user, skill=video) == (
        provider_list(user=user, skill=video).count()
    )


def test_an_inactive_skill_has_no_providers(cast, video, offers):
    video.is_active = False
    video.save()
    assert provider_count_unfiltered(user=cast.sterling, skill=video) == 0


def test_the_page_does_not_count_the_offers_without_a_filter(client, cast, video, offers):
    client.force_login(cast.sterling)
    client.get(URL, {"skill": "TikTok"})  # the skill counts are remembered
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"skill": "TikTok"})
    assert response.context["page_obj"].paginator.count == 3
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "personskill" in q["sql"]]
    assert counts == []


def test_a_filter_counts_the_offers(client, cast, video, offers):
    client.force_login(cast.sterling)
    response = client.get(URL, {"skill": "TikTok", "skill_level_min": 4})
    assert response.context["page_obj"].paginator.count == 2  # Cleo and Dev


def test_a_count_behind_the_list_hides_nobody(client, cast, video, offers, settings):
    settings.PAGE_SIZE = 2
    client.force_login(cast.sterling)
    client.get(URL, {"skill": "TikTok"})  # three remembered
    # Added without a service saying so: the remembered count is behind by one.
    PersonSkillFactory(skill=video, level=1, person=PersonFactory(name="Fay Last"))
    last = client.get(URL, {"skill": "TikTok", "page": 2})
    assert [row.person.name for row in last.context["page_obj"]] == ["Ben Carter", "Fay Last"]
