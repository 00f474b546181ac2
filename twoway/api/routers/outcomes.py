"""A program's outcomes: aggregates only, through ``outcomes.selectors``, which
applies the small-group rule once for every page, export and this endpoint."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from twoway.api.schemas import ERRORS_ONE
from twoway.api.schemas_more import OutcomesOut
from twoway.api.selectors_more import program_get_for_outcomes
from twoway.outcomes.selectors import program_outcomes

router = Router(tags=["outcomes"])

FUTURE = "That date is still to come: choose today or before."


@router.get(
    "/programs/{slug}/outcomes",
    response={200: OutcomesOut, **ERRORS_ONE},
    summary="A program's outcomes",
)
def program_outcomes_get(
    request: HttpRequest, slug: str, as_of: dt.date | None = None
) -> OutcomesOut:
    """The outcome report as of ``as_of`` (today by default), as on the program's
    outcomes page: for its managers and sponsor, organisation-wide sponsors and
    administrators (404 for anybody else). No figure describes fewer than ``k``
    people: a program under ``k`` shows none (``suppressed``), and a breakdown hides
    its small groups and, when one alone would be hidden, the next smallest too."""
    program = program_get_for_outcomes(user=request.user, slug=slug)
    if as_of is not None and as_of > timezone.localdate():
        raise ValidationError({"as_of": FUTURE})
    report = program_outcomes(program=program, as_of=as_of)
    return OutcomesOut(**report.as_json())
