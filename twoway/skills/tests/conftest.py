"""Fixtures for the skills tests: a small, predictable set of key skills."""

from __future__ import annotations

import pytest

from twoway.skills.models import Skill
from twoway.testing.factories import SkillFactory


@pytest.fixture
def key_skills(db) -> list[Skill]:
    """Exactly three key skills (the starter catalogue's own key skills are unset)."""
    Skill.objects.update(is_key=False)
    return [
        SkillFactory(name="Podcasting", category=Skill.Category.SOCIAL_MEDIA, is_key=True),
        SkillFactory(name="Prompt writing", category=Skill.Category.AI_TOOLS, is_key=True),
        SkillFactory(name="Reading a P&L", category=Skill.Category.STRATEGY, is_key=True),
    ]
