"""The rules about meetings that the services, the forms and the pages share: limits,
labels, and the refusals (an empty string when the change is allowed, otherwise the
sentence that says why not). Pure reads of the objects given; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from twoway.core.models import text_max_length
from twoway.meetings.models import LONGEST_MINUTES, Meeting
from twoway.pairs.models import Agreement, Pair

DURATION_MIN, DURATION_MAX = 15, LONGEST_MINUTES
PLACE_MAX = text_max_length(Meeting, "place")
VIDEO_URL_MAX = text_max_length(Meeting, "video_url")
REASON_MAX = 1000
RATING_MIN, RATING_MAX = 1, 5
PROGRESS_MIN, PROGRESS_MAX = 0, 4
# What each step of goal progress means, for forms and pages.
PROGRESS_LABELS = {
    0: "Not started",
    1: "Started",
    2: "Some progress",
    3: "Good progress",
    4: "Reached",
}
LOG_TEXTS = ("topics", "learned", "taught", "shared_notes", "private_notes")
ALREADY_LOGGED = "You already logged this meeting — edit your log instead."
SIGN_FIRST = "Both of you sign the agreement before logging a meeting."
CANCELLED_ALREADY = "This meeting was cancelled already; nothing changed."
# The ledger's reason for the meetings cancelled because their pair ended:
# never the partner's reason for ending it, and never who ended it.
PAIR_ENDED = "The pair ended."


# --- rules shared by the services, the forms and the pages ----------------------------


def place_and_link_problem(place: str, video_url: str) -> str:
    """What is wrong with a meeting's (or a circle session's) place and video link,
    or "" when both can be saved as given (stripped)."""
    if len(place) > PLACE_MAX:
        return f"The place is {len(place)} characters long; at most {PLACE_MAX} fit."
    if video_url:
        if len(video_url) > VIDEO_URL_MAX:
            return f"The video link is longer than {VIDEO_URL_MAX} characters."
        try:
            URLValidator(schemes=["http", "https"])(video_url)
        except ValidationError:
            return "The video link must be a web address starting with https:// (or http://)."
    return ""


def agreement_goals(agreement: Agreement | None, side: str) -> list[str]:
    """``Agreement.goals``, for a pair that may have no agreement."""
    return agreement.goals(side) if agreement is not None else []


def log_goals(
    agreement: Agreement | None, side: str, rated: Sequence[dict[str, Any]] = ()
) -> list[str]:
    """The goals a log may rate: the side's goals in the agreement, then those
    the log already ``rated`` that the agreement has dropped since (kept valid)."""
    goals = agreement_goals(agreement, side)
    return goals + [entry["goal"] for entry in rated if entry["goal"] not in goals]


def sign_required(pair: Pair, agreement: Agreement | None) -> bool:
    """Whether the program still wants the agreement signed before a log."""
    return pair.program.sign_before_first_log and not (agreement and agreement.is_signed)


# Why a partner cannot change a meeting now ("" when they can). The services
# raise these; the meeting's page shows a form only where they are "".


def pair_closed_refusal(pair: Pair, what: str, *, completed: bool = False) -> str:
    """Why the meetings of ``pair`` can no longer be ``what`` ("moved", ...):
    never once it ended early, and once it completed too when ``completed``."""
    if pair.status == Pair.Status.ENDED:
        return f"This pair has ended, so its meetings can no longer be {what}."
    if completed and pair.status == Pair.Status.COMPLETED:
        return f"This pair is complete, so its meetings can no longer be {what}."
    return ""


def log_update_refusal(pair: Pair) -> str:
    if pair.status == Pair.Status.ENDED:
        return "This pair has ended, so its logs can no longer be changed."
    return ""


def reschedule_refusal(meeting: Meeting, now: datetime) -> str:
    """A move plans the meeting anew: refused once the pair ended or completed,
    as planning is."""
    closed = pair_closed_refusal(meeting.pair, "moved", completed=True)
    if closed:
        return closed
    if meeting.is_cancelled:
        return "This meeting was cancelled already, so it cannot be moved."
    if meeting.starts_at <= now:
        return "This meeting has already started, so it cannot be moved. Plan a new one instead."
    return ""


def cancel_refusal(meeting: Meeting, *, logged: bool) -> str:
    """``logged``: either side has logged the meeting. A completed pair may
    still take a meeting left on the calendar out of it."""
    closed = pair_closed_refusal(meeting.pair, "cancelled")
    if closed:
        return closed
    if logged:
        return "This meeting was logged, so it took place: it cannot be cancelled."
    if meeting.is_cancelled:
        return CANCELLED_ALREADY
    return ""


def log_refusal(
    meeting: Meeting, now: datetime, *, logged: bool, agreement: Agreement | None
) -> str:
    """Whether a partner may write their log; ``logged``: they have written it.
    A completed pair may still log a meeting it held."""
    closed = pair_closed_refusal(meeting.pair, "logged")
    if closed:
        return closed
    if meeting.is_cancelled:
        return "This meeting was cancelled, so there is nothing to log."
    if meeting.starts_at > now:
        return "This meeting has not started yet; log it once it has."
    if logged:
        return ALREADY_LOGGED
    if sign_required(meeting.pair, agreement):
        return SIGN_FIRST
    return ""
