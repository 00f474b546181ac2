"""What every matching write checks before it changes anything, and the
refusal it raises when the rules do not allow the step."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from twoway.core.actors import Actor
from twoway.matching.models import MatchRun
from twoway.matching.selectors import match_run_latest
from twoway.programs.models import Program
from twoway.programs.services import program_require_manager


class MatchingError(ValidationError):
    """A matching step the rules do not allow now; the message says why."""


def require_manager(actor: Actor, program: Program) -> None:
    """The programs rule; ``actor=None`` is the command line, which may run any program."""
    if actor is not None:
        program_require_manager(actor, program)


def require_current(run: MatchRun) -> None:
    """Review acts on the newest successful run only, before it is published."""
    if run.is_dry_run:
        raise MatchingError("This is a dry run: it shows what matching would do, nothing more.")
    if run.status != MatchRun.Status.SUCCEEDED:
        raise MatchingError("This run has not finished successfully.")
    if run.published_at is not None:
        raise MatchingError("This run is already published; its pairs can no longer change.")
    latest = match_run_latest(run.program)
    if latest is None or latest.pk != run.pk:
        raise MatchingError(
            "This run is out of date: a newer run has replaced it. Open the latest run "
            "and make the change there."
        )
