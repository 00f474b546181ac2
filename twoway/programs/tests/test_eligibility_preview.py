import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from twoway.people.models import OrgUnit, SelfDescription
from twoway.programs import eligibility
from twoway.programs.eligibility import Criteria, eligibility_preview
from twoway.testing.factories import PersonFactory, ProgramFactory
from twoway.testing.queries import queries_in

TODAY = dt.date(2026, 11, 24)


@pytest.mark.django_db
def test_each_clause_shows_its_running_total_and_what_it_admits_on_its_own(cast):
    finance = OrgUnit.objects.get(path="Finance")
    preview = eligibility_preview(
        Criteria(min_level=5, max_level=10, min_tenure_months=12, departments_excluded=(finance,)),
        today=TODAY,
    )
    assert preview.everyone == 5
    rows = [(s.label, s.alone, s.running) for s in preview.steps]
    assert rows == [
        ("Level 5–10", 4, 4),
        ("tenure ≥ 12 months", 5, 4),
        ("excluding Finance", 4, 3),
    ]
    assert preview.total == 3
    assert preview.text == "Level 5–10: 4 · tenure ≥ 12 months: 4 · excluding Finance: 3"


@pytest.mark.django_db
def test_an_empty_rule_previews_everyone(cast):
    preview = eligibility_preview(Criteria(), today=TODAY)
    assert preview.steps == [] and preview.total == 5
    assert preview.text == "Everyone currently employed: 5"


def _answers(kind: str, values: list[str]) -> None:
    """One new person per value, each with that answer of ``kind``."""
    for value in values:
        SelfDescription.objects.create(person=PersonFactory(level=3), kind=kind, value=value)


@pytest.mark.django_db
def test_a_self_description_clause_shows_an_estimate_from_the_organisations_shares(cast):
    # 5 cast + 15 new people: 10 answered "man" (any spelling), 5 "woman".
    _answers("gender", ["Man", "man", " MAN "] * 3 + ["man"] + ["Woman"] * 5)
    preview = eligibility_preview(Criteria(min_level=3, genders=("man",)), today=TODAY)
    level, gender = preview.steps
    assert (level.label, level.running, level.estimated) == ("Level 3 and above", 19, False)
    # 19 admitted by level, times the 10 of 20 people who answered "man": about 9.5.
    assert (gender.label, gender.running, gender.estimated) == ("consented gender ‘man’", 10, True)
    assert preview.total == 10 and preview.hr_total == 19 and preview.estimated
    assert preview.text == "Level 3 and above: 19 · consented gender ‘man’: about 10"


@pytest.mark.django_db
def test_answers_given_by_fewer_than_five_count_as_nobodys(cast):
    _answers("gender", ["Non-binary"] * 4 + ["Woman"] * 10)
    preview = eligibility_preview(Criteria(genders=("non-binary",)), today=TODAY)
    assert preview.total is None and preview.hr_total == 19
    assert preview.text == "consented gender ‘non-binary’: fewer than 5"


@pytest.mark.django_db
def test_a_share_that_leaves_out_fewer_than_five_counts_as_everyone(cast):
    # 21 people: 17 answered Gen X, 4 Millennial. Counting the 17 exactly would tell
    # that the 4 others are not Gen X, so the clause counts as admitting everyone.
    for person in cast.people.values():
        SelfDescription.objects.create(person=person, kind="generation", value="gen_x")
    _answers("generation", ["gen_x"] * 12 + ["millennial"] * 4)
    assert eligibility_preview(Criteria(generations=("gen_x",)), today=TODAY).total == 20
    # Millennial: 4 people, fewer than 5, counts as nobody.
    assert eligibility_preview(Criteria(generations=("millennial",)), today=TODAY).total is None


@pytest.mark.django_db
def test_the_organisations_answers_are_decrypted_once_until_one_changes(cast):
    for person in cast.people.values():
        SelfDescription.objects.create(person=person, kind="gender", value="Woman")
    criteria = Criteria(min_level=8, genders=("woman",))
    with mock.patch.object(eligibility, "decrypt_text", wraps=eligibility.decrypt_text) as spy:
        eligibility_preview(criteria, today=TODAY)
        eligibility_preview(criteria, today=TODAY)
        assert spy.call_count == 5  # every answer once, then none
        answer = SelfDescription.objects.get(person=cast.juno.person)
        answer.value = "Non-binary"
        answer.save()
        eligibility_preview(criteria, today=TODAY)
        assert spy.call_count == 10


@pytest.mark.django_db
def test_the_preview_takes_the_same_few_queries_however_many_people(cast):
    criteria = Criteria(min_level=2, min_tenure_months=1, genders=("woman",), backgrounds=("x",))

    def add(levels: range) -> None:
        for level in levels:
            person = PersonFactory(level=level % 10)
            SelfDescription.objects.create(person=person, kind="gender", value="Woman")

    def cold() -> None:  # the answers read and decrypted again
        eligibility._SHARES_MEMO.clear()
        eligibility_preview(criteria)

    def warm() -> None:  # the answers as kept from the last call
        eligibility_preview(criteria)

    add(range(2))
    few = queries_in(cold), queries_in(warm)
    add(range(2, 12))
    assert (queries_in(cold), queries_in(warm)) == few
    assert few[0] == few[1] + 1  # reading the answers is the one query the memo saves


# --- the rules page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_htmx_preview_counts_the_rule_as_typed(client, cast):
    program = ProgramFactory(slug="pilot")
    client.force_login(cast.priya)
    url = reverse("programs:rules_preview", kwargs={"slug": program.slug})
    page = client.get(url, {"side": "mentee", "mentee-min_level": "8"}).content.decode()
    assert "Level 8 and above" in page and ">2<" in page


@pytest.mark.django_db
def test_the_htmx_preview_explains_an_impossible_rule_instead_of_counting(client, cast):
    program = ProgramFactory(slug="pilot")
    client.force_login(cast.priya)
    url = reverse("programs:rules_preview", kwargs={"slug": program.slug})
    data = {"side": "mentor", "mentor-min_level": "8", "mentor-max_level": "3"}
    page = client.get(url, data).content.decode()
    assert "below the lowest" in page and "Who this admits" not in page


@pytest.mark.django_db
def test_without_javascript_the_count_button_previews_without_saving(client, cast):
    program = ProgramFactory(slug="pilot")
    client.force_login(cast.priya)
    url = reverse("programs:rules", kwargs={"slug": program.slug})
    data = {"side": "mentor", "mentor-max_level": "2", "preview": "1"}
    page = client.post(url, data).content.decode()
    assert "Level 2 and below" in page and not program.rules.exists()
