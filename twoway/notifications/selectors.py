"""Reads for e-mail: which reminders are due, who switched what off, what a
link's token names.

``reminders_due`` finds every reminder that is due at ``now`` in a fixed number
of queries (one or two per kind, whatever the number of pairs). Whether one
was already sent is the ledger's business (``Notice``), not this module's.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from twoway.core.models import Role, RoleGrant, User
from twoway.meetings.models import Meeting, MeetingLog
from twoway.notifications.mail import unsubscribe_read
from twoway.notifications.models import EmailOptOut, Kind, Notice
from twoway.pairs.models import Agreement, Pair, PulseCheckin
from twoway.people.models import Person
from twoway.programs.models import Program

SOON = timedelta(hours=24)  # a meeting starting within this is "coming up"
LOG_WITHIN = timedelta(days=7)  # a meeting that ended this long ago is still worth logging
LONGEST_MEETING = timedelta(minutes=480)  # Meeting's check constraint
SIDES = ("mentor", "mentee")


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one user. ``key`` names it in the ledger, so that it is
    sent once however often it is found due. ``link`` is a URL name and its
    arguments, resolved when the e-mail is written."""

    key: str
    kind: str
    user: Any
    subject: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    link: tuple[str, dict[str, Any]] | None = None
    anchor: str = ""  # a part of the linked page, e.g. "agreement"


def _when(moment: datetime, zone_name: str) -> str:
    """``Tuesday 14 January 2025, 10:00 (Europe/Berlin)``; UTC for an unknown zone."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name) if zone_name else zoneinfo.ZoneInfo("UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({zone.key})"


def _partners(pair: Pair) -> list[tuple[Person, Person]]:
    """(person, their partner) for each side of ``pair`` that has a login."""
    return [
        (me, partner)
        for me, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor))
        if me.user_id is not None
    ]


def _meeting_pairs() -> tuple[str, ...]:
    return ("pair__program", "pair__mentor__user", "pair__mentee__user")


def meetings_coming_up(now: datetime) -> list[Reminder]:
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + SOON,
        pair__status__in=Pair.LIVE,
    ).select_related(*_meeting_pairs())
    reminders = []
    for meeting in meetings:
        for me, partner in _partners(meeting.pair):
            when = _when(meeting.starts_at, meeting.time_zone)
            here = _when(meeting.starts_at, me.time_zone) if me.time_zone else ""
            reminders.append(
                Reminder(
                    key=f"meeting_soon:{meeting.uuid}:{meeting.starts_at.isoformat()}:{me.user_id}",
                    kind=Kind.MEETING_SOON,
                    user=me.user,
                    subject=f"Coming up: your meeting with {partner.name}",
                    template="notifications/email/meeting_soon.txt",
                    context={
                        "me": me,
                        "partner": partner,
                        "program": meeting.pair.program,
                        "meeting": meeting,
                        "when": when,
                        "when_here": here if here != when else "",
                    },
                    link=("meetings:detail", {"uuid": meeting.uuid}),
                )
            )
    return reminders


def meetings_to_log(now: datetime) -> list[Reminder]:
    # Meetings last at most 8 hours, so this window holds every one that ended
    # within LOG_WITHIN; the exact end is checked below.
    meetings = [
        meeting
        for meeting in Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now - LOG_WITHIN - LONGEST_MEETING,
            starts_at__lte=now,
            pair__status__in=Pair.LIVE,
        ).select_related(*_meeting_pairs())
        if now - LOG_WITHIN < meeting.ends_at <= now
    ]
    logged = set(
        MeetingLog.objects.filter(meeting__in=meetings).values_list("meeting_id", "author_id")
    )
    reminders = []
    for meeting in meetings:
        for me, partner in _partners(meeting.pair):
            if (meeting.pk, me.pk) in logged:
                continue
            reminders.append(
                Reminder(
                    key=f"log:{meeting.uuid}:{me.user_id}",
                    kind=Kind.LOG_MEETING,
                    user=me.user,
                    subject=f"How did your meeting with {partner.name} go?",
                    template="notifications/email/log_meeting.txt",
                    context={
                        "me": me,
                        "partner": partner,
                        "program": meeting.pair.program,
                        "when": _when(meeting.starts_at, me.time_zone or meeting.time_zone),
                    },
                    link=("meetings:log", {"uuid": meeting.uuid}),
                )
            )
    return reminders


def agreements_to_sign() -> list[Reminder]:
    agreements = (
        Agreement.objects.filter(pair__status__in=Pair.LIVE)
        .filter(~Q(mentor_signed=F("version")) | ~Q(mentee_signed=F("version")))
        .select_related("pair__program", "pair__mentor__user", "pair__mentee__user")
    )
    reminders = []
    for agreement in agreements:
        pair = agreement.pair
        for me, partner in _partners(pair):
            side = pair.side_of(me)
            if getattr(agreement, f"{side}_signed") == agreement.version:
                continue
            partner_signed = getattr(
                agreement, f"{'mentee' if side == 'mentor' else 'mentor'}_signed"
            )
            reminders.append(
                Reminder(
                    key=f"agreement:{agreement.uuid}:v{agreement.version}:{me.user_id}",
                    kind=Kind.AGREEMENT,
                    user=me.user,
                    subject=f"Your agreement with {partner.name} waits for your signature",
                    template="notifications/email/agreement.txt",
                    context={
                        "me": me,
                        "partner": partner,
                        "program": pair.program,
                        "version": agreement.version,
                        "partner_signed": partner_signed == agreement.version,
                    },
                    link=("pairs:detail", {"uuid": pair.uuid}),
                    anchor="agreement",
                )
            )
    return reminders


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
    reminders = []
    for checkin in checkins:
        partner = checkin.pair.partner_of(checkin.person)
        reminders.append(
            Reminder(
                key=f"pulse:{checkin.uuid}",
                kind=Kind.PULSE,
                user=checkin.person.user,
                subject=f"Two questions about your pair with {partner.name}",
                template="notifications/email/pulse.txt",
                context={"me": checkin.person, "partner": partner, "program": checkin.pair.program},
                link=("pairs:checkin", {"uuid": checkin.uuid}),
            )
        )
    return reminders


def program_managers(program_ids: Iterable[int]) -> dict[int, list[User]]:
    """The program managers of each program: those granted it, and those who
    manage every program (organisation-wide grants)."""
    program_ids = list(program_ids)
    grants = (
        RoleGrant.objects.filter(role=Role.PROGRAM_MANAGER)
        .filter(Q(program__isnull=True) | Q(program_id__in=program_ids))
        .select_related("user")
        .order_by("user__email")
    )
    managers: dict[int, dict[int, User]] = {pk: {} for pk in program_ids}
    for grant in grants:
        for pk in program_ids if grant.program_id is None else [grant.program_id]:
            managers[pk][grant.user_id] = grant.user
    return {pk: list(users.values()) for pk, users in managers.items()}


def risk_digests(now: datetime) -> list[Reminder]:
    """This week's digest for each manager of each active program with pairs at
    risk. Reads the pairs' stored status: bring it up to date first."""
    at_risk: dict[int, list[Pair]] = defaultdict(list)
    programs: dict[int, Program] = {}
    for pair in (
        Pair.objects.filter(program__status=Program.Status.ACTIVE, status=Pair.Status.AT_RISK)
        .select_related("program", "mentor", "mentee")
        .order_by("program_id", "mentor__name", "mentee__name")
    ):
        at_risk[pair.program_id].append(pair)
        programs[pair.program_id] = pair.program
    if not at_risk:
        return []
    year, week, _ = timezone.localdate(now).isocalendar()
    reminders = []
    for program_id, users in program_managers(at_risk).items():
        program, pairs = programs[program_id], at_risk[program_id]
        for user in users:
            reminders.append(
                Reminder(
                    key=f"digest:{program.uuid}:{year}-W{week:02d}:{user.pk}",
                    kind=Kind.RISK_DIGEST,
                    user=user,
                    subject=(
                        f"{program.name}: {len(pairs)} {'pair' if len(pairs) == 1 else 'pairs'} "
                        "at risk this week"
                    ),
                    template="notifications/email/risk_digest.txt",
                    context={"recipient": user, "program": program, "pairs": pairs},
                    link=("pairs:health", {"slug": program.slug}),
                )
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
        sponsor = pair.program.sponsor
        who, other = (pair.mentor, pair.mentee) if side == "mentor" else (pair.mentee, pair.mentor)
        reminders.append(
            Reminder(
                key=f"escalation:{pair.uuid}:{side}",
                kind=Kind.ESCALATION,
                user=sponsor,
                subject=f"{pair.program.name}: repeated cancellations",
                template="notifications/email/escalation.txt",
                context={
                    "recipient": sponsor,
                    "program": pair.program,
                    "who": who,
                    "side": side,
                    "other": other,
                    "cancelled": cancelled,
                },
            )
        )
    return reminders


def reminders_due(*, now: datetime) -> list[Reminder]:
    """Every reminder due at ``now``, sent or not (the ledger decides)."""
    return [
        *meetings_coming_up(now),
        *meetings_to_log(now),
        *agreements_to_sign(),
        *checkins_unanswered(now),
        *risk_digests(now),
        *escalations(),
    ]


def notice_keys_taken(keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` the ledger already holds (sent, skipped or being sent)."""
    keys = list(keys)
    taken: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        taken.update(Notice.objects.filter(key__in=chunk).values_list("key", flat=True))
    return taken


def email_kinds_enabled(*, user: Any) -> set[str]:
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
