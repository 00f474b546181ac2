"""Reads of the insights app, scoped to the reader.

Three audiences: a person taking part raises insights in their own programs
(``insight_source_get``); the program's managers and sponsors work the board
(``board_get``); everyone reads "You said, we did" for the programs they take
part in, run or sponsor (``you_said_we_did``).

An anonymous insight's author leaves this module only through
``insight_author_for_manager``: the rows the pages show carry ``author_name``,
empty for an anonymous insight, whoever reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from twoway.circles.models import CircleMember, CircleSession
from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.models import Role
from twoway.core.roles import user_has_role, user_managed_program_ids, user_manages_program
from twoway.core.small_groups import min_group_size
from twoway.insights.models import Insight, InsightAction
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program
from twoway.programs.selectors import PARTICIPANT, program_relation

NOT_YOURS = "No such program"
BOARD_IS_FOR = (
    "The insights board is for the program's managers and sponsors. "
    "What they do about insights shows on “You said, we did”."
)
# Filters of the board: "" every insight, OPEN those not grouped yet, or an action's status.
OPEN = "open"


# --- who takes part where ------------------------------------------------------------


def person_program_ids(person: Person) -> set[int]:
    """Programs ``person`` takes part in: a published pair, a circle, or enrolled."""
    pairs = Pair.objects.filter(
        Q(mentor=person) | Q(mentee=person), published_at__isnull=False
    ).values_list("program_id", flat=True)
    circles = CircleMember.objects.filter(person=person).values_list("program_id", flat=True)
    enrolled = Enrollment.objects.filter(
        person=person, status=Enrollment.Status.ENROLLED
    ).values_list("program_id", flat=True)
    return set(pairs.order_by().union(circles.order_by(), enrolled.order_by()))


def person_programs(person: Person) -> list[Program]:
    """The programs ``person`` may raise insights in, by name."""
    return list(Program.objects.filter(pk__in=person_program_ids(person)).order_by("name"))


def user_sponsors_program(user: RequestUser, program: Program) -> bool:
    """The program's own sponsor, or an organisation-wide sponsor."""
    if not user.is_authenticated:
        return False
    return program.sponsor_id == user.pk or user_has_role(user, Role.SPONSOR)


# --- raising an insight -----------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where an insight is raised from: its program, and the author's pair,
    meeting or circle session it came up in (each optional)."""

    program: Program
    pair: Pair | None = None
    meeting: Meeting | None = None
    session: CircleSession | None = None

    @property
    def query(self) -> dict[str, str]:
        """The address parameters that name this source again."""
        if self.meeting is not None:
            return {"meeting": str(self.meeting.uuid)}
        if self.session is not None:
            return {"session": str(self.session.uuid)}
        if self.pair is not None:
            return {"pair": str(self.pair.uuid)}
        return {"program": self.program.slug}

    @property
    def label(self) -> str:
        if self.meeting is not None:
            return f"your meeting of {self.meeting.starts_at:%d %B %Y}"
        if self.session is not None:
            return f"{self.session.circle.name}, session {self.session.number}"
        if self.pair is not None:
            return "your pair"
        return ""


def insight_source_get(
    *, person: Person, program: str = "", pair: str = "", meeting: str = "", session: str = ""
) -> Source | None:
    """The source the address names, if it is the person's own; Http404 for
    anything else (someone else's pair, a program they do not take part in).
    None when the address names nothing: the person chooses the program."""
    if meeting:
        found = object_or_404(
            Meeting.objects.select_related("pair__program"), "No such meeting", uuid=meeting
        )
        if not found.pair.side_of(person):
            raise Http404("No such meeting")
        return Source(found.pair.program, pair=found.pair, meeting=found)
    if session:
        circle_session = object_or_404(
            CircleSession.objects.select_related("circle__program"),
            "No such session",
            uuid=session,
        )
        member = CircleMember.objects.filter(circle=circle_session.circle, person=person)
        if not member.exists():
            raise Http404("No such session")
        return Source(circle_session.circle.program, session=circle_session)
    if pair:
        found_pair = object_or_404(
            Pair.objects.select_related("program"),
            "No such pair",
            uuid=pair,
            published_at__isnull=False,
        )
        if not found_pair.side_of(person):
            raise Http404("No such pair")
        return Source(found_pair.program, pair=found_pair)
    if program:
        found_program = object_or_404(Program.objects.all(), NOT_YOURS, slug=program)
        if found_program.pk not in person_program_ids(person):
            raise Http404(NOT_YOURS)
        return Source(found_program)
    return None


# --- the board -----------------------------------------------------------------------------


def board_get(*, user: RequestUser, slug: str) -> tuple[Program, bool]:
    """The program and whether the user manages it (else they sponsor it).
    A participant of the program is refused (403); anybody else gets a 404."""
    program = object_or_404(Program.objects.select_related("sponsor"), NOT_YOURS, slug=slug)
    if user_manages_program(user, program):
        return program, True
    if user_sponsors_program(user, program):
        return program, False
    if program_relation(user=user, program=program) == PARTICIPANT:
        raise PermissionDenied(BOARD_IS_FOR)
    raise Http404(NOT_YOURS)


@dataclass(frozen=True)
class BoardInsight:
    insight: Insight
    author_name: str  # "" when anonymous: the board never prints that author
    source: str

    @property
    def anonymous(self) -> bool:
        return self.insight.anonymous


def _source_words(insight: Insight) -> str:
    if insight.meeting_id is not None:
        return "a pair's meeting"
    if insight.session_id is not None:
        return "a circle's session"
    if insight.pair_id is not None:
        return "a pair"
    return "the program"


def board_insights(*, program: Program, status: str = "") -> QuerySet[Insight]:
    """The program's insights, newest first, filtered by what became of them."""
    insights = Insight.objects.filter(program=program).select_related("author", "action")
    if status == OPEN:
        insights = insights.filter(action__isnull=True)
    elif status in InsightAction.Status.values:
        insights = insights.filter(action__status=status)
    return insights.order_by("-created_at", "-id")


def board_rows(insights: list[Insight]) -> list[BoardInsight]:
    return [
        BoardInsight(
            insight,
            author_name="" if insight.anonymous else insight.author.name,
            source=_source_words(insight),
        )
        for insight in insights
    ]


def board_actions(*, program: Program) -> list[InsightAction]:
    """The program's actions, newest first, each with ``insight_count``."""
    return list(
        InsightAction.objects.filter(program=program)
        .select_related("owner")
        .annotate(insight_count=Count("insights"))
        .order_by("-created_at", "-id")
    )


def board_action_get(*, program: Program, uuid: str) -> InsightAction:
    return object_or_404(
        InsightAction.objects.select_related("owner", "program"),
        "No such action",
        program=program,
        uuid=uuid,
    )


def board_insights_chosen(*, program: Program, uuids: list[str]) -> list[Insight]:
    """The insights of ``program`` among ``uuids``; Http404 if any is not one of them."""
    chosen = list(Insight.objects.filter(program=program, uuid__in=uuids))
    if len(chosen) != len(set(uuids)):
        raise Http404("No such insight")
    return chosen


def insight_get_for_board(*, program: Program, uuid: str) -> Insight:
    return object_or_404(
        Insight.objects.select_related("author", "program"),
        "No such insight",
        program=program,
        uuid=uuid,
    )


def insight_author_for_manager(*, user: RequestUser, insight: Insight) -> Person:
    """Who raised ``insight``: for the program's managers alone (sponsors are
    refused, as the board told them it is anonymous)."""
    if not user_manages_program(user, insight.program):
        raise PermissionDenied("Only the program's managers may see who raised an insight.")
    return insight.author


# --- "You said, we did" ------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    kind: str
    title: str
    text: str
    name: str  # "" unless the author agreed (never for an anonymous insight)


@dataclass
class SaidDone:
    """One action as everyone reads it: what was said, and what was done."""

    action: InsightAction
    quotes: list[Quote] = field(default_factory=list)
    raised_by: str = ""

    @property
    def sentence(self) -> str:
        action = self.action
        status = InsightAction.Status
        if action.status == status.DONE:
            return f"Done: {action.what_changed}"
        if action.status == status.WONT_DO:
            reason = action.wont_do_reason
            if reason[:1].isupper() and reason[1:2].islower():
                reason = reason[0].lower() + reason[1:]  # "because our customers…"
            return f"We won't do this, because {reason}"
        if action.status == status.IN_PROGRESS:
            return "We are working on it."
        if action.status == status.CONSIDERING:
            return "We are looking into it."
        return "We have heard this and will look at it."


# The order of the page's groups: what was done first, what was refused last.
STATUS_ORDER = [
    InsightAction.Status.DONE,
    InsightAction.Status.IN_PROGRESS,
    InsightAction.Status.CONSIDERING,
    InsightAction.Status.NEW,
    InsightAction.Status.WONT_DO,
]
STATUS_HEADINGS = {
    InsightAction.Status.DONE: "Done",
    InsightAction.Status.IN_PROGRESS: "We are working on it",
    InsightAction.Status.CONSIDERING: "We are looking into it",
    InsightAction.Status.NEW: "Just heard",
    InsightAction.Status.WONT_DO: "We won't do these, and why",
}


def user_program_ids(user: RequestUser) -> set[int]:
    """Programs the user takes part in (``person_program_ids`` of their record)."""
    person = user_person(user)
    return person_program_ids(person) if person is not None else set()


def readable_program_ids(user: RequestUser, *, taking_part: set[int]) -> set[int] | None:
    """Programs whose actions ``user`` reads on "You said, we did": those they take
    part in (``taking_part``: ``user_program_ids``), run or sponsor. None means
    every program."""
    if not user.is_authenticated:
        return set()
    managed = user_managed_program_ids(user)
    if managed is None or user_has_role(user, Role.SPONSOR):
        return None
    ids = set(managed) | taking_part
    ids |= set(Program.objects.filter(sponsor=user).values_list("pk", flat=True))
    return ids


def raised_by_words(program: Program, authors: int) -> str:
    """How many people raised it, only from the small-group size up."""
    if authors >= min_group_size():
        return f"Raised by {authors} people in {program.name}"
    return f"Raised in {program.name}"


def you_said_we_did_actions(*, user: RequestUser, taking_part: set[int]) -> QuerySet[InsightAction]:
    """Actions of the programs the user reads, grouped by status, newest first
    (``taking_part``: ``user_program_ids``, which the page also needs)."""
    ids = readable_program_ids(user, taking_part=taking_part)
    actions = InsightAction.objects.filter(insights__isnull=False).distinct()
    if ids is not None:
        actions = actions.filter(program_id__in=ids)
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    rank = Case(
        *[When(status=status, then=Value(index)) for status, index in order.items()],
        output_field=IntegerField(),
    )
    return (
        actions.select_related("program", "owner")
        .annotate(rank=rank)
        .order_by("rank", "-status_changed_at", "-created_at", "-id")
    )


def said_done_rows(actions: list[InsightAction]) -> list[SaidDone]:
    """Each action with its quotes (one query for every action's insights)."""
    by_action: dict[int, list[Insight]] = {action.pk: [] for action in actions}
    insights = (
        Insight.objects.filter(action_id__in=list(by_action))
        .select_related("author")
        .order_by("-created_at", "-id")
    )
    for insight in insights:
        by_action[insight.action_id].append(insight)  # type: ignore[index]
    rows = []
    for action in actions:
        mine = by_action[action.pk]
        rows.append(
            SaidDone(
                action,
                quotes=[Quote(i.get_kind_display(), i.title, i.text, i.quote_name) for i in mine],
                raised_by=raised_by_words(action.program, len({i.author_id for i in mine})),
            )
        )
    return rows


def you_said_we_did_latest(*, user: RequestUser, limit: int = 5) -> list[InsightAction]:
    """The latest actions of the programs the user sponsors, for their home."""
    if not user.is_authenticated:
        return []
    actions = InsightAction.objects.filter(insights__isnull=False).distinct()
    if not user_has_role(user, Role.SPONSOR):
        actions = actions.filter(program__sponsor=user)
    return list(actions.select_related("program").order_by("-updated_at", "-id")[:limit])
