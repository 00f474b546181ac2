"""The demo's past cohort: a reverse-mentoring pilot that ran two and a half years
ago, so that the outcomes page opens on real curves.

Thirty junior mentors and thirty senior mentees joined on one day and met six
times; their pairs are completed, their meetings logged by both sides (what each
taught and learned, progress on their goals), and most answered the baseline and
closing surveys. Since then some people left the
organisation and some were promoted, participants and colleagues alike.

Who leaves and who is promoted is drawn at random, with rates in line with what
the sources report (people in mentoring programs stay and rise somewhat more
often): this is a demo. A real organisation's figures come from its own HR
history and its own past cohorts (``twoway import_participants``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from twoway.core.models import User
from twoway.meetings.models import Meeting, MeetingLog
from twoway.pairs.models import Pair
from twoway.pairs.services import agreements_create
from twoway.people.models import Person, PersonChange
from twoway.programs.models import Enrollment, Program
from twoway.programs.services import program_create, program_transition
from twoway.skills.models import PersonSkill
from twoway.surveys import instrument
from twoway.surveys.models import Survey, SurveyAnswer

COHORT_SIZE = 30  # on each side
MONTHS_AGO = 30
MEETINGS = 6
LEAVE_RATE = {"participant": 0.08, "colleague": 0.16}
PROMOTION_RATE = {"participant": 0.22, "colleague": 0.12}
ZONE = "Europe/London"


def _offers(person_ids: list[int]) -> dict[int, list[str]]:
    """What each person can teach, strongest first (skill names)."""
    offers: dict[int, list[str]] = defaultdict(list)
    rows = (
        PersonSkill.objects.filter(person_id__in=person_ids, direction=PersonSkill.Direction.OFFER)
        .order_by("person_id", "-level", "skill__name")
        .values_list("person_id", "skill__name")
    )
    for person_id, name in rows:
        offers[person_id].append(name)
    return offers


def demo_past_cohort(*, seed: int, today: dt.date, manager: User, sponsor: User | None) -> Program:
    rng = random.Random(seed * 104729 + 11)
    joined = today - dt.timedelta(days=round(MONTHS_AGO * 365.25 / 12))
    ended = joined + dt.timedelta(days=7 * 3 * MEETINGS)
    program = program_create(
        actor=manager,
        name="Reverse mentoring pilot 2024",
        kind=Program.Kind.REVERSE,
        purpose=(
            "The first pilot, run on spreadsheets before Twoway: senior leaders learned "
            "digital tools and how younger customers see us; juniors learned how the "
            "business is run."
        ),
        sponsor=sponsor,
        starts_on=joined,
        ends_on=ended,
    )
    program_transition(actor=manager, program=program, to=Program.Status.CLOSED)

    employed = Person.objects.filter(hire_date__lt=joined - dt.timedelta(days=90)).filter(
        leave_date__isnull=True
    )
    juniors = list(employed.filter(level__lte=4).order_by("id").values_list("id", flat=True))
    seniors = list(employed.filter(level__gte=6).order_by("id").values_list("id", flat=True))
    mentors = rng.sample(juniors, min(COHORT_SIZE, len(juniors)))
    mentees = rng.sample(seniors, min(COHORT_SIZE, len(seniors), len(mentors)))
    mentors = mentors[: len(mentees)]
    started = dt.datetime.combine(joined, dt.time(9), tzinfo=ZoneInfo(ZONE))
    Enrollment.objects.bulk_create(
        Enrollment(
            program=program,
            person_id=person_id,
            role=role,
            status=Enrollment.Status.ENROLLED,
            joined_on=joined,
            enrolled_at=started,
        )
        for role, ids in (("mentor", mentors), ("mentee", mentees))
        for person_id in ids
    )
    completed = dt.datetime.combine(ended, dt.time(17), tzinfo=ZoneInfo(ZONE))
    pairs = Pair.objects.bulk_create(
        Pair(
            program=program,
            mentor_id=mentor,
            mentee_id=mentee,
            status=Pair.Status.COMPLETED,
            origin=Pair.Origin.IMPORTED,
            published_at=started,
            signed_at=started,
            completed_at=completed,
        )
        for mentor, mentee in zip(mentors, mentees, strict=True)
    )
    agreements_create(program=program, pairs=pairs)
    _meetings(rng, pairs, started, _offers(mentors + mentees))
    _surveys(rng, pairs, started, completed)
    _leavers_and_promotions(rng, set(mentors) | set(mentees), joined, today)
    return program


def _meetings(
    rng: random.Random, pairs: list[Pair], started: dt.datetime, offers: dict[int, list[str]]
) -> None:
    meetings = Meeting.objects.bulk_create(
        Meeting(
            pair=pair,
            starts_at=started + dt.timedelta(days=7 + 21 * n),
            time_zone=ZONE,
            duration_minutes=60,
            place="Meeting room 3",
            proposed_by_id=pair.mentee_id,
        )
        for pair in pairs
        for n in range(MEETINGS)
    )
    logs = []
    for number, meeting in enumerate(meetings):
        pair = meeting.pair
        session = number % MEETINGS
        if session == MEETINGS - 1 and rng.random() < 0.15:
            continue  # a last meeting nobody logged
        junior = (offers.get(pair.mentor_id) or ["Social media for business"])[:3]
        senior = (offers.get(pair.mentee_id) or ["Stakeholder management"])[:3]
        for side, author, teaches, learns in (
            ("mentor", pair.mentor_id, junior, senior),
            ("mentee", pair.mentee_id, senior, junior),
        ):
            topic = learns[session % len(learns)]
            wrote_learning = rng.random() < (0.85 if side == "mentee" else 0.7)
            logs.append(
                MeetingLog(
                    meeting=meeting,
                    author_id=author,
                    side=side,
                    topics=f"{teaches[session % len(teaches)]}, {topic}",
                    learned=f"How {topic.lower()} works in practice here."
                    if wrote_learning
                    else "",
                    taught=f"Some {teaches[session % len(teaches)].lower()} basics.",
                    goal_progress=[
                        {
                            "goal": f"Get confident with {learns[0].lower()}",
                            "progress": min(4, session + rng.randint(0, 1)),
                        }
                    ],
                    rating=rng.choice([4, 4, 5, 5, 3]),
                )
            )
    MeetingLog.objects.bulk_create(logs, batch_size=1000)


# How answers move from the baseline to the closing survey, by kind of question.
_SCALES = {
    instrument.SCALE_5: (1, 5),
    instrument.DIFFERENTIAL_7: (1, 7),
    instrument.SCALE_0_10: (0, 10),
    instrument.YES_NO: (0, 1),
}
_COMMENTS = (
    "Hearing how customers my age see us changed how I write to them.",
    "I did not expect a director to be so open about what he did not know.",
    "More structure for the first meeting would have helped us.",
    "I now use the new tools every week; I would not have tried them alone.",
    "It was the first time I saw how decisions are made at the top.",
    "Our meetings were the most honest conversations I had all year.",
)


def _answer(rng: random.Random, kind: str, closing: bool) -> int:
    low, high = _SCALES[kind]
    middle = low + (high - low) * (0.62 if closing else 0.5)
    return max(low, min(high, round(rng.gauss(middle, (high - low) / 6))))


def _surveys(
    rng: random.Random, pairs: list[Pair], started: dt.datetime, completed: dt.datetime
) -> None:
    """Both sides answered a baseline survey when they were paired and a closing
    one at the end; a few declined or did not answer."""
    surveys, answers = [], []
    for pair in pairs:
        for side, person_id in (("mentor", pair.mentor_id), ("mentee", pair.mentee_id)):
            for kind, sent in ((instrument.BASELINE, started), (instrument.CLOSING, completed)):
                answered = rng.random() < 0.85
                survey = Survey(
                    pair=pair,
                    person_id=person_id,
                    side=side,
                    kind=kind,
                    sent_at=sent,
                    answered_at=sent + dt.timedelta(days=2) if answered else None,
                )
                surveys.append(survey)
                if not answered:
                    continue
                for question in instrument.default_questions(kind, side):
                    if question.kind == instrument.TEXT:
                        # Comments look back on the pairing: the closing survey's.
                        if kind == instrument.CLOSING and rng.random() < 0.3:
                            answers.append(
                                SurveyAnswer(
                                    survey=survey,
                                    question_key=question.key,
                                    text=rng.choice(_COMMENTS),
                                )
                            )
                        continue
                    answers.append(
                        SurveyAnswer(
                            survey=survey,
                            question_key=question.key,
                            value=_answer(rng, question.kind, kind == instrument.CLOSING),
                        )
                    )
    Survey.objects.bulk_create(surveys, batch_size=1000)
    SurveyAnswer.objects.bulk_create(answers, batch_size=1000)


def _leavers_and_promotions(
    rng: random.Random, participants: set[int], joined: dt.date, today: dt.date
) -> None:
    """Some leave, some rise a level: participants, and colleagues who were there then.

    Never a person with a login (the demo's characters stay as they are); a
    leaver is never someone in a current program or a manager with reports.
    """
    busy = set(
        Enrollment.objects.exclude(program__status=Program.Status.CLOSED).values_list(
            "person_id", flat=True
        )
    )
    with_reports = set(Person.objects.filter(reports__isnull=False).values_list("id", flat=True))
    there = Person.objects.filter(
        hire_date__lt=joined, leave_date__isnull=True, user__isnull=True
    ).values_list("id", "level")
    leavers, changes = [], []
    span = (today - joined).days
    for person_id, level in there:
        group = "participant" if person_id in participants else "colleague"
        stays = person_id in busy or person_id in with_reports
        if not stays and rng.random() < LEAVE_RATE[group]:
            leavers.append(
                Person(
                    id=person_id, leave_date=joined + dt.timedelta(days=rng.randrange(30, span - 5))
                )
            )
            continue
        if level and level > 1 and rng.random() < PROMOTION_RATE[group]:
            changes.append(
                PersonChange(
                    person_id=person_id,
                    field=PersonChange.Field.LEVEL,
                    old_level=level - 1,
                    new_level=level,
                    effective_on=joined + dt.timedelta(days=rng.randrange(60, 360)),
                )
            )
    Person.objects.bulk_update(leavers, ["leave_date"], batch_size=1000)
    PersonChange.objects.bulk_create(changes, batch_size=1000)
