"""On a phone, no page scrolls sideways: long names and e-mails wrap, tables scroll
inside their own frame."""

import pytest

from tests.browser.steps import log_in
from twoway.matching.services.publish import match_run_publish
from twoway.matching.services.runs import match_run_create
from twoway.pairs.models import Pair
from twoway.programs import services as programs
from twoway.programs.eligibility import Criteria
from twoway.programs.services import Topic
from twoway.testing.factories import CAST_PASSWORD, PersonSkillFactory, SkillFactory

PAGES = {
    "juno": ["/", "/me/", "/directory/?skill=Negotiation", "/blind-spots/", "/skills/"],
    "ada": [
        "/",
        "/people/",
        "/import/people/",
        "/audit/",
        "/skills-map/",
        "/skills/new/",
        "/accounts/password/",
    ],
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("who", sorted(PAGES))
def test_pages_fit_a_phone_screen(phone_page, cast, who):
    negotiation = SkillFactory(name="Negotiation", category="tough_situations", is_key=True)
    for name in ("juno", "sterling"):
        person = getattr(cast, name).person
        person.email = f"{name}.withaverylongaddressfortesting@example.org"
        person.save()
    person = cast.sterling.person
    PersonSkillFactory(
        person=person, skill=negotiation, level=5, note="A long note about supplier contracts " * 5
    )
    log_in(phone_page, f"{who}@example.org", CAST_PASSWORD)
    too_wide = {}
    for path in PAGES[who]:
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert too_wide == {}


# The program and matching pages, with a program whose pairs are published and
# one whose first run waits for review. Long names and texts on purpose.
LONG_NAME = "Reverse mentoring for the finance leadership: digital fluency, AI tools, social media"
LONG_SKILL = "Short-form video for business storytelling on social platforms"


def _matched_program(cast, name: str, *, publish: bool):
    priya = cast.priya
    program = programs.program_create(
        actor=priya,
        name=name,
        kind="reverse",
        purpose="Juniors teach leaders the tools of the digital workplace. " * 6,
    )
    programs.eligibility_rule_save(
        actor=priya, program=program, side="mentor", criteria=Criteria(min_level=1, max_level=3)
    )
    programs.eligibility_rule_save(
        actor=priya, program=program, side="mentee", criteria=Criteria(min_level=7, max_level=9)
    )
    program = programs.program_transition(actor=priya, program=program, to="enrolling")
    video = SkillFactory(name=LONG_SKILL, category="social_media")
    negotiation = SkillFactory(name="Negotiation", category="tough_situations")
    for who, role, teach, learn in [
        ("juno", "mentor", video, negotiation),
        ("sterling", "mentee", negotiation, video),
    ]:
        user = getattr(cast, who)
        programs.enrollment_join(
            actor=user,
            program=program,
            person=user.person,
            role=role,
            topics=[Topic(teach, "teach", 5), Topic(learn, "learn", 1)],
            availability=["tue_am"],
            formats=["remote"],
            goal="A long goal about learning from each other across the organisation. " * 5,
        )
    program = programs.program_transition(actor=priya, program=program, to="matching")
    run = match_run_create(actor=priya, program=program)  # runs at once in tests
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    if publish:
        match_run_publish(actor=priya, run=run)
    return program, run


def _program_pages(cast) -> dict[str, list[str]]:
    active, published = _matched_program(cast, LONG_NAME, publish=True)
    pending, run = _matched_program(cast, LONG_NAME + " (second round)", publish=False)
    pair = Pair.objects.get(program=active)
    active_url, pending_url = f"/programs/{active.slug}/", f"/programs/{pending.slug}/"
    published_url = f"{active_url}matching/runs/{published.uuid}/"
    run_url = f"{pending_url}matching/runs/{run.uuid}/"
    return {
        "priya": [
            "/programs/",
            "/programs/new/",
            active_url,
            active_url + "rules/",
            active_url + "enrollments/",
            active_url + "matching/",
            published_url + "fairness/",
            published_url + "unmatched/",
            pending_url,
            pending_url + "invite/?side=mentee",
            pending_url + "matching/",
            run_url,
            f"/pairs/{pair.uuid}/",
        ],
        "sterling": ["/my-programs/", active_url, "/pairs/", f"/pairs/{pair.uuid}/"],
        # A run that can no longer be reviewed (published, dry or out of date) has an
        # empty swap column: the score must still sit under the reasons on a phone.
        "priya-published-run": [published_url],
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "case",
    [
        "priya",
        "sterling",
        "priya-published-run",
    ],
)
def test_program_and_matching_pages_fit_a_phone_screen(phone_page, cast, case):
    for name in ("juno", "sterling"):
        person = getattr(cast, name).person
        person.email = f"{name}.withaverylongaddressfortesting@example.org"
        person.save()
    pages = _program_pages(cast)[case]
    log_in(phone_page, f"{case.split('-')[0]}@example.org", CAST_PASSWORD)
    too_wide = {}
    for path in pages:
        response = phone_page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert too_wide == {}
