"""/me, the skills catalogue and upcoming events through the API."""

from __future__ import annotations

from twoway.api.tests.helpers import api_get, token_for
from twoway.events.tests.helpers import new_event
from twoway.skills.models import Skill
from twoway.testing.factories import SkillFactory


def test_me(cast, client):
    body = api_get(client, "/api/v1/me", token_for(cast.priya)).json()
    assert body["email"] == "priya@example.org"
    assert "program_manager" in body["roles"] and "participant" in body["roles"]
    assert body["person"]["name"] == "Priya Raman"
    otto = api_get(client, "/api/v1/me", token_for(cast.otto)).json()
    assert otto["person"] is None and otto["roles"] == []


def test_skills_catalogue_hides_retired_skills_but_from_administrators(cast, client):
    SkillFactory(name="Video editing", synonyms="Premiere")
    SkillFactory(name="Fax machines", is_active=False)
    names = [
        s["name"]
        for s in api_get(client, "/api/v1/skills?limit=200", token_for(cast.juno)).json()["items"]
    ]
    assert "Video editing" in names and "Fax machines" not in names
    admin = api_get(client, "/api/v1/skills?limit=200", token_for(cast.ada)).json()["items"]
    assert "Fax machines" in [s["name"] for s in admin]
    found = api_get(client, "/api/v1/skills?q=premiere", token_for(cast.juno)).json()["items"]
    assert [s["name"] for s in found] == ["Video editing"]
    assert found[0]["synonyms"] == ["Premiere"]


def test_skills_page_through_the_whole_catalogue(cast, client):
    for n in range(5):
        SkillFactory(name=f"skill {n:02}")
    secret = token_for(cast.juno)
    seen, url = [], "/api/v1/skills?limit=9"
    while url:
        body = api_get(client, url, secret).json()
        seen += [s["name"] for s in body["items"]]
        url = body["next"]
    assert sorted(seen, key=str.lower) == seen
    assert len(seen) == Skill.objects.filter(is_active=True).count()


def test_events_are_the_callers_upcoming_ones(pilot, cast, client):
    everyone = new_event(cast.priya, title="Summer social", days=5)
    pilot_only = new_event(cast.priya, title="Pilot lunch", days=3, programs=[pilot.program])
    juno = [
        e["title"] for e in api_get(client, "/api/v1/events", token_for(cast.juno)).json()["items"]
    ]
    assert juno == [pilot_only.title, everyone.title]
    otto = api_get(client, "/api/v1/events", token_for(cast.otto)).json()["items"]
    assert otto == []
    ada = api_get(client, "/api/v1/events", token_for(cast.sol)).json()["items"]
    assert [e["title"] for e in ada] == [everyone.title]
