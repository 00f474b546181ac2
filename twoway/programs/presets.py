"""Program templates ("presets"): the starting points of a new program.

A manager picks one, gives the program a name, a purpose, a sponsor and dates,
and the preset fills in the rest: the kind, the rhythm, how pairs are matched,
the agreement's defaults and who may join each side. Everything stays editable
afterwards (the rules page, the matching step, "All settings").

Called presets, not templates, so that they are never confused with Django's
templates. The levels in the rules are a starting point on a 1-10 scale: the
rules step shows them with the organisation's own level names, to adjust.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from twoway.programs.eligibility import Criteria
from twoway.programs.models import Program, Side

DEFAULT_CODE_OF_CONDUCT = (
    "Confidentiality: what is said in a session stays in the session, unless both agree.\n"
    "Respect: both sides teach and both sides learn; no question is a silly one.\n"
    "Openness: say what you do not know, and give honest, kind feedback.\n"
    "Commitment: keep the sessions you agree, and say early when you cannot."
)


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    summary: str  # one sentence on the picker
    points: tuple[str, ...]  # what it sets, in words, for the picker
    fields: Mapping[str, Any]  # program fields (``services.PROGRAM_FIELDS``)
    rules: Mapping[str, Criteria] = field(default_factory=dict)  # side -> rule

    def rule(self, side: str) -> Criteria:
        return self.rules.get(side, Criteria())


def _fields(**values: Any) -> Mapping[str, Any]:
    # Weights use the labelled levels (``programs.weights``): 1.0 "Matters a lot",
    # 0.5 "Matters some", 0.2 "Matters a little", 0 "Doesn't matter".
    base: dict[str, Any] = {
        "weight_teach": 1.0,
        "weight_teach_back": 0.5,
        "weight_crossing": 0.5,
        "weight_level_gap": 0.2,
        "weight_availability": 0.5,
        "weight_time_zone": 0.2,
        "code_of_conduct": DEFAULT_CODE_OF_CONDUCT,
        "sign_before_first_log": True,
        "matching_style": Program.MatchingStyle.MANAGED,
        "objective": Program.Objective.BEST_TOTAL,
        "reporting_line_depth": 2,
        "mentor_capacity": 1,
        "valued_lines": ["department", "location"],
        "must_differ": [],
    }
    return MappingProxyType(base | values)


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="reverse-pilot",
        title="Reverse mentoring pilot: 6 sessions every 3 weeks",
        summary="Early-career colleagues mentor senior leaders, one to one, for about four months.",
        points=(
            "Mentors from level 1 to 4, mentees from level 7 up",
            "At least 3 levels apart, from different departments",
            "You run matching, review the proposals and publish the pairs",
            "6 sessions of an hour, every 3 weeks",
        ),
        fields=_fields(
            kind=Program.Kind.REVERSE,
            planned_sessions=6,
            weeks_between_sessions=3,
            session_minutes=60,
            min_level_gap=3,
            must_differ=["department"],
            valued_lines=["location", "generation"],
        ),
        rules=MappingProxyType(
            {
                Side.MENTOR: Criteria(min_level=1, max_level=4),
                Side.MENTEE: Criteria(min_level=7),
            }
        ),
    ),
    Preset(
        key="women-mentor-senior-men",
        title="Senior men mentored by women in mid-senior roles",
        summary="Women in mid-senior roles mentor senior men, who learn what the "
        "organisation looks like from there.",
        points=(
            "Mentors: women from level 4 to 6 (as they describe themselves)",
            "Mentees: men from level 7 up (as they describe themselves)",
            "Only people who chose to share their gender can join: nobody is sorted by a guess",
            "6 sessions of an hour, every 4 weeks",
        ),
        fields=_fields(
            kind=Program.Kind.REVERSE,
            planned_sessions=6,
            weeks_between_sessions=4,
            session_minutes=60,
            min_level_gap=1,
            must_differ=["department"],
            valued_lines=["location"],
        ),
        rules=MappingProxyType(
            {
                Side.MENTOR: Criteria(min_level=4, max_level=6, genders=("woman",)),
                Side.MENTEE: Criteria(min_level=7, genders=("man",)),
            }
        ),
    ),
    Preset(
        key="mutual-circle",
        title="Mutual mentoring circle",
        summary="Colleagues at every level teach each other, and choose their own "
        "partner from ranked suggestions.",
        points=(
            "Anyone may join, as mentor, mentee or both",
            "Participants choose from suggestions; you do not run matching",
            "Crossing departments and generations scores higher",
            "4 sessions of 45 minutes, every 2 weeks",
        ),
        fields=_fields(
            kind=Program.Kind.MUTUAL,
            matching_style=Program.MatchingStyle.SELF,
            weight_teach_back=1.0,  # both sides teach
            planned_sessions=4,
            weeks_between_sessions=2,
            session_minutes=45,
            min_level_gap=0,
            valued_lines=["department", "generation"],
        ),
    ),
    Preset(
        key="group",
        title="A group format",
        summary="One experienced mentor meets a small group of mentees.",
        points=(
            "Mentors from level 6 up, each with up to 4 mentees",
            "Anyone may join as a mentee",
            "You run matching and publish the groups",
            "8 sessions of 90 minutes, every 2 weeks",
        ),
        fields=_fields(
            kind=Program.Kind.GROUP,
            weight_teach_back=0.2,
            planned_sessions=8,
            weeks_between_sessions=2,
            session_minutes=90,
            min_level_gap=0,
            mentor_capacity=4,
        ),
        rules=MappingProxyType({Side.MENTOR: Criteria(min_level=6)}),
    ),
    Preset(
        key="innovation-circles",
        title="Innovation circles",
        summary="Mixed groups of seniors and juniors meet every two weeks and take "
        "turns to present a topic.",
        points=(
            "Juniors join as mentors (up to level 5), seniors as mentees (level 6 up)",
            "Circles of 6 to 8 that mix departments, levels and generations",
            "Nobody sits in a circle with their own manager",
            "8 sessions of an hour, every 2 weeks; a junior and a senior take turns to present",
        ),
        fields=_fields(
            kind=Program.Kind.CIRCLES,
            weight_teach_back=1.0,  # everyone teaches in turn
            planned_sessions=8,
            weeks_between_sessions=2,
            session_minutes=60,
            min_level_gap=0,
            reporting_line_depth=1,
            valued_lines=["department", "generation"],
        ),
        rules=MappingProxyType(
            {
                Side.MENTOR: Criteria(max_level=5),
                Side.MENTEE: Criteria(min_level=6),
            }
        ),
    ),
)
PRESETS_BY_KEY: Mapping[str, Preset] = MappingProxyType({p.key: p for p in PRESETS})


def preset_get(key: str) -> Preset | None:
    return PRESETS_BY_KEY.get(key)
