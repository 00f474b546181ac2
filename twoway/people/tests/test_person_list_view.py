import datetime as dt

import pytest
from django.urls import reverse

from twoway.testing.factories import OrgUnitFactory, PersonFactory
from twoway.testing.queries import queries_for

URL = reverse("people:list")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "ada"])
def test_program_managers_and_administrators_browse_people(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Juno Park" in page and "Sterling Hayes" in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "sterling", "sol", "otto"])
def test_participants_sponsors_and_outsiders_may_not_browse(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
def test_department_filter_includes_sub_units(client, cast):
    client.force_login(cast.priya)
    marketing = cast.juno.person.department.parent
    page = client.get(URL, {"department": str(marketing.uuid)}).content.decode()
    assert "Juno Park" in page and "Sterling Hayes" not in page


@pytest.mark.django_db
def test_level_range_and_search_filter(client, cast):
    client.force_login(cast.priya)
    page = client.get(URL, {"level_min": 8}).content.decode()
    assert "Sterling Hayes" in page and "Juno Park" not in page
    page = client.get(URL, {"q": "finance dir"}).content.decode()
    assert "Sterling Hayes" in page and "Juno Park" not in page


@pytest.mark.django_db
def test_an_impossible_level_range_is_explained(client, cast):
    client.force_login(cast.priya)
    page = client.get(URL, {"level_min": 8, "level_max": 2}).content.decode()
    assert "must not be above" in page


@pytest.mark.django_db
def test_leavers_are_hidden_unless_asked_for(client, cast):
    PersonFactory(name="Lola Left", leave_date=dt.date(2025, 1, 31))
    client.force_login(cast.priya)
    assert "Lola Left" not in client.get(URL).content.decode()
    assert "Lola Left" in client.get(URL, {"leavers": "on"}).content.decode()


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_many_people(client, cast):
    unit = OrgUnitFactory(name="Sales", path="Sales")
    boss = PersonFactory(department=unit)
    PersonFactory.create_batch(2, department=unit, manager=boss)
    client.force_login(cast.priya)
    few = queries_for(client, URL)  # the cast's five, the boss and two people
    PersonFactory.create_batch(10, department=unit, manager=boss)
    assert queries_for(client, URL) == few
    assert len(client.get(URL).context["page_obj"].object_list) == 18


@pytest.fixture
def quillons(client, cast, settings):
    """Five people a search for "quillon" finds, two to a page, Priya reading."""
    settings.PAGE_SIZE = 2
    for n in range(5):
        PersonFactory(name=f"Quillon Tester {n}")
    client.force_login(cast.priya)


@pytest.mark.django_db
def test_a_search_matching_many_lists_the_first_ones_and_asks_for_more_words(
    client, quillons, monkeypatch
):
    monkeypatch.setattr("twoway.people.views.SEARCH_COUNT_AT_MOST", 3)

    first = client.get(URL, {"q": "quillon"}).content.decode()
    assert "Page 1 of 2 · the first 3 of more: add to your search to narrow it" in first
    assert "Quillon Tester 0" in first and "Quillon Tester 1" in first
    last = client.get(URL, {"q": "quillon", "page": 2}).content.decode()
    assert "Quillon Tester 2" in last and "Quillon Tester 3" not in last

    # A narrower search is counted exactly, and finds the others.
    narrow = client.get(URL, {"q": "quillon tester 4"}).content.decode()
    assert "Quillon Tester 4" in narrow and "of more" not in narrow


@pytest.mark.django_db
def test_a_search_under_the_limit_says_how_many(client, quillons):
    page = client.get(URL, {"q": "quillon"}).content.decode()
    assert "Page 1 of 3 · 5 in all" in page
