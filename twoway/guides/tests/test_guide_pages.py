"""The guides: an index and a page of advice each, readable by everyone signed in."""

import pytest
from django.urls import reverse

from twoway.guides.views import GUIDES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["ada", "priya", "sol", "sterling", "juno", "otto"])
def test_every_guide_renders_for_every_role(client, cast, who):
    client.force_login(getattr(cast, who))
    index = client.get(reverse("guides:index")).content.decode()
    for guide in GUIDES:
        url = reverse("guides:page", kwargs={"slug": guide.slug})
        assert url in index
        response = client.get(url)
        assert response.status_code == 200, guide.slug
        page = response.content.decode()
        assert f"<h1>{guide.title}</h1>" in page
        assert page.count("<h2") >= 4, guide.slug  # a page of advice, under headings


def test_an_unknown_guide_is_404(client, cast):
    client.force_login(cast.juno)
    assert client.get(reverse("guides:page", kwargs={"slug": "nope"})).status_code == 404


def test_guides_need_a_sign_in(client):
    assert client.get(reverse("guides:index")).status_code == 302


def test_the_navigation_offers_the_guides(client, cast):
    client.force_login(cast.otto)
    assert f'href="{reverse("guides:index")}"' in client.get(reverse("home")).content.decode()
