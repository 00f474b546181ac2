"""Reading surveys: one's own survey and the questions it asks, the surveys
waiting for a person, a program's questions, and the aggregates
(``survey_results``), the only way answers leave this app.

Every figure in the aggregates passes ``core.small_groups``: a side with fewer
than ``REPORT_MIN_GROUP_SIZE`` people who answered shows neither a count nor a
mean, and when one side of a question is hidden the other is hidden too
(complementary suppression), so that a total shown elsewhere cannot give it
away. Comments are shown without names, sorted alphabetically, once at least
that many people answered the survey in the program.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Avg, Count, Q
from django.http import Http404

from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.small_groups import is_small, min_group_size, suppress_small_groups
from twoway.pairs.models import Pair
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.programs.selectors import program_get_for_manager
from twoway.surveys import instrument
from twoway.surveys.models import Survey, SurveyAnswer, SurveyQuestion

# --- one person's surveys ----------------------------------------------------------------


def survey_get_for_person(*, user: RequestUser, uuid: UUID | str) -> Survey:
    """A survey, for the person it asks alone; 404 for anybody else."""
    survey = object_or_404(
        Survey.objects.select_related("pair__program", "pair__mentor", "pair__mentee", "person"),
        "No such survey",
        uuid=uuid,
    )
    person = user_person(user)
    if person is None or person.pk != survey.person_id:
        raise Http404("No such survey")
    return survey


def program_questions(*, program: Program, active_only: bool = False) -> list[SurveyQuestion]:
    """The questions a program's managers added, in their order."""
    questions = SurveyQuestion.objects.filter(program=program).order_by("order", "id")
    if active_only:
        questions = questions.filter(active=True)
    return list(questions)


def survey_questions(*, survey: Survey) -> list[instrument.Question]:
    """What ``survey`` asks: the default questions for its side, then the
    program's active questions for its kind."""
    own = [
        question.as_question()
        for question in program_questions(program=survey.pair.program, active_only=True)
        if survey.kind in question.survey_kinds
    ]
    return [*instrument.default_questions(survey.kind, survey.side), *own]


@dataclass(frozen=True)
class WaitingSurvey:
    survey: Survey
    partner: Person
    program: Program


def surveys_waiting(*, person: Person) -> list[WaitingSurvey]:
    """The surveys ``person`` has neither answered nor declined, oldest first
    (not those of a pair that ended early)."""
    surveys = (
        Survey.objects.filter(person=person, answered_at__isnull=True, declined_at__isnull=True)
        .exclude(pair__status=Pair.Status.ENDED)
        .select_related("pair__program", "pair__mentor", "pair__mentee")
        .order_by("sent_at", "id")
    )
    return [WaitingSurvey(s, s.pair.partner_of(person), s.pair.program) for s in surveys]


def survey_open_for(*, pair: Pair, person: Person) -> Survey | None:
    """The person's survey in ``pair`` still waiting for them, if there is one."""
    return (
        Survey.objects.filter(pair=pair, person=person, answered_at__isnull=True)
        .filter(declined_at__isnull=True)
        .order_by("-sent_at", "-id")
        .first()
    )


def survey_question_get_for_manager(
    *, user: RequestUser, slug: str, uuid: UUID | str
) -> SurveyQuestion:
    """A program's question, for the program's managers; 404 for anybody else."""
    program = program_get_for_manager(user=user, slug=slug)
    question = object_or_404(
        SurveyQuestion.objects.select_related("program"),
        "No such question",
        uuid=uuid,
        program=program,
    )
    return question


# --- the aggregates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One side's answers to one question in one survey.

    ``n`` is the number of people who answered, ``mean`` their mean; both are
    None when the cell is suppressed (``suppressed_because``: "small", under
    the minimum, or "complement", hidden so that the other side cannot be
    worked out). ``asked`` is False where the survey does not ask it.
    """

    asked: bool
    n: int | None = None
    mean: float | None = None
    suppressed: bool = False
    suppressed_because: str = ""


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    kind: str
    surveys: tuple[str, ...]
    source: str  # "default", "program" (a manager's question) or "score" (the GES)
    active: bool
    # side ("mentor", "mentee") -> survey ("baseline", "closing") -> Cell
    cells: dict[str, dict[str, Cell]]
    # side -> closing mean minus baseline mean, when both are shown
    change: dict[str, float | None]


@dataclass(frozen=True)
class Comment:
    question_key: str
    text: str


@dataclass(frozen=True)
class CommentSet:
    """The comments of one survey in a program, without names."""

    kind: str
    people: int | None  # people who answered this survey (None under the minimum)
    held_back: bool  # fewer people answered than the minimum: no comment is shown
    comments: tuple[Comment, ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(comment.text for comment in self.comments)


@dataclass(frozen=True)
class SurveyResults:
    program_id: int
    min_group_size: int
    # side -> survey -> Cell: people who answered (or declined: not counted); mean is None
    responses: dict[str, dict[str, Cell]]
    # The default numeric questions first, then the program's
    questions: tuple[QuestionResult, ...]
    # The General Evaluation Scale: each person's mean of the six items, averaged
    ges: QuestionResult
    # survey -> its comments
    comments: dict[str, CommentSet] = field(default_factory=dict)

    def question(self, key: str) -> QuestionResult:
        for result in (*self.questions, self.ges):
            if result.key == key:
                return result
        raise KeyError(key)


_Figures = dict[tuple[str, str], tuple[int, float | None]]  # (side, survey) -> (n, mean)


def _cells(surveys: tuple[str, ...], figures: _Figures) -> dict[str, dict[str, Cell]]:
    """Each side's cells for one question, suppressed side against side."""
    cells: dict[str, dict[str, Cell]] = {side: {} for side in instrument.SIDES}
    for kind in instrument.KINDS:
        if kind not in surveys:
            for side in instrument.SIDES:
                cells[side][kind] = Cell(asked=False)
            continue
        rows = [
            {
                "side": side,
                "n": figures.get((side, kind), (0, None))[0],
                "mean": figures.get((side, kind), (0, None))[1],
            }
            for side in instrument.SIDES
        ]
        for row in suppress_small_groups(rows, size_key="n", keep=("side",)):
            mean = row["mean"]
            cells[row["side"]][kind] = Cell(
                asked=True,
                n=row["n"],
                mean=None if mean is None else round(float(mean), 2),
                suppressed=row["suppressed"],
                suppressed_because=row["suppressed_because"],
            )
    return cells


def _change(cells: dict[str, dict[str, Cell]]) -> dict[str, float | None]:
    change: dict[str, float | None] = {}
    for side, by_kind in cells.items():
        start, end = by_kind[instrument.BASELINE].mean, by_kind[instrument.CLOSING].mean
        change[side] = None if start is None or end is None else round(end - start, 2)
    return change


def _result(
    question: instrument.Question, figures: _Figures, *, source: str, active: bool = True
) -> QuestionResult:
    cells = _cells(question.surveys, figures)
    return QuestionResult(
        key=question.key,
        text=question.text,
        kind=question.kind,
        surveys=question.surveys,
        source=source,
        active=active,
        cells=cells,
        change=_change(cells),
    )


def survey_results(*, program: Program) -> SurveyResults:
    """What a program's surveys found, in groups large enough to show.

    Five queries whatever the program's size: the program's questions, the
    number of people who answered each survey, the count and mean of every
    numeric question by side and survey, each answered survey's GES items,
    and (only for surveys enough people answered) the comments.
    """
    k = min_group_size()
    answers = SurveyAnswer.objects.filter(survey__pair__program=program)
    own = program_questions(program=program)

    # People who answered each survey, by side and in all.
    answered = Q(answered_at__isnull=False)
    counts = Survey.objects.filter(answered, pair__program=program).aggregate(
        **{
            f"{kind}_{side}": Count("person", distinct=True, filter=Q(kind=kind, side=side))
            for kind in instrument.KINDS
            for side in instrument.SIDES
        },
        **{
            f"{kind}_all": Count("person", distinct=True, filter=Q(kind=kind))
            for kind in instrument.KINDS
        },
    )
    responses = _cells(
        instrument.KINDS,
        {
            (side, kind): (counts[f"{kind}_{side}"], None)
            for kind in instrument.KINDS
            for side in instrument.SIDES
        },
    )

    # Every numeric question: people and mean, by side and survey.
    by_key: dict[str, _Figures] = defaultdict(dict)
    for row in (
        answers.filter(value__isnull=False)
        .values("question_key", "survey__side", "survey__kind")
        .annotate(n=Count("survey__person", distinct=True), mean=Avg("value"))
        .order_by()
    ):
        by_key[row["question_key"]][(row["survey__side"], row["survey__kind"])] = (
            row["n"],
            row["mean"],
        )
    questions = [
        _result(q, by_key[q.key], source="default")
        for q in instrument.DEFAULT_QUESTIONS
        if q.is_numeric
    ]
    questions += [
        _result(q.as_question(), by_key[q.key], source="program", active=q.active)
        for q in own
        if q.kind != SurveyQuestion.Kind.TEXT
    ]

    # The GES score: each answered survey's mean of its items (at least
    # GES_MIN_ITEMS of the six), then the mean of those by side and survey.
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    people: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in (
        answers.filter(question_key__in=instrument.GES_KEYS, value__isnull=False)
        .values("survey_id", "survey__person_id", "survey__side", "survey__kind")
        .annotate(items=Count("id"), score=Avg("value"))
        .order_by()
    ):
        if item["items"] >= instrument.GES_MIN_ITEMS:
            cell = (item["survey__side"], item["survey__kind"])
            scores[cell].append(float(item["score"]))
            people[cell].add(item["survey__person_id"])
    ges = _result(
        instrument.Question(
            key=instrument.GES_KEY,
            text=instrument.GES_LABEL,
            kind=instrument.DIFFERENTIAL_7,
            surveys=instrument.BOTH,
        ),
        {cell: (len(people[cell]), sum(s) / len(s)) for cell, s in scores.items()},
        source="score",
    )

    # Comments, for the surveys enough people answered; never with a name.
    text_keys = [q.key for q in instrument.DEFAULT_QUESTIONS if q.kind == instrument.TEXT]
    text_keys += [q.key for q in own if q.kind == SurveyQuestion.Kind.TEXT]
    shown = [kind for kind in instrument.KINDS if not is_small(counts[f"{kind}_all"], k)]
    found: dict[str, list[Comment]] = defaultdict(list)
    if shown:
        for kind, key, text in answers.filter(
            survey__kind__in=shown, question_key__in=text_keys
        ).values_list("survey__kind", "question_key", "text"):
            if text:
                found[kind].append(Comment(question_key=key, text=text))
    order = {key: index for index, key in enumerate(text_keys)}
    comments = {
        kind: CommentSet(
            kind=kind,
            people=counts[f"{kind}_all"] if kind in shown else None,
            held_back=kind not in shown,
            comments=tuple(
                sorted(
                    found[kind],
                    key=lambda c: (order.get(c.question_key, 0), c.text.casefold(), c.text),
                )
            ),
        )
        for kind in instrument.KINDS
    }
    return SurveyResults(
        program_id=program.pk,
        min_group_size=k,
        responses=responses,
        questions=tuple(questions),
        ges=ges,
        comments=comments,
    )
