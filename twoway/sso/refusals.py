"""Why a single sign-on was refused, in the words the refusal page shows."""

from __future__ import annotations

from django.db import models


class Refusal(models.TextChoices):
    # Before the provider has vouched for anyone: logged, not audited (anyone can
    # make these happen by opening the return address).
    FLOW_MISSING = (
        "flow_missing",
        "The sign-in took too long, or was started in another browser or tab.",
    )
    STATE_MISMATCH = (
        "state_mismatch",
        "The answer that came back does not belong to the sign-in you started.",
    )
    PROVIDER_ERROR = "provider_error", "{provider} did not sign you in."
    PROVIDER_UNREACHABLE = "provider_unreachable", "We could not reach {provider} just now."
    TOKEN_INVALID = "token_invalid", "The answer from {provider} could not be verified."
    # After it has: audited.
    EMAIL_MISSING = "email_missing", "{provider} did not tell us your e-mail address."
    EMAIL_UNVERIFIED = (
        "email_unverified",
        "{provider} has not confirmed that your e-mail address is yours.",
    )
    NO_PERSON = "no_person", "No one in the HR records has your e-mail address."
    LEFT = "left", "The HR records say you have left the organisation."
    INACTIVE = "inactive", "Your account here is switched off."
    ACCOUNT_TAKEN = "account_taken", "The account with your e-mail address belongs to someone else."


# What the person can do next, for each refusal.
NEXT_STEPS: dict[Refusal, str] = {
    Refusal.FLOW_MISSING: "Start again from the log-in page.",
    Refusal.STATE_MISMATCH: "Start again from the log-in page.",
    Refusal.PROVIDER_ERROR: "Start again from the log-in page; if it happens again, "
    "ask your IT service desk.",
    Refusal.PROVIDER_UNREACHABLE: "Wait a few minutes and try again.",
    Refusal.TOKEN_INVALID: "Start again from the log-in page; if it happens again, "
    "ask an administrator.",
    Refusal.EMAIL_MISSING: "Ask your IT service desk to share your e-mail address with "
    "this application.",
    Refusal.EMAIL_UNVERIFIED: "Ask your IT service desk to confirm your e-mail address.",
    Refusal.NO_PERSON: "Ask the people who run the mentoring program to add you; your HR "
    "record must have the same e-mail address as your work account.",
    Refusal.LEFT: "If that is wrong, ask the people who run the mentoring program.",
    Refusal.INACTIVE: "Ask an administrator to switch it back on.",
    Refusal.ACCOUNT_TAKEN: "Ask an administrator to look at your account.",
}

# Refused once the provider had vouched for an address: these go in the audit log.
AUDITED = frozenset(
    {
        Refusal.EMAIL_MISSING,
        Refusal.EMAIL_UNVERIFIED,
        Refusal.NO_PERSON,
        Refusal.LEFT,
        Refusal.INACTIVE,
        Refusal.ACCOUNT_TAKEN,
    }
)


class SsoRefused(Exception):
    """A single sign-on that must not sign anyone in."""

    def __init__(self, refusal: Refusal, detail: str = "") -> None:
        super().__init__(f"{refusal.value}: {detail}" if detail else refusal.value)
        self.refusal = refusal
        self.detail = detail
