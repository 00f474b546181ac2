"""Writing surveys: sending them to both sides of new and completed pairs,
answering or declining one, and the questions a program's managers add.

Audit events say that a survey was answered and how many questions were, never
what the answers were.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_record
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.programs.services import program_require_manager
from twoway.surveys import instrument
from twoway.surveys.models import Survey, SurveyAnswer, SurveyQuestion
from twoway.surveys.selectors import survey_questions


class SurveyError(ValidationError):
    """A survey change that was refused; the message says why."""


ALREADY_ANSWERED = "You have already answered this survey. Thank you!"
ALREADY_DECLINED = "You chose not to answer this survey; nothing more is needed."


def surveys_create(*, pairs: Iterable[Pair], kind: str) -> int:
    """Send the ``kind`` survey to both sides of each pair; a survey already sent
    is not sent again. Returns how many were created."""
    if kind not in instrument.KINDS:
        raise ValueError(f"no such survey: {kind!r}")
    now = timezone.now()
    rows = [
        Survey(pair_id=pair.pk, person_id=person_id, side=side, kind=kind, sent_at=now)
        for pair in pairs
        for person_id, side in (
            (pair.mentor_id, instrument.MENTOR),
            (pair.mentee_id, instrument.MENTEE),
        )
    ]
    if not rows:
        return 0
    pair_ids = {row.pair_id for row in rows}
    sent = set(
        Survey.objects.filter(pair_id__in=pair_ids, kind=kind).values_list("pair_id", "person_id")
    )
    new = [row for row in rows if (row.pair_id, row.person_id) not in sent]
    Survey.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


def _require_own(survey: Survey, person: Person) -> None:
    if survey.person_id != person.pk:
        raise PermissionDenied("This survey is somebody else's.")


def _clean_answers(survey: Survey, answers: Mapping[str, int | str | None]) -> list[SurveyAnswer]:
    """The answers given, as rows: unknown keys are refused, skipped ones left out."""
    questions = {q.key: q for q in survey_questions(survey=survey)}
    rows = []
    for key, given in answers.items():
        question = questions.get(key)
        if question is None:
            raise SurveyError("This survey does not ask that question.")
        if given is None or given == "":
            continue  # skipped
        if question.kind == instrument.TEXT:
            text = str(given).strip()
            if len(text) > instrument.TEXT_MAX:
                raise SurveyError(
                    f"Your comment is {len(text)} characters long; at most "
                    f"{instrument.TEXT_MAX} fit."
                )
            if text:
                rows.append(SurveyAnswer(survey=survey, question_key=key, text=text))
        else:
            is_number = isinstance(given, int) and not isinstance(given, bool)
            if not is_number or given not in question.values:
                raise SurveyError(f"Choose one of the answers offered for “{question.text}”.")
            rows.append(SurveyAnswer(survey=survey, question_key=key, value=given))
    return rows


@transaction.atomic
def survey_answer(
    *, actor: Actor, survey: Survey, person: Person, answers: Mapping[str, int | str | None]
) -> Survey:
    """``person`` answers their survey, once; any question may be left out.

    A second submit (a double click, another tab) is refused with a kind
    message and stores nothing: the update that marks the survey answered is
    conditional, and each answer is unique per survey and question.
    """
    _require_own(survey, person)
    rows = _clean_answers(survey, answers)
    now = timezone.now()
    taken = Survey.objects.filter(
        pk=survey.pk, answered_at__isnull=True, declined_at__isnull=True
    ).update(answered_at=now, updated_at=now)
    if not taken:
        survey.refresh_from_db()
        raise SurveyError(ALREADY_DECLINED if survey.declined_at else ALREADY_ANSWERED)
    SurveyAnswer.objects.bulk_create(rows)
    survey.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.SURVEY_ANSWER,
        subject=survey,
        after={"kind": survey.kind, "questions answered": len(rows)},
    )
    return survey


@transaction.atomic
def survey_decline(*, actor: Actor, survey: Survey, person: Person) -> Survey:
    """``person`` chooses not to answer their survey; it stops waiting for them."""
    _require_own(survey, person)
    now = timezone.now()
    taken = Survey.objects.filter(
        pk=survey.pk, answered_at__isnull=True, declined_at__isnull=True
    ).update(declined_at=now, updated_at=now)
    if not taken:
        survey.refresh_from_db()
        raise SurveyError(ALREADY_DECLINED if survey.declined_at else ALREADY_ANSWERED)
    survey.refresh_from_db()
    audit_record(
        actor=actor, action=AuditAction.SURVEY_DECLINE, subject=survey, after={"kind": survey.kind}
    )
    return survey


# --- a program's own questions ------------------------------------------------------------

QUESTION_FIELDS = ("text", "kind", "surveys", "low", "high", "order", "active")


def _question_clean(fields: dict[str, object]) -> dict[str, object]:
    text = " ".join(str(fields.get("text") or "").split())
    if not text:
        raise SurveyError({"text": "Write the question."})
    if len(text) > SurveyQuestion.TEXT_MAX:
        raise SurveyError({"text": f"At most {SurveyQuestion.TEXT_MAX} characters fit."})
    if fields.get("kind") not in SurveyQuestion.Kind.values:
        raise SurveyError({"kind": "Choose a scale or free text."})
    if fields.get("surveys") not in SurveyQuestion.Surveys.values:
        raise SurveyError({"surveys": "Choose the surveys that ask it."})
    cleaned = dict(fields, text=text)
    for end in ("low", "high"):
        cleaned[end] = " ".join(str(fields.get(end) or "").split())[: SurveyQuestion.LABEL_MAX]
    if cleaned["kind"] == SurveyQuestion.Kind.TEXT:
        cleaned["low"] = cleaned["high"] = ""
    return cleaned


@transaction.atomic
def survey_question_add(
    *,
    actor: Actor,
    program: Program,
    text: str,
    kind: str = SurveyQuestion.Kind.SCALE,
    surveys: str = SurveyQuestion.Surveys.BOTH,
    low: str = "",
    high: str = "",
    order: int | None = None,
) -> SurveyQuestion:
    """A program manager adds a question to the program's surveys. Surveys
    already answered keep their answers as they were."""
    program_require_manager(actor, program)
    cleaned = _question_clean(
        {"text": text, "kind": kind, "surveys": surveys, "low": low, "high": high}
    )
    if order is None:
        order = program.survey_questions.count() + 1
    question = SurveyQuestion.objects.create(program=program, order=order, **cleaned)
    audit_record(
        actor=actor,
        action=AuditAction.SURVEY_QUESTION_ADD,
        subject=question,
        after={name: getattr(question, name) for name in QUESTION_FIELDS},
    )
    return question


@transaction.atomic
def survey_question_update(
    *, actor: Actor, question: SurveyQuestion, **fields: object
) -> SurveyQuestion:
    """Change a program's question (its words, surveys, order) or deactivate it.

    Its kind is kept once it has answers (they would no longer fit). Sent back
    unchanged, nothing is saved or recorded.
    """
    program_require_manager(actor, question.program)
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    merged = {name: fields.get(name, getattr(question, name)) for name in QUESTION_FIELDS}
    cleaned = _question_clean(merged)
    if (
        cleaned["kind"] != question.kind
        and SurveyAnswer.objects.filter(question_key=question.key).exists()
    ):
        raise SurveyError({"kind": "People have answered this question: its kind stays."})
    before = {name: getattr(question, name) for name in QUESTION_FIELDS}
    changed = {name: value for name, value in cleaned.items() if before[name] != value}
    if not changed:
        return question
    for name, value in changed.items():
        setattr(question, name, value)
    question.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.SURVEY_QUESTION_UPDATE,
        subject=question,
        before={name: before[name] for name in changed},
        after=changed,
    )
    return question
