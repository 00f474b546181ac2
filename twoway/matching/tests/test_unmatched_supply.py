"""When one side has more people than the other side has places, the unmatched
page says so with the numbers and offers what to do, instead of telling each
person left over that someone else was a better fit."""

from django.urls import reverse

from twoway.matching.models import UnmatchedEntry
from twoway.programs.models import Program
from twoway.testing.factories import SkillFactory, enroll, matching_program, person, run_now


def _unmatched(client, run, **query) -> str:
    url = reverse("matching:unmatched", kwargs={"slug": run.program.slug, "uuid": run.uuid})
    return client.get(url, query).content.decode()


def test_more_mentors_than_mentee_places_is_named_with_its_numbers_and_actions(client, cast):
    program = matching_program(slug="crowded", kind="reverse")
    video = SkillFactory(name="Video")
    for i in range(5):
        enroll(program, person(f"Mentor {i}", level=2), "mentor", teach=[(video, 4)])
    for i in range(3):
        enroll(program, person(f"Mentee {i}", level=8), "mentee", learn=[(video, 1)])
    run = run_now(program, actor=cast.priya)
    left = UnmatchedEntry.objects.filter(run=run)
    assert left.count() == 2 and set(left.values_list("reason", flat=True)) == {"capacity"}

    client.force_login(cast.priya)
    page = _unmatched(client, run)

    assert "5 mentors for 3 mentee places: 2 mentors could not be matched, whoever they are." in (
        page
    )
    assert "better fit for someone else" not in page
    assert (
        "One of the 2 mentors left over: there are 5 mentors for 3 mentee places, so 2 could "
        "not be matched, whoever they are." in page
    )
    assert "2 people</strong>: left over: more mentors than mentee places" in page
    # What to do, with links: enrollment reopens on the program's page, then invite.
    assert f'href="{reverse("home:program", kwargs={"slug": "crowded"})}"' in page
    assert f'href="{reverse("programs:invite", kwargs={"slug": "crowded"})}?side=mentee"' in page
    assert "Invite more mentees" in page and "Move them to the next cohort" in page
    assert f'href="{reverse("programs:create")}"' in page
    # Raising the mentors' capacity does nothing for too many mentors.
    assert "Let mentors take more mentees" not in page


def test_more_mentees_than_mentor_places_offers_raising_the_capacity(client, cast):
    program = matching_program(slug="few-mentors", mentor_capacity=2)
    video = SkillFactory(name="Video")
    enroll(program, person("Solo Mentor", level=2), "mentor", teach=[(video, 4)], capacity=2)
    for i in range(5):
        enroll(program, person(f"Mentee {i}", level=8), "mentee", learn=[(video, 1)])
    run = run_now(program, actor=cast.priya)
    assert run.counts["mentor_places"] == 2

    client.force_login(cast.priya)
    page = _unmatched(client, run)

    assert "5 mentees for 2 mentor places: 3 mentees could not be matched, whoever they are." in (
        page
    )
    assert "Let mentors take more mentees" in page and "(now 2)" in page
    assert f'href="{reverse("programs:edit", kwargs={"slug": "few-mentors"})}"' in page
    assert f'href="{reverse("programs:invite", kwargs={"slug": "few-mentors"})}?side=mentor"' in (
        page
    )


def test_a_dry_run_while_enrolling_links_straight_to_the_invitations(client, cast):
    program = matching_program(Program.Status.ENROLLING, slug="early")
    video = SkillFactory(name="Video")
    for i in range(3):
        enroll(program, person(f"Mentor {i}", level=2), "mentor", teach=[(video, 4)])
    enroll(program, person("Mentee", level=8), "mentee", learn=[(video, 1)])
    run = run_now(program, actor=cast.priya, dry_run=True)

    client.force_login(cast.priya)
    page = _unmatched(client, run)
    assert "3 mentors for 1 mentee place: 2 mentors could not be matched" in page
    assert "move it back to enrolling" not in page
    assert f'href="{reverse("programs:invite", kwargs={"slug": "early"})}?side=mentee"' in page


def test_a_real_rule_keeps_its_own_reason_on_the_crowded_side(client, cast):
    program = matching_program(slug="rules", reporting_line_depth=1)
    video = SkillFactory(name="Video")
    boss = person("Bea Boss", level=9, department="Finance")
    report = person("Rae Report", level=2, department="Finance", manager=boss)
    enroll(program, report, "mentor", teach=[(video, 4)])
    enroll(program, person("Max Mentor", level=2), "mentor", teach=[(video, 4)])
    enroll(program, person("Ola Other", level=2), "mentor", teach=[(video, 4)])
    enroll(program, boss, "mentee", learn=[(video, 1)])
    run = run_now(program, actor=cast.priya)
    assert UnmatchedEntry.objects.get(run=run, person=report).reason == "constraint"

    client.force_login(cast.priya)
    page = _unmatched(client, run)
    assert "3 mentors for 1 mentee place: 2 mentors could not be matched" in page
    assert "Every possible partner is in their reporting line (1)." in page
    assert page.count("One of the 2 mentors left over") == 1  # the other one, not Rae


def test_balanced_sides_say_nothing_about_supply(client, pilot, cast):
    run = run_now(pilot.program, actor=cast.priya)
    client.force_login(cast.priya)
    page = _unmatched(client, run)
    assert "More mentors than" not in page and "could not be matched" not in page
