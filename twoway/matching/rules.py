"""Matching rules that reads and writes share: which runs are under way, who
sees a proposal before publishing and who may opt out of it, and when
participants may choose their partners.

Pure functions of a program or a proposal: no queries.
"""

from __future__ import annotations

from twoway.matching.models import MatchRun, Proposal
from twoway.people.models import Person
from twoway.programs.models import Program, Side

LIVE_RUN = (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING)
SELF_MATCH_STATUSES = (Program.Status.MATCHING, Program.Status.ACTIVE)


def preview_sides(program: Program) -> tuple[set[str], set[str]]:
    """(sides that see their proposal before publishing, sides that may opt out).

    The senior side previews (both sides when the program names none); when
    juniors may opt out they see theirs too, or they could not decide.
    """
    senior = program.senior_side
    seniors = {senior} if senior else set(Side.values)
    juniors = set(Side.values) - seniors if senior else set(Side.values)
    seeing = (seniors if program.senior_preview else set()) | (
        juniors if program.junior_opt_out else set()
    )
    return seeing, (juniors if program.junior_opt_out else set())


def program_has_preview(program: Program) -> bool:
    return program.senior_preview or program.junior_opt_out


def proposal_side_of(proposal: Proposal, person: Person) -> str:
    return Side.MENTOR if proposal.mentor_id == person.pk else Side.MENTEE
