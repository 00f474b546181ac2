"""A program manager runs a reverse-mentoring program from draft to published pairs:
rules -> invitations -> two participants enroll -> a matching run -> lock one pair ->
publish -> the senior sees why they were paired."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.matching.models import MatchRun, ReviewDecision
from twoway.pairs.models import Pair
from twoway.programs.models import Enrollment, Program
from twoway.skills.models import PersonSkill
from twoway.testing.factories import CAST_PASSWORD, PersonSkillFactory, SkillFactory

NAME = "Digital Fluency 2025"
LEARN = PersonSkill.Direction.LEARN
PURPOSE = "Juniors teach leaders the tools of the digital workplace; leaders teach back."


@pytest.fixture
def skills(cast):
    """Juno (junior, level 2) is expert at short-form video, which Sterling (a
    director, level 8) wants to start on; Sterling can teach negotiation back."""
    video = SkillFactory(name="Short-form video", category="social_media")
    negotiation = SkillFactory(name="Negotiation", category="tough_situations")
    juno, sterling = cast.juno.person, cast.sterling.person
    PersonSkillFactory(person=juno, skill=video, level=5)
    PersonSkillFactory(person=juno, skill=negotiation, level=1, direction=LEARN)
    PersonSkillFactory(person=sterling, skill=negotiation, level=5)
    PersonSkillFactory(person=sterling, skill=video, level=1, direction=LEARN)
    # Juno and Sterling are in different departments and reporting lines.
    assert juno.manager_id is None and sterling.manager_id == cast.sol.person.pk
    return video, negotiation


def _go(page, navigation: str, link: str) -> None:
    """Follow a link of the main navigation or of a program's tabs."""
    page.get_by_role("navigation", name=navigation).get_by_role(
        "link", name=link, exact=True
    ).click()


def _join(page, program: str, role: str, teach: str, learn: str) -> None:
    """Join from "My programs": the side is chosen and the topics pre-filled from the profile."""
    _go(page, "Main", "My programs")
    invitations = page.get_by_role("region", name="Invitations")
    expect(invitations).to_contain_text(program)
    invitations.get_by_role("link", name=f"Join {program}").click()
    expect(page.get_by_role("heading", name=f"Join {program}")).to_be_visible()
    expect(page.get_by_role("radio", name=role)).to_be_checked()
    teaching = page.get_by_role("group", name="Topics I can teach")
    learning = page.get_by_role("group", name="Topics I want to learn")
    expect(teaching.get_by_role("checkbox", name=teach, exact=True)).to_be_checked()
    expect(learning.get_by_role("checkbox", name=learn, exact=True)).to_be_checked()
    page.get_by_role("checkbox", name="Tuesday morning").check()
    page.get_by_role("checkbox", name="Remote (video call)").check()
    page.get_by_label("What would you like to get out of it?").fill("Learn from each other.")
    page.get_by_role("button", name=f"Join {program}").click()
    expect(page.get_by_role("heading", name="My programs", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Welcome to {program}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_runs_a_reverse_program_to_published_pairs(page, new_page, cast, skills):
    video, negotiation = skills

    # 1. Priya creates the program.
    log_in(page, "priya@example.org", CAST_PASSWORD)
    _go(page, "Main", "Programs")
    page.get_by_role("link", name="New program").click()
    page.get_by_role("link", name="Use this template").first.click()  # the reverse pilot
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Create the draft and go on").click()
    expect(page.get_by_role("status")).to_contain_text(f"Created “{NAME}”")
    expect(page.get_by_role("heading", name="Who may join", level=1)).to_be_visible()
    program = Program.objects.get(name=NAME)
    assert (program.kind, program.status) == (Program.Kind.REVERSE, Program.Status.DRAFT)

    # 2. Who may join each side: juniors mentor (levels 1-3), seniors learn (7-9).
    #    The count follows as she types, before anything is saved.
    mentor = page.get_by_role("region", name="Who may join as mentor")
    mentor.get_by_label("Level from").fill("1")
    mentor.get_by_label("Level to").fill("3")
    expect(page.locator("#mentor-preview")).to_contain_text("Level 1–3")
    expect(page.locator("#mentor-preview .preview-total")).to_have_text("1 of 5 current people")
    mentor.get_by_role("button", name="Save the mentor rule").click()
    expect(page.get_by_role("status")).to_contain_text("Saved who may join as mentor.")
    mentee = page.get_by_role("region", name="Who may join as mentee")
    mentee.get_by_label("Level from").fill("7")
    mentee.get_by_label("Level to").fill("9")
    mentee.get_by_role("button", name="Save the mentee rule").click()
    expect(page.get_by_role("status")).to_contain_text("Saved who may join as mentee.")
    mentor = page.get_by_role("region", name="Who may join as mentor")
    mentee = page.get_by_role("region", name="Who may join as mentee")
    expect(mentor.get_by_text("saved", exact=True)).to_be_visible()
    expect(mentee.get_by_text("saved", exact=True)).to_be_visible()
    expect(mentor.locator(".preview-total")).to_have_text("1 of 5 current people")
    expect(mentee.locator(".preview-total")).to_have_text("2 of 5 current people")
    expect(mentee).to_contain_text("Level 7–9")
    assert program.rules.count() == 2

    # 3. Open enrollment and invite everyone eligible on each side.
    page.get_by_role("link", name=f"← Back to {NAME}").click()
    expect(page.get_by_role("heading", name="Next step")).to_be_visible()
    expect(page.locator(".next-step")).to_contain_text("Both rules are saved.")
    page.get_by_role("button", name="Open enrollment").click()
    expect(page.get_by_role("status")).to_contain_text(f"{NAME} is now Enrolling.")
    program.refresh_from_db()
    assert program.status == Program.Status.ENROLLING

    for side, count, button in [
        ("Mentor", 1, "Send 1 invitation"),
        ("Mentee", 2, "Send 2 invitations"),
    ]:
        _go(page, "Program", "Invite")
        page.get_by_role("group", name="Invite").get_by_role("radio", name=side).check()
        # The plan is fetched as soon as a side is chosen.
        plan = page.locator("#invite-plan")
        expect(plan.locator(".preview-total")).to_contain_text(f"{count} {side.lower()}")
        plan.get_by_role("button", name=button).click()
        expect(page.get_by_role("status")).to_contain_text(f"Invited {count} ")

    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == ["juno@example.org", "sol@example.org", "sterling@example.org"]
    to_juno = next(m for m in mail.outbox if m.to == ["juno@example.org"])
    assert to_juno.subject == f"You are invited to {NAME}"
    assert "as a mentor" in to_juno.body and PURPOSE in to_juno.body
    assert f"/programs/{program.slug}/join/" in to_juno.body
    assert Enrollment.objects.filter(program=program, status="invited").count() == 3

    # 4. Juno joins as mentor, Sterling as mentee, each from their own desk.
    juno = new_page()
    log_in(juno, "juno@example.org", CAST_PASSWORD)
    _join(juno, NAME, "Mentor: I will share what I know", video.name, negotiation.name)
    expect(juno.locator("main")).to_contain_text("Enrolled as mentor")

    sterling = new_page()
    log_in(sterling, "sterling@example.org", CAST_PASSWORD)
    _join(sterling, NAME, "Mentee: I want to learn", negotiation.name, video.name)
    expect(sterling.locator("main")).to_contain_text("Enrolled as mentee")
    enrolled = Enrollment.objects.filter(program=program, status="enrolled")
    assert sorted(enrolled.values_list("person__name", "role")) == [
        ("Juno Park", "mentor"),
        ("Sterling Hayes", "mentee"),
    ]
    assert sorted(
        enrolled.get(role="mentor").topics.values_list("skill__name", "direction", "level")
    ) == [("Negotiation", "learn", 1), ("Short-form video", "teach", 5)]

    # 5. Priya closes enrollment, runs the matching, locks the pair and publishes.
    _go(page, "Program", "Overview")
    counts = page.get_by_role("table", name="People by side and status")
    expect(counts.get_by_role("row", name=re.compile("^Enrolled"))).to_have_text(
        re.compile(r"Enrolled\s*1\s*1")
    )
    page.get_by_role("button", name="Close enrollment and start matching").click()
    expect(page.get_by_role("status")).to_contain_text(f"{NAME} is now Matching.")
    program.refresh_from_db()
    assert program.status == Program.Status.MATCHING

    _go(page, "Program", "Matching")
    expect(page.get_by_role("heading", name="Run matching")).to_be_visible()
    expect(page.get_by_text("No runs yet")).to_be_visible()
    page.get_by_role("button", name="Run matching", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Matching has started.")
    # Tasks run at once in tests, so the run has finished by the time the page
    # shows: no progress bar is left, the results are there.
    progress = page.locator("#run-progress")
    expect(progress).to_have_count(0)
    expect(page.locator(".match-stats")).to_contain_text("pairs proposed")
    run = MatchRun.objects.get(program=program)
    assert run.status == MatchRun.Status.SUCCEEDED and run.counts["pairs"] == 1

    proposal = page.locator("li.mp", has_text="Juno Park")
    expect(proposal.locator(".mp-names")).to_contain_text(
        re.compile(r"Juno Park\s*→.*Sterling Hayes")
    )
    expect(proposal.locator(".mp-reasons")).to_contain_text(
        "Juno Park can teach Sterling Hayes short-form video — Juno Park is at 5, "
        "Sterling Hayes at 1."
    )
    # The figures speak the manager's language: fit out of 100 and a word; the
    # engine's own figures wait, explained, under "About this run".
    expect(page.locator(".match-stats")).to_contain_text("average fit of the pairs, out of 100")
    expect(proposal.locator(".mp-total")).to_have_text(
        re.compile(r"^\d{1,3} (strong|good|fair|weak)$")
    )
    about = page.locator("details.about-run")
    expect(about.get_by_text("Blocking pairs")).to_be_hidden()
    about.get_by_text("About this run").click()
    expect(about.get_by_text("Blocking pairs")).to_be_visible()
    expect(about).to_contain_text("the pairs' scores added up")
    expect(page.locator(".match-stats")).not_to_contain_text("Optimal")
    proposal.get_by_role("button", name="Lock Juno Park and Sterling Hayes").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Juno Park and Sterling Hayes locked: every re-run keeps them together."
    )
    proposal = page.locator("li.mp", has_text="Juno Park")
    expect(proposal.get_by_text("locked", exact=True)).to_be_visible()
    expect(
        proposal.get_by_role("button", name="Undo lock of Juno Park and Sterling Hayes")
    ).to_be_visible()
    assert ReviewDecision.objects.filter(
        program=program, mentor=cast.juno.person, mentee=cast.sterling.person, kind="lock"
    ).exists()

    # The overview lists the run as finished.
    page.get_by_role("link", name="← All runs").click()
    runs = page.get_by_role("table", name="Matching runs of this program, newest first")
    expect(runs.get_by_role("row").nth(1)).to_contain_text("finished")
    page.get_by_role("link", name="Review the latest run").click()

    # Publishing cannot be undone, so it asks once more.
    mail.outbox.clear()
    publish = page.get_by_role("region", name="Publish")
    publish.get_by_text(re.compile(r"^Publish 1 pair$")).click()
    expect(publish).to_contain_text("This cannot be undone")
    publish.get_by_role("button", name="Yes, publish and tell them").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Published 1 pair"))
    expect(page.locator(".run-what")).to_contain_text("Published")
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE
    pair = Pair.objects.get(program=program)
    assert (pair.mentor, pair.mentee) == (cast.juno.person, cast.sterling.person)
    assert sorted(m.to[0] for m in mail.outbox) == ["juno@example.org", "sterling@example.org"]

    # 6. Sterling finds his partner and why they were paired.
    _go(sterling, "Main", "My programs")
    card = sterling.get_by_role("article").filter(has_text=NAME)
    expect(card.locator(".pair-line")).to_contain_text("Your partner Juno Park")
    card.get_by_role("link", name="Why this pair (Juno Park)").click()
    sterling.wait_for_url(f"**/pairs/{pair.uuid}/")
    expect(sterling.get_by_role("heading", name="You and Juno Park", level=1)).to_be_visible()
    expect(sterling.get_by_role("region", name="Your mentor")).to_contain_text("Juno Park")
    # Why they were paired waits, folded, below what is to do; it speaks to Sterling.
    sterling.locator("summary").filter(has_text="Why this pair").click()
    why = sterling.get_by_role("region", name="Why this pair")
    expect(why).to_contain_text("Juno can teach you Short-form video")
    expect(why).to_contain_text("You can teach Juno Negotiation")
