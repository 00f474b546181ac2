"""What each role's home page shows: where things stand and what to do next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from twoway.circles.selectors import person_circles_next
from twoway.core.actors import RequestUser
from twoway.core.models import Role
from twoway.core.roles import MANAGES_SOME_PROGRAM, user_roles
from twoway.events.selectors import events_coming_up
from twoway.guides.selectors import ArcStep, arc_step_for, program_arcs
from twoway.home.glance import sponsor_glances
from twoway.insights.selectors import you_said_we_did_latest
from twoway.matching.selectors import enrollments_attach_next_steps
from twoway.meetings.models import Meeting, MeetingLog
from twoway.meetings.templatetags.meetings_tags import meeting_day, meeting_span
from twoway.outcomes.selectors import outcome_programs, program_outcomes_today
from twoway.outcomes.text import headline
from twoway.pairs.models import Pair, PulseCheckin, Reflection
from twoway.pairs.rules import reflection_due
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.people.selectors import person_directory_stats
from twoway.programs.models import Program
from twoway.programs.selectors import (
    MyPrograms,
    my_programs,
    program_can_create,
    program_list_for_user,
)
from twoway.skills.selectors import person_skill_progress, skill_gap_top
from twoway.surveys.models import Survey
from twoway.surveys.selectors import WaitingSurvey, surveys_waiting

HOME_PROGRAMS = 5
# Each outcome report reads the whole organisation: a few programs only, those under way.
HOME_OUTCOMES = 3
OUTCOME_STATUSES = (Program.Status.ACTIVE, Program.Status.CLOSED)
# The order in which a person's roles are named at the top of their home page.
ROLE_ORDER = (
    Role.ADMINISTRATOR,
    Role.PROGRAM_MANAGER,
    MANAGES_SOME_PROGRAM,
    Role.SPONSOR,
    Role.SAFEGUARDING_CONTACT,
)
ROLE_LABELS = {
    **{role.value: role.label for role in Role},
    # A manager of some programs only: the badge says so, the programs are listed below.
    MANAGES_SOME_PROGRAM: "Program manager (your programs)",
}


def role_labels(roles: frozenset[str]) -> list[str]:
    """The names of the roles a user holds, most powerful first; every role the
    code can hand out has a name here (a test holds the table complete)."""
    order = [*ROLE_ORDER, Role.PARTICIPANT]
    return [ROLE_LABELS[role] for role in sorted(roles, key=order.index)]


def my_programs_with_next_steps(
    *, user: RequestUser, pairs: Sequence[Pair] | None = None
) -> MyPrograms:
    """The user's programs (``programs``), each enrollment with what comes after
    matching: the pair and partner, a proposal to look at, suggestions to choose from.
    ``pairs``: all the user's pairs (``person_pairs``), if the caller has them."""
    mine = my_programs(user=user)
    person = user_person(user)
    if person is not None:
        enrollments_attach_next_steps(person, mine.enrollments, person_pairs=pairs)
    return mine


# --- a participant's pairs -------------------------------------------------------------


@dataclass
class WaitingStep:
    """One thing a partner has to do in their pair, with where to do it."""

    kind: str  # sign, log, checkin, survey, reflection: the order they are shown in
    label: str
    url: str
    note: str = ""  # what the pair's page says about it, beneath the link


@dataclass
class PairCard:
    """A live pair as its partner sees it first: who, the next meeting, what waits."""

    pair: Pair
    partner: Person
    my_side: str
    next_meeting: Meeting | None = None
    next_when: str = ""  # in the reader's time zone
    held: int = 0
    # The session of the program's arc the next meeting is for (None past the arc).
    arc_step: ArcStep | None = None
    waiting: list[WaitingStep] = field(default_factory=list)
    reflection_due: bool = False


def meeting_when_for(meeting: Meeting, person: Person) -> str:
    """ "Tuesday 14 October 2025, 10:00–11:00 (Europe/Paris)" in the zone of the
    person reading (their directory entry), else in the meeting's own."""
    zone = person.time_zone or meeting.time_zone
    return meeting_span(meeting, zone, zone.replace("_", " "))


def person_pairs(person: Person) -> list[Pair]:
    """Every pair of ``person``, live or not, newest first."""
    return list(
        Pair.objects.filter(Q(mentor=person) | Q(mentee=person))
        .select_related("program", "mentor", "mentee", "agreement")
        .order_by("-created_at", "-id")
    )


def pair_cards(
    *,
    person: Person,
    now: datetime,
    pairs: Sequence[Pair] | None = None,
    surveys: Sequence[WaitingSurvey] | None = None,
) -> list[PairCard]:
    """``person``'s live pairs (those of ``pairs``, if given: ``person_pairs``), each
    with the next meeting and what is waiting for them, most urgent first: sign the
    agreement, log the last meeting held, answer the check-in, answer a survey,
    write the reflection. A fixed number of queries, however many pairs and meetings."""
    pairs = [pair for pair in (person_pairs(person) if pairs is None else pairs) if pair.is_live]
    if not pairs:
        return []
    ids = [pair.pk for pair in pairs]
    mine = MeetingLog.objects.filter(meeting=OuterRef("pk"), author=person)
    meetings = (
        Meeting.objects.filter(pair_id__in=ids, status=Meeting.Status.SCHEDULED)
        .annotate(logged=Exists(mine))
        .order_by("starts_at", "id")
    )
    by_pair: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_pair.setdefault(meeting.pair_id, []).append(meeting)
    checkins = {
        c.pair_id: c
        for c in PulseCheckin.objects.filter(
            pair_id__in=ids, person=person, answered_at__isnull=True
        ).order_by("round")
    }
    reflected = set(
        Reflection.objects.filter(pair_id__in=ids, author=person).values_list("pair_id", flat=True)
    )
    if surveys is None:
        surveys = surveys_waiting(person=person)
    survey_of = {waiting.survey.pair_id: waiting.survey for waiting in surveys}
    arcs = program_arcs(pair.program for pair in pairs)
    today = timezone.localdate(now)
    cards = []
    for pair in pairs:
        side = pair.side_of(person)
        card = PairCard(pair=pair, partner=pair.partner_of(person), my_side=side)
        held = [m for m in by_pair.get(pair.pk, []) if m.starts_at <= now]
        upcoming = [m for m in by_pair.get(pair.pk, []) if m.starts_at > now]
        card.held = len(held)
        card.arc_step = arc_step_for(arcs[pair.program_id], card.held + 1)
        if upcoming:
            card.next_meeting = upcoming[0]
            card.next_when = meeting_when_for(upcoming[0], person)
        card.reflection_due = reflection_due(program=pair.program, held=len(held), today=today)
        card.waiting = _waiting_steps(
            card,
            unlogged=next((m for m in reversed(held) if not m.logged), None),  # type: ignore[attr-defined]
            checkin=checkins.get(pair.pk),
            survey=survey_of.get(pair.pk),
            reflected=pair.pk in reflected,
        )
        cards.append(card)
    return cards


def _waiting_steps(
    card: PairCard,
    *,
    unlogged: Meeting | None,
    checkin: PulseCheckin | None,
    survey: Survey | None,
    reflected: bool,
) -> list[WaitingStep]:
    pair, partner = card.pair, card.partner.first_name
    steps = []
    agreement = getattr(pair, "agreement", None)
    if agreement is not None and not agreement.signed_by(card.my_side):
        label = f"Sign version {agreement.version} of your agreement with {partner}"
        url = reverse("pairs:agreement", args=[pair.uuid])
        if pair.signed_at is not None:
            note = (
                "It changed since you both signed it: read the new version, "
                "and sign it when you agree."
            )
        elif pair.program.sign_before_first_log:
            note = "Your meetings can be logged once you have both signed it."
        else:
            note = ""
        steps.append(WaitingStep("sign", label, url, note))
    if unlogged is not None:
        url = reverse("meetings:detail", args=[unlogged.uuid]) + "#log-heading"
        label = f"Log your meeting of {meeting_day(unlogged)}"
        steps.append(WaitingStep("log", label, url))
    if checkin is not None:
        url = reverse("pairs:checkin", args=[checkin.uuid])
        note = (
            "A two-question check-in is waiting for you: how is your pair going? Only the "
            "program's managers read your answers."
        )
        steps.append(WaitingStep("checkin", "Answer the two-question check-in", url, note))
    if survey is not None:
        url = reverse("surveys:answer", kwargs={"uuid": survey.uuid})
        note = (
            "A short survey is waiting for you. Your partner does not see your answers; they "
            "are only shown added up with other people's, never with your name."
        )
        steps.append(WaitingStep("survey", "Answer a short survey about your pairing", url, note))
    if card.reflection_due and not reflected:
        url = reverse("home:pair", args=[pair.uuid]) + "#reflection"
        note = "Near the end, each of you writes what changed and what you will do differently."
        steps.append(WaitingStep("reflection", "Write your closing reflection", url, note))
    return steps


def outcome_headlines(*, user: RequestUser) -> list[tuple[Program, str]]:
    """A few programs the user may read the outcomes of, each with its one sentence."""
    programs = [p for p in outcome_programs(user) if p.status in OUTCOME_STATUSES]
    return [
        (program, headline(program_outcomes_today(program=program)))
        for program in programs[:HOME_OUTCOMES]
    ]


def home_context(user: RequestUser) -> dict[str, Any]:
    roles = user_roles(user)
    person = user_person(user)
    # Organisation-wide managers (and administrators) see the organisation's figures;
    # a manager of some programs sees those programs only.
    is_manager = Role.PROGRAM_MANAGER in roles or Role.ADMINISTRATOR in roles
    context: dict[str, Any] = {
        "person": person,
        "roles": role_labels(roles),
        "is_manager": is_manager,
        "manages_programs": is_manager or MANAGES_SOME_PROGRAM in roles,
        "is_sponsor": Role.SPONSOR in roles,
    }
    if person is not None:
        context["progress"] = person_skill_progress(person=person)
        pairs = person_pairs(person)
        context["my_programs"] = my_programs_with_next_steps(user=user, pairs=pairs)
        # A survey is about a pair: someone who never had one has none waiting.
        waiting = surveys_waiting(person=person) if pairs else []
        context["pair_cards"] = pair_cards(
            person=person, now=timezone.now(), pairs=pairs, surveys=waiting
        )
        context["circle_cards"] = person_circles_next(person=person, now=timezone.now())
        # A survey of a live pair waits on its pair's card; the others (a closing
        # survey once the pair completed) are listed on their own.
        live = {card.pair.pk for card in context["pair_cards"]}
        context["surveys_waiting"] = [w for w in waiting if w.survey.pair_id not in live]
        context["events_coming_up"] = events_coming_up(person=person, now=timezone.now())
    if context["manages_programs"] or context["is_sponsor"]:
        context["can_create_program"] = program_can_create(user)
        context["programs"] = list(
            program_list_for_user(user=user).exclude(status="closed")[:HOME_PROGRAMS]
        )
        context["outcomes"] = outcome_headlines(user=user)
    if context["is_sponsor"]:
        # A sponsor's programs at a glance: pairs, meetings, check-ins, outcomes.
        context["sponsor_glances"] = sponsor_glances(
            user=user, now=timezone.now(), limit=HOME_PROGRAMS, outcomes=HOME_OUTCOMES
        )
        context["you_said"] = you_said_we_did_latest(user=user, limit=HOME_PROGRAMS)
    # Administrators count as managers here (``is_admin`` comes from the context processor).
    if is_manager or context["is_sponsor"]:
        context["stats"] = person_directory_stats()
        context["gaps"] = skill_gap_top(limit=5)
    return context
