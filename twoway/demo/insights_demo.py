"""The demo's insights: what the pilot's juniors and seniors told the organisation
to start, stop or change, grouped into actions in every status, so that
"You said, we did" has something to show."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from twoway.core.models import User
from twoway.insights.models import Insight, InsightAction
from twoway.insights.services import action_create, action_update, insight_raise
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program

PILOT = "Reverse mentoring pilot"
S = InsightAction.Status


@dataclass(frozen=True)
class Said:
    side: str  # "mentor" (the junior) or "mentee" (the senior) raises it
    kind: str
    title: str
    text: str
    anonymous: bool = False
    name_shown: bool = False


# Each action with the insights behind it, its status, and what it says when it ends.
ACTIONS: list[tuple[str, str, str, list[Said]]] = [
    (
        "Stop printing the monthly board pack",
        S.DONE,
        "The board pack is now an online dashboard; printing stopped in March.",
        [
            Said(
                "mentor",
                "stop",
                "Stop printing the board pack",
                "Forty pages each month that nobody opens: the figures are already online.",
                name_shown=True,
            ),
            Said(
                "mentee",
                "change",
                "Read the figures on screen",
                "My mentor showed me the live dashboard; "
                "the printed pack is a week old when it arrives.",
            ),
            Said(
                "mentor",
                "stop",
                "Paper reports for the leadership team",
                "It takes a junior a full day to print and bind them.",
                anonymous=True,
            ),
        ],
    ),
    (
        "Caption every video we publish",
        S.IN_PROGRESS,
        "",
        [
            Said(
                "mentor",
                "start",
                "Caption our videos",
                "Most people watch social video muted; ours have no captions.",
                name_shown=True,
            ),
            Said(
                "mentee",
                "start",
                "Subtitles on the town-hall recordings",
                "I learned that captions help colleagues who work in a second language.",
            ),
        ],
    ),
    (
        "Let juniors join the quarterly strategy review",
        S.CONSIDERING,
        "",
        [
            Said(
                "mentor",
                "change",
                "Open the strategy review to juniors",
                "We hear about the strategy months later, second-hand.",
                anonymous=True,
            ),
            Said(
                "mentee",
                "change",
                "Invite two early-career colleagues each quarter",
                "My mentor's questions about our pricing were better than the board's.",
            ),
        ],
    ),
    (
        "A chat channel for customer questions",
        S.NEW,
        "",
        [
            Said(
                "mentor",
                "start",
                "Answer customers where they ask",
                "Customers under 30 message us on social media and wait days for an e-mail answer.",
            ),
        ],
    ),
    (
        "Meetings-free Fridays",
        S.WONT_DO,
        "",
        [
            Said(
                "mentor",
                "stop",
                "Stop Friday afternoon meetings",
                "Friday afternoons are when we could learn and build.",
                anonymous=True,
            ),
        ],
    ),
]
WONT_DO_REASON = (
    "Our customers' busiest day is Friday, and the teams who serve them meet then; "
    "instead, each team now keeps one afternoon a week free of meetings."
)
DONE_LINK = "https://intranet.example.org/board-dashboard"
# Insights left for the board to group.
UNGROUPED = [
    Said(
        "mentee",
        "change",
        "Shorter e-mails from the executive team",
        "My mentor rewrote one of mine in three lines; it said more.",
    ),
    Said(
        "mentor",
        "start",
        "Reverse mentoring for every new director",
        "What we learned in this pilot should not depend on volunteering.",
        anonymous=True,
    ),
]
PATHS: dict[str, list[str]] = {
    S.NEW: [],
    S.CONSIDERING: [S.CONSIDERING],
    S.IN_PROGRESS: [S.CONSIDERING, S.IN_PROGRESS],
    S.DONE: [S.CONSIDERING, S.IN_PROGRESS, S.DONE],
    S.WONT_DO: [S.CONSIDERING, S.WONT_DO],
}


def _people(program: Program) -> dict[str, list[Person]]:
    """The pilot's juniors (mentors) and seniors (mentees) who can log in."""
    sides: dict[str, list[Person]] = {"mentor": [], "mentee": []}
    pairs = Pair.objects.filter(program=program, published_at__isnull=False).select_related(
        "mentor__user", "mentee__user"
    )
    for pair in pairs.order_by("id"):
        for side in ("mentor", "mentee"):
            person = getattr(pair, side)
            if person.user is not None and person not in sides[side]:
                sides[side].append(person)
    return sides


def _raise(program: Program, said: Said, author: Person, pair: Pair | None) -> Insight:
    assert author.user is not None
    return insight_raise(
        actor=author.user,
        person=author,
        program=program,
        kind=said.kind,
        title=said.title,
        text=said.text,
        anonymous=said.anonymous,
        name_shown=said.name_shown,
        pair=pair,
    )


def demo_insights(*, seed: int, today: dt.date, manager: User, sponsor: User | None) -> int:
    """Raise the pilot's insights and act on them; returns how many were raised."""
    program = Program.objects.filter(name=PILOT).first()
    if program is None:
        return 0
    sides = _people(program)
    if not sides["mentor"] or not sides["mentee"]:
        return 0
    rng = random.Random(seed * 6151 + 11)
    pair_of = {
        person.pk: pair
        for pair in Pair.objects.filter(program=program, published_at__isnull=False)
        for person in (pair.mentor, pair.mentee)
    }
    raised: list[Insight] = []
    editor = sponsor or manager
    for title, status, what_changed, said_list in ACTIONS:
        insights = []
        for said in said_list:
            author = rng.choice(sides[said.side])
            insights.append(_raise(program, said, author, pair_of.get(author.pk)))
        raised += insights
        action = action_create(actor=manager, program=program, title=title, insights=insights)
        owner = rng.choice(sides["mentee"])
        for step in PATHS[status]:
            action_update(
                actor=editor if step == S.DONE else manager,
                action=action,
                title=title,
                owner=owner if status != S.NEW else None,
                owner_team="Finance operations" if status == S.DONE else "",
                status=step,
                what_changed=what_changed if step == S.DONE else "",
                link=DONE_LINK if step == S.DONE else "",
                wont_do_reason=WONT_DO_REASON if step == S.WONT_DO else "",
            )
    for said in UNGROUPED:
        author = rng.choice(sides[said.side])
        raised.append(_raise(program, said, author, pair_of.get(author.pk)))
    # Spread them over the past weeks, oldest first, as people raised them.
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=20), dt.time(10)))
    for index, insight in enumerate(raised):
        Insight.objects.filter(pk=insight.pk).update(
            created_at=start + dt.timedelta(days=index * 20 // len(raised), hours=index)
        )
    return len(raised)
