"""Filing reports in tests, as a person would through the form."""

from __future__ import annotations

import secrets

from django.db import transaction

from twoway.core.models import User
from twoway.programs.models import Program
from twoway.speakup.services import Filed, report_file

SECRET = "The executive shouted at me in our third session."
WISH = "I would like a different partner."


def file(
    user: User,
    *,
    anonymous: bool = False,
    program: Program | None = None,
    happened: str = SECRET,
    wish: str = WISH,
) -> Filed:
    with transaction.atomic():
        return report_file(
            actor=user,
            happened=happened,
            wish=wish,
            program=program,
            anonymous=anonymous,
            submission_key=secrets.token_urlsafe(24),
        )
