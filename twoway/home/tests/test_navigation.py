import pytest
from django.urls import reverse


def _nav(client, user) -> list[str]:
    client.force_login(user)
    return [item["label"] for item in client.get(reverse("home")).context["nav_items"]]


@pytest.mark.django_db
def test_navigation_follows_the_role(client, cast):
    assert _nav(client, cast.juno) == [
        "My profile",
        "My programs",
        "My pairs",
        "Events",
        "Who can teach me",
        "Blind spots",
        "Catalogue",
        "You said, we did",
    ]
    assert "People" in _nav(client, cast.priya) and "Import" not in _nav(client, cast.priya)
    assert "Skills map" in _nav(client, cast.sol) and "People" not in _nav(client, cast.sol)
    assert "Programs" in _nav(client, cast.priya) and "Programs" in _nav(client, cast.sol)
    assert "Programs" not in _nav(client, cast.juno)
    admin = _nav(client, cast.ada)
    assert {"People", "Programs", "Skills map", "Catalogue", "Import", "Audit log"} <= set(admin)
    assert _nav(client, cast.otto) == [
        "Who can teach me",
        "Catalogue",
        "You said, we did",
    ]


@pytest.mark.django_db
def test_my_pairs_is_highlighted_on_the_pair_pages(client, published, cast):
    client.force_login(cast.juno)
    pair = published.program.pairs.get(mentor=published.juno)
    for url in (reverse("pairs:mine"), reverse("home:pair", args=[pair.uuid])):
        items = client.get(url).context["nav_items"]
        assert [i["label"] for i in items if i["current"]] == ["My pairs"], url
    assert "My pairs" not in _nav(client, cast.otto)  # no person record
