import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from twoway.skills.models import Skill
from twoway.testing.factories import PersonFactory, PersonSkillFactory, SkillFactory
from twoway.testing.queries import queries_for

URL = reverse("skills:map")


def _entries(skill, *, offers=(), wants=0, **person_fields):
    for level in offers:
        PersonSkillFactory(skill=skill, level=level, person=PersonFactory(**person_fields))
    for _ in range(wants):
        PersonSkillFactory(skill=skill, direction="learn", level=1, person=PersonFactory())


def _row(response, name):
    return next(r for r in response.context["rows"] if r["name"] == name)


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "sterling", "otto"])
def test_participants_and_people_without_a_role_get_403(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "ada"])
def test_managers_sponsors_and_administrators_see_the_map(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == 200 and "Supply and demand" in response.content.decode()


@pytest.mark.django_db
def test_counts_gap_and_average_cover_current_people_only(client, cast):
    video = Skill.objects.get(name="Short-form video")
    _entries(video, offers=(3, 4, 5), wants=5)
    _entries(video, offers=(1,), leave_date=dt.date(2020, 1, 31))
    client.force_login(cast.priya)
    row = _row(client.get(URL), "Short-form video")
    assert (row["offered"], row["wanted"], row["gap"]) == (3, 5, 2)
    assert row["avg_level"] == pytest.approx(4.0)


@pytest.mark.django_db
def test_by_default_the_largest_unmet_demand_comes_first(client, cast):
    video, ai = Skill.objects.get(name="Short-form video"), Skill.objects.get(name="Data literacy")
    _entries(video, offers=(4,), wants=3)
    _entries(ai, offers=(), wants=4)
    client.force_login(cast.priya)
    response = client.get(URL)
    assert [r["name"] for r in response.context["rows"][:2]] == [
        "Data literacy",
        "Short-form video",
    ]
    assert response.context["sort"] == "-gap"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "first"),
    [("offered", 0), ("-offered", 5), ("-wanted", 2), ("-avg_level", 5), ("gap", -5)],
)
def test_every_column_sorts(client, cast, sort, first):
    video = Skill.objects.get(name="Short-form video")
    _entries(video, offers=(5, 5, 5, 5, 5), wants=0)
    _entries(Skill.objects.get(name="Data literacy"), offers=(), wants=2)
    client.force_login(cast.priya)
    key = sort.lstrip("-")
    assert client.get(URL, {"sort": sort}).context["rows"][0][key] == first


@pytest.mark.django_db
def test_sorting_by_name_and_an_unknown_sort_falls_back(client, cast):
    client.force_login(cast.priya)
    rows = client.get(URL, {"sort": "-name"}).context["rows"]
    assert rows[0]["name"] > rows[-1]["name"]
    assert client.get(URL, {"sort": "password"}).context["sort"] == "-gap"


@pytest.mark.django_db
def test_sort_headers_link_and_say_which_way(client, cast):
    client.force_login(cast.priya)
    html = client.get(URL, {"sort": "offered"}).content.decode()
    assert 'aria-sort="ascending"' in html and 'href="?sort=-offered"' in html


@pytest.mark.django_db
def test_category_filter_and_inactive_skills_left_out(client, cast):
    SkillFactory(name="Fax machines", category="digital_tools", is_active=False)
    client.force_login(cast.priya)
    rows = client.get(URL, {"category": "digital_tools"}).context["rows"]
    assert {r["category"] for r in rows} == {"digital_tools"}
    assert "Fax machines" not in [r["name"] for r in rows]


@pytest.mark.django_db
def test_bars_are_svg_with_widths_and_no_inline_styles(client, cast):
    video = Skill.objects.get(name="Short-form video")
    _entries(video, offers=(4, 4), wants=4)
    client.force_login(cast.priya)
    response = client.get(URL)
    html = response.content.decode()
    assert (
        _row(response, "Short-form video")["offered_pct"],
        _row(response, "Short-form video")["wanted_pct"],
    ) == (50, 100)
    assert '<rect class="bar-offer" x="0" y="1" height="6" width="50"/>' in html
    assert 'style="' not in html


@pytest.mark.django_db
def test_the_csv_has_the_same_rows_in_the_same_order(client, cast):
    video = Skill.objects.get(name="Short-form video")
    _entries(video, offers=(3, 4), wants=5)
    client.force_login(cast.sol)
    page_rows = client.get(URL, {"category": "social_media"}).context["rows"]
    response = client.get(URL, {"category": "social_media", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][:3] == ["Skill", "Category", "Key skill"]
    assert [line[0] for line in table[1:]] == [r["name"] for r in page_rows]
    assert ["Short-form video", "Social media for business", "yes", "2", "5", "3", "3.5"] in table


@pytest.mark.django_db
def test_the_csv_defuses_spreadsheet_formulas(client, cast):
    SkillFactory(name="=HYPERLINK(1)", category="technology")
    client.force_login(cast.priya)
    content = client.get(URL, {"format": "csv"}).content.decode()
    assert "'=HYPERLINK(1)" in content


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_skills_or_people(client, cast):
    client.force_login(cast.priya)
    for i in range(2):
        _entries(SkillFactory(name=f"Extra {i}"), offers=(3, 5), wants=2)
    few = queries_for(client, URL)
    for i in range(2, 12):
        _entries(SkillFactory(name=f"Extra {i}"), offers=(3, 5), wants=2)
    assert queries_for(client, URL) == few
    rows = client.get(URL).context["rows"]
    assert len(rows) == Skill.objects.filter(is_active=True).count()
