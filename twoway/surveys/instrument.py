"""The default survey instrument: the questions every pair's surveys ask.

Pure data, no Django. Each question has a stable ``key`` (stored with every
answer, so it never changes once answers exist), the words a participant reads,
its kind, the surveys it appears in (the baseline when a pair starts, the
closing one when it completes) and the sides that are asked.

What the instrument measures:

- goals: at the start, how confident you are to reach the goals you set; at
  the end, how far you got (two questions, since they ask different things);
- confidence in the topics you learn and the topics you teach, asked at both
  ends with the same words, so that the change can be measured;
- how you see people of the other generation at work, with an adaptation of
  the General Evaluation Scale: Wright, S. C., Aron, A., McLaughlin-Volpe, T.
  & Ropp, S. A. (1997), "The extended contact effect: Knowledge of cross-group
  friendships and prejudice", *Journal of Personality and Social Psychology*
  73(1), 73–90. Six 7-point semantic differentials (cold–warm,
  negative–positive, hostile–friendly, suspicious–trusting, contempt–respect,
  disgust–admiration) about "people of the other generation at work": seniors
  rate the juniors' generation and juniors the seniors'. The score
  (``GES_KEY``) is the mean of the six items;
- whether you would recommend the program (closing, 0–10);
- one optional comment.

Program managers add their own questions per program (``SurveyQuestion``);
those follow the default ones.
"""

from __future__ import annotations

from dataclasses import dataclass

# The surveys.
BASELINE = "baseline"
CLOSING = "closing"
KINDS = (BASELINE, CLOSING)
BOTH = (BASELINE, CLOSING)

# The sides.
MENTOR = "mentor"
MENTEE = "mentee"
SIDES = (MENTOR, MENTEE)

# The kinds of question.
SCALE_5 = "scale5"  # 1-5, labelled ends
DIFFERENTIAL_7 = "differential7"  # 1-7 between two opposite words
SCALE_0_10 = "scale0_10"  # 0-10, labelled ends
YES_NO = "yes_no"  # 1 yes, 0 no: the mean is the share of yes
TEXT = "text"  # free text, optional, never shown with a name

NUMERIC_KINDS = (SCALE_5, DIFFERENTIAL_7, SCALE_0_10, YES_NO)
RANGES: dict[str, tuple[int, int]] = {
    SCALE_5: (1, 5),
    DIFFERENTIAL_7: (1, 7),
    SCALE_0_10: (0, 10),
    YES_NO: (0, 1),
}

# The General Evaluation Scale's items share one lead-in and one score.
GES_GROUP = "ges"
GES_KEY = "ges"
GES_LABEL = "How you see people of the other generation at work (General Evaluation Scale)"
GES_STEM = (
    "Think of people of the other generation at work: if you are one of the more "
    "senior people, the younger colleagues; if you are one of the younger ones, the "
    "senior colleagues. Not your partner: the generation as a whole. Where between "
    "each pair of words is your feeling towards them?"
)
GES_CITATION = (
    "Wright, S. C., Aron, A., McLaughlin-Volpe, T. & Ropp, S. A. (1997). The extended "
    "contact effect: Knowledge of cross-group friendships and prejudice. Journal of "
    "Personality and Social Psychology, 73(1), 73–90."
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str
    surveys: tuple[str, ...]
    sides: tuple[str, ...] = SIDES
    low: str = ""  # the words at the low end of a scale
    high: str = ""  # and at the high end
    group: str = ""  # questions shown together under one lead-in (the GES)

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def values(self) -> tuple[int, ...]:
        """The answers a numeric question takes, lowest first (empty for text)."""
        if self.kind not in RANGES:
            return ()
        low, high = RANGES[self.kind]
        return tuple(range(low, high + 1))

    def asked_in(self, survey: str, side: str) -> bool:
        return survey in self.surveys and side in self.sides


def _ges(key: str, low: str, high: str) -> Question:
    return Question(
        key=f"ges_{key}",
        text=f"{low} – {high}",
        kind=DIFFERENTIAL_7,
        surveys=BOTH,
        low=low,
        high=high,
        group=GES_GROUP,
    )


DEFAULT_QUESTIONS: tuple[Question, ...] = (
    Question(
        key="goals_confidence",
        text="How confident are you that you will reach the goals you set for this pairing?",
        kind=SCALE_5,
        surveys=(BASELINE,),
        low="Not at all confident",
        high="Completely confident",
    ),
    Question(
        key="goals_reached",
        text="How far did you get with the goals you set?",
        kind=SCALE_5,
        surveys=(CLOSING,),
        low="Not at all",
        high="All the way",
    ),
    Question(
        key="confidence_learning",
        text="How confident do you feel today in the topics you want to learn from your partner?",
        kind=SCALE_5,
        surveys=BOTH,
        low="Not at all confident",
        high="Very confident",
    ),
    Question(
        key="confidence_teaching",
        text="How confident do you feel today teaching the topics you offer your partner?",
        kind=SCALE_5,
        surveys=BOTH,
        low="Not at all confident",
        high="Very confident",
    ),
    _ges("cold_warm", "Cold", "Warm"),
    _ges("negative_positive", "Negative", "Positive"),
    _ges("hostile_friendly", "Hostile", "Friendly"),
    _ges("suspicious_trusting", "Suspicious", "Trusting"),
    _ges("contempt_respect", "Contempt", "Respect"),
    _ges("disgust_admiration", "Disgust", "Admiration"),
    Question(
        key="recommend",
        text="How likely are you to recommend this program to a colleague?",
        kind=SCALE_0_10,
        surveys=(CLOSING,),
        low="Not at all likely",
        high="Extremely likely",
    ),
    Question(
        key="comment",
        text="Anything else you would like the program's organisers to know?",
        kind=TEXT,
        surveys=BOTH,
    ),
)

GES_KEYS: tuple[str, ...] = tuple(q.key for q in DEFAULT_QUESTIONS if q.group == GES_GROUP)
DEFAULT_KEYS: tuple[str, ...] = tuple(q.key for q in DEFAULT_QUESTIONS)
# A person's GES score counts when they answered at least this many of the six items.
GES_MIN_ITEMS = 4
TEXT_MAX = 2000


def default_questions(survey: str, side: str) -> list[Question]:
    """The default questions one side is asked in one survey, in order."""
    return [q for q in DEFAULT_QUESTIONS if q.asked_in(survey, side)]


def default_question(key: str) -> Question | None:
    return next((q for q in DEFAULT_QUESTIONS if q.key == key), None)
