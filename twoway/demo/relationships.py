"""The demo pilot's pairs, in every state a program manager meets: new,
signed, meeting, at risk (for each reason), completed with recognition, and
ended early.

Everything a person does goes through the same services as in real use
(agreements, signatures, logs, cancellations, reflections, kudos, ending);
only time is faked: pairs are moved back to when they were published, and
past meetings are inserted where they would have been scheduled.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from twoway.core.models import User
from twoway.meetings.models import Meeting, MeetingChange
from twoway.meetings.progress import pairs_health_refresh
from twoway.meetings.services import meeting_cancel, meeting_log_write, meeting_schedule
from twoway.pairs.models import Pair, PulseCheckin
from twoway.pairs.services import (
    agreement_sign,
    agreement_update,
    checkin_answer,
    pair_end,
    pulse_checkins_create_due,
    reflection_write,
)
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.recognition.models import Kudos
from twoway.recognition.services import kudos_give

# The states the pilot's pairs are put in, in turn (Maya and Richard's pair,
# the demo logins, is always "meeting": a pair in full swing).
STATES = (
    "completed",
    "meeting",
    "signed",
    "new",
    "at_risk_cancelled",
    "at_risk_unsigned",
    "meeting",
    "at_risk_quiet",
    "ended",
    "signed",
    "at_risk_ratings",
    "meeting",
)
GOALS = {
    "mentor": ["How the budget cycle really works", "Presenting to the executive team"],
    "mentee": ["Short-form video for our customers", "Using AI tools in my own work"],
}
TOPICS = [
    "How customers find us on social media",
    "Prompting an AI assistant for a board paper",
    "What a director's week looks like",
    "Reading the quarterly numbers",
    "Reverse-mentoring etiquette and feedback",
    "Running a meeting that ends on time",
]


def _zone(person: Person) -> str:
    return person.time_zone or "Europe/London"


def _give_login(person: Person) -> None:
    """Participants act as themselves: those without a login get one (with no
    usable password, as an invitation would leave it)."""
    if person.user_id is None:
        person.user = User.objects.create_user(email=person.email, first_name=person.first_name)
        person.save(update_fields=["user", "updated_at"])


def _published(pair: Pair, days_ago: int, now: dt.datetime) -> None:
    when = now - dt.timedelta(days=days_ago)
    Pair.objects.filter(pk=pair.pk).update(published_at=when, created_at=when)
    pair.refresh_from_db()


def _agree(pair: Pair) -> None:
    """Both write their goals, then both sign."""
    agreement = pair.agreement
    for side, person in (("mentor", pair.mentor), ("mentee", pair.mentee)):
        agreement = agreement_update(
            actor=person.user,
            agreement=agreement,
            person=person,
            seen_version=agreement.version,
            changes={
                f"{side}_goals": "\n".join(GOALS[side]),
                "meeting_format": "Video, with an in-person lunch every other time.",
            },
        )
    for person in (pair.mentor, pair.mentee):
        agreement = agreement_sign(
            actor=person.user, agreement=agreement, person=person, seen_version=agreement.version
        )
    pair.refresh_from_db()


def _past_meeting(pair: Pair, days_ago: int, now: dt.datetime) -> Meeting:
    local = (now - dt.timedelta(days=days_ago)).replace(hour=9, minute=30, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=local,
        time_zone=_zone(pair.mentor),
        duration_minutes=pair.program.session_minutes,
        video_url="https://meet.example.org/twoway-demo",
        proposed_by=pair.mentor,
    )
    MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChange.Kind.SCHEDULED,
        by=pair.mentor,
        side="mentor",
        starts_after=meeting.starts_at,
    )
    return meeting


def _log(meeting: Meeting, person: Person, side: str, rating: int, rng: random.Random) -> None:
    topic = rng.choice(TOPICS)
    meeting_log_write(
        actor=person.user,
        meeting=meeting,
        person=person,
        topics=topic,
        learned=f"{rng.choice(TOPICS)}: more than I expected.",
        taught=f"{topic}, with examples from my own work.",
        goal_progress=[{"goal": goal, "progress": rng.randint(1, 3)} for goal in GOALS[side]],
        rating=rating,
        shared_notes="Next time: bring one real example each.",
        private_notes="I was nervous at first; it went well.",
    )


def _held(
    pair: Pair,
    days_ago: list[int],
    now: dt.datetime,
    rng: random.Random,
    ratings: tuple[int, int] = (4, 5),
) -> None:
    for days in days_ago:
        meeting = _past_meeting(pair, days, now)
        _log(meeting, pair.mentor, "mentor", rng.randint(*ratings), rng)
        _log(meeting, pair.mentee, "mentee", rng.randint(*ratings), rng)


def _upcoming(pair: Pair, now: dt.datetime, repeat: int) -> None:
    start = timezone.localtime(now, timezone.get_default_timezone()) + dt.timedelta(days=5)
    local = start.replace(hour=10, minute=0, second=0, microsecond=0, tzinfo=None)
    meeting_schedule(
        actor=pair.mentee.user,
        pair=pair,
        person=pair.mentee,
        starts_at_local=local,
        time_zone=_zone(pair.mentee),
        duration_minutes=pair.program.session_minutes,
        place="Third floor, the window table",
        repeat=repeat,
    )


def _cancelled(pair: Pair, person: Person, days_ago: int, now: dt.datetime, reason: str) -> None:
    meeting = _past_meeting(pair, days_ago, now)
    meeting_cancel(actor=person.user, meeting=meeting, person=person, reason=reason)


def _pair_in(state: str, pair: Pair, now: dt.datetime, rng: random.Random) -> None:
    if state == "new":
        _published(pair, 4, now)
        return
    if state == "at_risk_unsigned":
        _published(pair, 20, now)
        return
    if state == "ended":
        _published(pair, 30, now)
        _agree(pair)
        _held(pair, [16], now, rng)
        pair_end(
            actor=pair.mentee.user,
            pair=pair,
            person=pair.mentee,
            reason="My new role leaves no time this quarter; I would like to join again later.",
        )
        return
    if state == "completed":
        _published(pair, 70, now)
        _agree(pair)
        planned = pair.program.planned_sessions
        _held(pair, [63 - 9 * n for n in range(planned)], now, rng)
        for person, changed, differently in (
            (
                pair.mentor,
                "I understand how decisions are made here, and I speak up in them.",
                "Ask for the 'why' behind a decision before I judge it.",
            ),
            (
                pair.mentee,
                "I use AI tools every day now, and I see our brand as customers do.",
                "Ask the youngest person in the room first.",
            ),
        ):
            reflection_write(
                actor=person.user,
                pair=pair,
                person=person,
                changed=changed,
                differently=differently,
            )
        pair.refresh_from_db()
        kudos_give(
            actor=pair.mentee.user,
            pair=pair,
            giver=pair.mentee,
            category=Kudos.Category.TAUGHT_ME,
            note="Patient, practical and always prepared.",
        )
        kudos_give(
            actor=pair.mentor.user,
            pair=pair,
            giver=pair.mentor,
            category=Kudos.Category.OPENED_DOORS,
            note="Introduced me to the finance team.",
        )
        return
    _published(pair, 45, now)
    _agree(pair)
    if state == "signed":
        _published(pair, 10, now)
        _upcoming(pair, now, repeat=1)
    elif state == "meeting":
        _held(pair, [38, 17], now, rng)
        _upcoming(pair, now, repeat=3)
    elif state == "at_risk_cancelled":
        _held(pair, [40], now, rng)
        _cancelled(pair, pair.mentee, 19, now, "Board meeting moved; sorry.")
        _cancelled(pair, pair.mentee, 5, now, "Travelling this week.")
    elif state == "at_risk_quiet":
        _held(pair, [60], now, rng)
        _published(pair, 65, now)
    elif state == "at_risk_ratings":
        _held(pair, [30, 12], now, rng, ratings=(1, 2))


def demo_relationships(
    *, program: Program, seed: int, now: dt.datetime | None = None
) -> dict[str, int]:
    """Put the program's pairs in every state; returns how many pairs are in each."""
    now = now or timezone.now()
    rng = random.Random(seed * 104729 + 5)
    pairs = list(
        Pair.objects.filter(program=program)
        .select_related("program", "mentor__user", "mentee__user", "agreement")
        .order_by("id")
    )
    pairs.sort(key=lambda p: 0 if p.mentor.email.startswith("maya.chen@") else 1)
    for index, pair in enumerate(pairs):
        _give_login(pair.mentor)
        _give_login(pair.mentee)
        state = (
            "meeting"
            if index == 0 and pair.mentor.email.startswith("maya.chen@")
            else (STATES[index % len(STATES)])
        )
        _pair_in(state, pair, now, rng)
    pairs_health_refresh(now=now)
    pulse_checkins_create_due(now=now)
    for checkin in PulseCheckin.objects.filter(pair__program=program).select_related("person"):
        if rng.random() < 0.6 and checkin.person.user is not None:
            checkin_answer(
                actor=checkin.person.user,
                checkin=checkin,
                person=checkin.person,
                quality=rng.choice([3, 4, 4, 5, 5, 2]),
                note=rng.choice(["", "", "Going well.", "Hard to find time."]),
            )
    counts: dict[str, int] = {}
    for status in Pair.objects.filter(program=program).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts
