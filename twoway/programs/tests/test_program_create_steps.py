"""A new program in short steps, each page sent back as a browser sends it:
pick a template, name and dates, who may join, how pairs are matched."""

import pytest
from django.urls import reverse

from tests.site.browser_form import form_find
from twoway.core.models import Role
from twoway.programs.eligibility import Criteria, program_criteria
from twoway.programs.models import Program
from twoway.programs.presets import PRESETS
from twoway.testing.factories import ProgramFactory, grant


def _details_url(key):
    return reverse("programs:create_details", kwargs={"preset": key})


def _send(client, url, changes=()):
    """GET the page, fill in ``changes`` as a person would, submit as the browser does."""
    form = form_find(client.get(url).content.decode(), action="")
    data = dict(form.submission())
    data.update(changes)
    return client.post(url, data)


@pytest.mark.django_db
def test_step_one_offers_every_template_with_what_it_sets(client, cast):
    client.force_login(cast.priya)
    page = client.get(reverse("programs:create")).content.decode()
    for preset in PRESETS:
        assert preset.title in page and _details_url(preset.key) in page
    assert "Mentors: women from level 4 to 6" in page


@pytest.mark.django_db
@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_each_template_creates_the_program_and_rules_it_promises(client, cast, preset):
    client.force_login(cast.priya)
    response = _send(client, _details_url(preset.key), {"name": "Our program"})
    assert response.status_code == 302
    program = Program.objects.get()
    assert response.url == reverse("programs:rules", kwargs={"slug": program.slug})
    assert program.status == Program.Status.DRAFT and program.name == "Our program"
    assert program.kind == preset.fields["kind"]
    assert program.matching_style == preset.fields["matching_style"]
    assert program.planned_sessions == preset.fields["planned_sessions"]
    assert program.mentor_capacity == preset.fields["mentor_capacity"]
    assert program.code_of_conduct == preset.fields["code_of_conduct"]
    assert program_criteria(program) == {s: preset.rule(s) for s in ("mentor", "mentee")}


@pytest.mark.django_db
def test_step_two_shows_the_templates_rhythm_and_the_manager_may_change_it(client, cast):
    client.force_login(cast.priya)
    url = _details_url("mutual-circle")
    form = form_find(client.get(url).content.decode(), action="")
    sent = dict(form.submission())
    assert (sent["planned_sessions"], sent["weeks_between_sessions"]) == ("4", "2")
    sent |= {"name": "Circle", "planned_sessions": "5", "sponsor": str(cast.sol.pk)}
    assert client.post(url, sent).status_code == 302
    program = Program.objects.get()
    assert (program.planned_sessions, program.sponsor) == (5, cast.sol)


@pytest.mark.django_db
def test_step_two_says_what_is_wrong_and_saves_nothing(client, cast):
    client.force_login(cast.priya)
    url = _details_url("reverse-pilot")
    page = _send(client, url, {"name": "X", "managers": "nobody@x.org"}).content.decode()
    assert "No active login for nobody@x.org" in page
    changes = {"name": "X", "starts_on": "2027-05-01", "ends_on": "2027-04-01"}
    page = _send(client, url, changes).content.decode()
    assert "before it starts" in page and not Program.objects.exists()
    page = _send(client, url, {"name": ""}).content.decode()
    assert "This field is required" in page and not Program.objects.exists()


@pytest.mark.django_db
def test_an_unknown_template_is_404_and_only_creators_may_start(client, cast):
    client.force_login(cast.priya)
    assert client.get(_details_url("nope")).status_code == 404
    client.force_login(cast.juno)
    assert client.get(_details_url("reverse-pilot")).status_code == 403
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=ProgramFactory())
    client.force_login(cast.sterling)
    assert client.get(_details_url("reverse-pilot")).status_code == 403
    assert client.post(_details_url("reverse-pilot"), {"name": "X"}).status_code == 403
    assert not Program.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_the_steps_round_trip_from_template_to_matching(client, cast):
    client.force_login(cast.priya)
    _send(client, _details_url("reverse-pilot"), {"name": "Pilot 2027"})
    program = Program.objects.get()
    rules_url = reverse("programs:rules", kwargs={"slug": program.slug})
    rules_page = client.get(rules_url).content.decode()
    matching_url = reverse("programs:setup_matching", kwargs={"slug": program.slug})
    assert 'aria-current="step"' in rules_page and matching_url in rules_page
    # Step 3: the mentees' rule widened, sent from the rules page as a browser does.
    form = form_find(rules_page, action=rules_url + "#mentee")
    data = dict(form.submission()) | {"mentee-min_level": "6"}
    assert client.post(rules_url, data).status_code == 302
    assert program_criteria(program)["mentee"] == Criteria(min_level=6)
    # Step 4: sent back unchanged it keeps the template's choices...
    assert _send(client, matching_url).status_code == 302
    program.refresh_from_db()
    assert (program.must_differ, program.min_level_gap) == (["department"], 3)
    # ... and a change is saved and audited.
    response = _send(client, matching_url, {"reporting_line_depth": "1", "senior_preview": "on"})
    assert response.url == reverse("home:program", kwargs={"slug": program.slug})
    program.refresh_from_db()
    assert program.reporting_line_depth == 1
    assert program.must_differ == ["department"] and program.senior_preview


@pytest.mark.django_db
def test_step_four_refuses_a_contradiction_and_saves_nothing(client, cast):
    client.force_login(cast.priya)
    _send(client, _details_url("mutual-circle"), {"name": "Circle"})
    program = Program.objects.get()
    url = reverse("programs:setup_matching", kwargs={"slug": program.slug})
    page = client.get(url).content.decode()
    assert 'name="min_level_gap"' not in page  # a mutual program has no senior side
    response = _send(client, url, {"senior_preview": "on"})
    assert response.status_code == 200
    assert "Previews and opt-outs belong to managed matching" in response.content.decode()
    program.refresh_from_db()
    assert not program.senior_preview


@pytest.mark.django_db
def test_step_four_is_for_the_programs_managers_only(client, cast):
    program = ProgramFactory()
    url = reverse("programs:setup_matching", kwargs={"slug": program.slug})
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=ProgramFactory())
    client.force_login(cast.sterling)
    assert client.get(url).status_code == 404
    client.force_login(cast.juno)
    assert client.get(url).status_code in (403, 404)
