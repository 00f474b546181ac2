"""The program templates: each is valid data and creates what it promises."""

import datetime as dt
from typing import Any

import pytest

from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.programs.eligibility import Criteria, program_criteria, rule_problems
from twoway.programs.models import Program
from twoway.programs.presets import PRESETS, preset_get
from twoway.programs.services import PROGRAM_FIELDS, ProgramError, program_create_from_preset
from twoway.programs.weights import WEIGHT_LEVELS

# What each template promises, as the picker words it.
PROMISED: dict[str, dict[str, Any]] = {
    "reverse-pilot": {
        "kind": Program.Kind.REVERSE,
        "planned_sessions": 6,
        "weeks_between_sessions": 3,
        "matching_style": Program.MatchingStyle.MANAGED,
    },
    "women-mentor-senior-men": {"kind": Program.Kind.REVERSE},
    "mutual-circle": {"kind": Program.Kind.MUTUAL, "matching_style": Program.MatchingStyle.SELF},
    "group": {"kind": Program.Kind.GROUP, "mentor_capacity": 4},
    "innovation-circles": {
        "kind": Program.Kind.CIRCLES,
        "planned_sessions": 8,
        "weeks_between_sessions": 2,
    },
}


def test_every_template_sets_only_program_fields_and_valid_rules():
    assert [p.key for p in PRESETS] == list(PROMISED)
    for preset in PRESETS:
        assert set(preset.fields) <= set(PROGRAM_FIELDS), preset.key
        for side in ("mentor", "mentee"):
            assert rule_problems(preset.rule(side)) == {}, (preset.key, side)


def test_an_unknown_key_is_no_template():
    assert preset_get("reverse-pilot") is PRESETS[0]
    assert preset_get("nope") is None


@pytest.mark.django_db
@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_each_template_creates_its_program_and_saves_both_rules(cast, preset):
    program = program_create_from_preset(actor=cast.priya, preset=preset, name=preset.title[:60])
    for name, value in PROMISED[preset.key].items():
        assert getattr(program, name) == value, name
    criteria = program_criteria(program)
    assert criteria["mentor"] == preset.rule("mentor")
    assert criteria["mentee"] == preset.rule("mentee")
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    rule = AuditAction.ELIGIBILITY_RULE_SAVE
    assert actions == [AuditAction.PROGRAM_CREATE, rule, rule]


@pytest.mark.django_db
def test_the_gender_template_admits_women_as_mentors_and_men_as_mentees(cast):
    preset = preset_get("women-mentor-senior-men")
    assert preset is not None
    program = program_create_from_preset(actor=cast.priya, preset=preset, name="Women lead")
    criteria = program_criteria(program)
    assert criteria["mentor"] == Criteria(min_level=4, max_level=6, genders=("woman",))
    assert criteria["mentee"] == Criteria(min_level=7, genders=("man",))


@pytest.mark.django_db
def test_what_the_manager_typed_wins_over_the_template(cast):
    preset = preset_get("reverse-pilot")
    assert preset is not None
    program = program_create_from_preset(
        actor=cast.priya, preset=preset, name="Short pilot", planned_sessions=4, sponsor=cast.sol
    )
    assert (program.planned_sessions, program.sponsor) == (4, cast.sol)
    assert program.weeks_between_sessions == 3


@pytest.mark.django_db
def test_a_template_refused_midway_saves_nothing(cast):
    preset = preset_get("reverse-pilot")
    assert preset is not None
    with pytest.raises(ProgramError, match="before it starts"):
        program_create_from_preset(
            actor=cast.priya,
            preset=preset,
            name="Backwards",
            starts_on=dt.date(2027, 5, 1),
            ends_on=dt.date(2027, 4, 1),
        )
    assert not Program.objects.exists() and not AuditEvent.objects.exists()


def test_every_templates_weights_are_labelled_levels():
    levels = {number for number, _label in WEIGHT_LEVELS}
    for preset in PRESETS:
        weights = {k: v for k, v in preset.fields.items() if k.startswith("weight_")}
        assert len(weights) == 6 and set(weights.values()) <= levels, preset.key
