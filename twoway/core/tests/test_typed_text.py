"""What people type is stored plain: LF line breaks, no direction overrides."""

import pytest
from django.urls import reverse

from twoway.core.typed_text import typed_text_clean
from twoway.skills.models import Skill

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def test_direction_controls_go_and_direction_marks_and_scripts_stay():
    assert typed_text_clean(f"Juno {RLO}kraP{PDF} Park") == "Juno kraP Park"
    assert typed_text_clean(f"{LRI}abc{PDI}") == "abc"
    # Right-to-left words need no controls; the marks U+200E/U+200F reorder nothing else.
    assert typed_text_clean("ليلى حداد\u200f") == "ليلى حداد\u200f"
    assert typed_text_clean("a\r\nb\rc") == "a\nb\nc"


@pytest.mark.django_db
def test_a_skill_named_with_an_override_is_saved_without_it(client, cast):
    client.force_login(cast.ada)
    response = client.post(
        reverse("skills:create"),
        {"name": f"Podcasting {RLO}for leaders", "category": "social_media", "is_active": "on"},
    )
    assert response.status_code == 302
    skill = Skill.objects.get(name__startswith="Podcasting")
    assert skill.name == "Podcasting for leaders"


@pytest.mark.django_db
def test_a_page_showing_a_cleaned_name_has_no_override_left_to_leak(client, cast):
    client.force_login(cast.ada)
    client.post(
        reverse("skills:create"),
        {"name": f"Evil{RLO} name", "category": "social_media", "is_active": "on"},
    )
    page = client.get(reverse("skills:catalogue")).content.decode()
    assert "Evil name" in page and RLO not in page


def test_a_nul_character_is_never_text():
    assert typed_text_clean("AI\x00 tools") == "AI tools"


@pytest.mark.django_db
def test_a_search_with_a_nul_character_finds_as_without_it(client, cast, starter_catalogue):
    # PostgreSQL refuses NUL in a text parameter: left in, the search was a server error.
    client.force_login(cast.juno)
    for url in (reverse("skills:catalogue"),):
        page = client.get(url, {"q": "Pub\x00lic"})
        assert page.status_code == 200, url
        assert 'value="Public"' in page.content.decode(), url
    with_nul = client.get("/api/v1/skills", {"q": "Pub\x00lic"})
    assert with_nul.status_code == 200
    assert with_nul.json() == client.get("/api/v1/skills", {"q": "Public"}).json()
