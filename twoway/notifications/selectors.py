"""Reads for e-mail: which reminders are due, who switched what off, what a
link's token names.

``reminders_due`` finds every reminder that is due at ``now`` in a fixed number
of queries (one or two per kind, whatever the number of pairs). Whether one
was already sent, or is waiting to be tried again, is the ledger's business
(``Notice``, read by ``notices_by_key``).
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from twoway.circles.models import CircleMember, CircleSession
from twoway.core.models import User
from twoway.core.roles import program_manager_users
from twoway.meetings.models import LONGEST_MINUTES, Meeting, MeetingLog
from twoway.notifications.mail import unsubscribe_read
from twoway.notifications.models import EmailOptOut, Kind, Notice
from twoway.pairs.models import Agreement, Pair, PulseCheckin
from twoway.people.models import Person
from twoway.programs.models import Program

SOON = timedelta(hours=24)  # a meeting starting within this is "coming up"
LOG_WITHIN = timedelta(days=7)  # a meeting that ended this long ago is still worth logging
LONGEST_MEETING = timedelta(minutes=LONGEST_MINUTES)
SIDES = ("mentor", "mentee")
# A pair's program and both its people with their logins: what a reminder names.
PAIR_PEOPLE = ("pair__program", "pair__mentor__user", "pair__mentee__user")


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one user. ``key`` names it in the ledger, so that it is
    sent once however often it is found due. ``link`` is a URL name and its
    arguments, resolved when the e-mail is written."""

    key: str
    kind: str
    user: User | None  # None: a person without a login, who is not written to
    subject: str
    context: dict[str, Any] = field(default_factory=dict)
    link: tuple[str, dict[str, Any]] | None = None
    anchor: str = ""  # a part of the linked page, e.g. "agreement"
    # The e-mail's template, when it is not the kind's own (a circle's session
    # is a meeting coming up, told in its own words).
    body: str = ""

    @property
    def template(self) -> str:
        return f"notifications/email/{self.body or self.kind}.txt"


def _when(moment: datetime, zone_name: str) -> str:
    """``Tuesday 14 January 2025, 10:00 (Europe/Berlin)``; UTC for an unknown zone."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name) if zone_name else zoneinfo.ZoneInfo("UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({zone.key})"


def _sides_with_login(pair: Pair) -> list[Person]:
    return [person for person in (pair.mentor, pair.mentee) if person.user_id is not None]


def _to_partner(
    me: Person,
    pair: Pair,
    *,
    kind: str,
    key: str,
    subject: str,
    link: tuple[str, dict[str, Any]],
    anchor: str = "",
    **context: Any,
) -> Reminder:
    """A reminder to ``me`` about their pair; ``{partner}`` in ``subject`` is
    their partner's name, and the context names both and the program."""
    partner = pair.partner_of(me)
    return Reminder(
        key=key,
        kind=kind,
        user=me.user,
        subject=subject.format(partner=partner.name),
        context={"me": me, "partner": partner, "program": pair.program, **context},
        link=link,
        anchor=anchor,
    )


def _live_meetings(**window: Any) -> QuerySet[Meeting]:
    """Planned meetings of live pairs in ``window``, with the pair's program and people."""
    return Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, pair__status__in=Pair.LIVE, **window
    ).select_related(*PAIR_PEOPLE)


def meetings_coming_up(now: datetime) -> list[Reminder]:
    reminders = []
    for meeting in _live_meetings(starts_at__gt=now, starts_at__lte=now + SOON):
        when = _when(meeting.starts_at, meeting.time_zone)
        for me in _sides_with_login(meeting.pair):
            here = _when(meeting.starts_at, me.time_zone) if me.time_zone else ""
            reminders.append(
                _to_partner(
                    me,
                    meeting.pair,
                    kind=Kind.MEETING_SOON,
                    key=f"meeting_soon:{meeting.uuid}:{meeting.starts_at.isoformat()}:{me.user_id}",
                    subject="Coming up: your meeting with {partner}",
                    link=("meetings:detail", {"uuid": meeting.uuid}),
                    meeting=meeting,
                    when=when,
                    when_here=here if here != when else "",
                )
            )
    return reminders


def circle_sessions_coming_up(now: datetime) -> list[Reminder]:
    """A day before each planned session of a published circle, to each member."""
    sessions = list(
        CircleSession.objects.filter(
            status=CircleSession.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + SOON,
            circle__published_at__isnull=False,
            circle__program__status=Program.Status.ACTIVE,
        ).select_related("circle__program", "presenter")
    )
    members: dict[int, list[Person]] = defaultdict(list)
    for member in CircleMember.objects.filter(
        circle_id__in={session.circle_id for session in sessions}, person__user__isnull=False
    ).select_related("person__user"):
        members[member.circle_id].append(member.person)
    reminders = []
    for session in sessions:
        when = _when(session.starts_at, session.time_zone)
        for me in members[session.circle_id]:
            here = _when(session.starts_at, me.time_zone) if me.time_zone else ""
            reminders.append(
                Reminder(
                    key=f"circle_soon:{session.uuid}:{session.starts_at.isoformat()}:{me.user_id}",
                    kind=Kind.MEETING_SOON,
                    body="circle_session_soon",
                    user=me.user,
                    subject=f"Coming up: {session.circle.name}, {session.topic}",
                    context={
                        "me": me,
                        "session": session,
                        "circle": session.circle,
                        "program": session.circle.program,
                        "when": when,
                        "when_here": here if here != when else "",
                        "presenting": session.presenter_id == me.pk,
                    },
                    link=("circles:session", {"uuid": session.uuid}),
                )
            )
    return reminders


def meetings_to_log(now: datetime) -> list[Reminder]:
    # Meetings last at most 8 hours, so this window holds every one that ended
    # within LOG_WITHIN; the exact end is checked below.
    window = _live_meetings(starts_at__gt=now - LOG_WITHIN - LONGEST_MEETING, starts_at__lte=now)
    meetings = [meeting for meeting in window if now - LOG_WITHIN < meeting.ends_at <= now]
    logged = set(
        MeetingLog.objects.filter(meeting__in=meetings).values_list("meeting_id", "author_id")
    )
    return [
        _to_partner(
            me,
            meeting.pair,
            kind=Kind.LOG_MEETING,
            key=f"log:{meeting.uuid}:{me.user_id}",
            subject="How did your meeting with {partner} go?",
            link=("meetings:log", {"uuid": meeting.uuid}),
            when=_when(meeting.starts_at, me.time_zone or meeting.time_zone),
        )
        for meeting in meetings
        for me in _sides_with_login(meeting.pair)
        if (meeting.pk, me.pk) not in logged
    ]


def agreements_to_sign() -> list[Reminder]:
    agreements = (
        Agreement.objects.filter(pair__status__in=Pair.LIVE)
        .filter(~Q(mentor_signed=F("version")) | ~Q(mentee_signed=F("version")))
        .select_related(*PAIR_PEOPLE)
    )
    return [
        _to_partner(
            me,
            agreement.pair,
            kind=Kind.AGREEMENT,
            key=f"agreement:{agreement.uuid}:v{agreement.version}:{me.user_id}",
            subject="Your agreement with {partner} waits for your signature",
            link=("home:pair", {"uuid": agreement.pair.uuid}),
            anchor="agreement",
            version=agreement.version,
            # ``me`` has not signed, so a single missing signature means the partner has.
            partner_signed=agreement.signatures_missing == 1,
        )
        for agreement in agreements
        for me in _sides_with_login(agreement.pair)
        if not agreement.signed_by(agreement.pair.side_of(me))
    ]


def checkins_unanswered(now: datetime) -> list[Reminder]:
    checkins = (
        PulseCheckin.objects.filter(
            answered_at__isnull=True,
            due_on__lte=timezone.localdate(now),
            pair__status__in=Pair.LIVE,
            person__user__isnull=False,
        )
        .defer("note")
        .select_related("person__user", "pair__program", "pair__mentor", "pair__mentee")
    )
    return [
        _to_partner(
            checkin.person,
            checkin.pair,
            kind=Kind.PULSE,
            key=f"pulse:{checkin.uuid}",
            subject="Two questions about your pair with {partner}",
            link=("pairs:checkin", {"uuid": checkin.uuid}),
        )
        for checkin in checkins
    ]


def risk_digests(now: datetime) -> list[Reminder]:
    """This week's digest for each manager of each active program with pairs at
    risk. Reads the pairs' stored status: bring it up to date first."""
    at_risk: dict[int, list[Pair]] = defaultdict(list)
    for pair in (
        Pair.objects.filter(program__status=Program.Status.ACTIVE, status=Pair.Status.AT_RISK)
        .select_related("program", "mentor", "mentee")
        .order_by("program_id", "mentor__name", "mentee__name")
    ):
        at_risk[pair.program_id].append(pair)
    if not at_risk:
        return []
    year, week, _ = timezone.localdate(now).isocalendar()
    reminders: list[Reminder] = []
    for program_id, users in program_manager_users(at_risk).items():
        pairs = at_risk[program_id]
        program = pairs[0].program
        subject = f"{program.name}: {len(pairs)} {'pair' if len(pairs) == 1 else 'pairs'}"
        reminders.extend(
            Reminder(
                key=f"digest:{program.uuid}:{year}-W{week:02d}:{user.pk}",
                kind=Kind.RISK_DIGEST,
                user=user,
                subject=f"{subject} at risk this week",
                context={"recipient": user, "program": program, "pairs": pairs},
                link=("meetings:health", {"slug": program.slug}),
            )
            for user in users
        )
    return reminders


def escalations() -> list[Reminder]:
    rows = (
        Meeting.objects.filter(
            status=Meeting.Status.CANCELLED,
            cancelled_side__in=SIDES,
            pair__status__in=Pair.LIVE,
            pair__program__sponsor__isnull=False,
        )
        .values("pair_id", "cancelled_side", "pair__program__escalate_after_cancellations")
        .annotate(cancelled=Count("id"))
        .order_by("pair_id", "cancelled_side")  # also keeps Meeting's ordering out of GROUP BY
    )
    counts = [
        (row["pair_id"], row["cancelled_side"], row["cancelled"])
        for row in rows
        if row["cancelled"] >= row["pair__program__escalate_after_cancellations"]
    ]
    pairs = Pair.objects.select_related("program__sponsor", "mentor", "mentee").in_bulk(
        {pair_id for pair_id, _, _ in counts}
    )
    reminders = []
    for pair_id, side, cancelled in counts:
        pair = pairs[pair_id]
        sponsor, who = pair.program.sponsor, getattr(pair, side)
        reminders.append(
            Reminder(
                key=f"escalation:{pair.uuid}:{side}",
                kind=Kind.ESCALATION,
                user=sponsor,
                subject=f"{pair.program.name}: repeated cancellations",
                context={
                    "recipient": sponsor,
                    "program": pair.program,
                    "who": who,
                    "side": side,
                    "other": pair.partner_of(who),
                    "cancelled": cancelled,
                },
            )
        )
    return reminders


def reminders_due(*, now: datetime) -> list[Reminder]:
    """Every reminder due at ``now``, sent or not (the ledger decides)."""
    return [
        *meetings_coming_up(now),
        *circle_sessions_coming_up(now),
        *meetings_to_log(now),
        *agreements_to_sign(),
        *checkins_unanswered(now),
        *risk_digests(now),
        *escalations(),
    ]


def notices_by_key(keys: Iterable[str]) -> dict[str, Notice]:
    """The ledger's rows for those of ``keys`` it holds (whatever their outcome),
    with just what deciding whether to send needs."""
    keys = list(keys)
    found: dict[str, Notice] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = Notice.objects.filter(key__in=chunk).only(
            "id", "key", "outcome", "attempts", "next_attempt_at"
        )
        found.update((notice.key, notice) for notice in rows)
    return found


def notices_given_up() -> QuerySet[Notice]:
    """The reminders the ledger gave up on (outcome *failed*), latest first."""
    return (
        Notice.objects.filter(outcome=Notice.Outcome.FAILED)
        .select_related("user")
        .order_by("-updated_at", "-id")
    )


def email_opt_outs(*, users: Iterable[User | None]) -> set[tuple[int, str]]:
    """The (user key, kind) of every kind ``users`` switched off, in one query."""
    ids = {user.pk for user in users if user is not None}
    return set(EmailOptOut.objects.filter(user_id__in=ids).values_list("user_id", "kind"))


def email_kinds_enabled(*, user: User) -> set[str]:
    """The kinds of e-mail ``user`` has not switched off."""
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return set(Kind.values) - off


def unsubscribe_target(*, token: str) -> tuple[User, str] | None:
    """The (active or not) user and the kind a token names, or None when the
    token is not one of ours or its user is gone."""
    read = unsubscribe_read(token)
    if read is None:
        return None
    user_id, kind = read
    user = User.objects.filter(pk=user_id).first()
    return (user, kind) if user is not None else None
