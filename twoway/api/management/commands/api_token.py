"""``twoway api_token``: create or revoke an API token from the command line.

``create`` prints the new token on its last line (and only then): a script can
take it with ``tail -n 1``. The command acts as the system: it is for whoever
runs the server, e.g. to give an integration's account its token.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from twoway.api.selectors import api_token_by_prefix
from twoway.api.services import api_token_create, api_token_revoke
from twoway.core.models import User


class Command(BaseCommand):
    help = "Create an API token (printed on the last line) or revoke one by its prefix."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token for a user.")
        create.add_argument("--user", required=True, help="The account's e-mail address.")
        create.add_argument("--name", required=True, help="What will use the token.")
        create.add_argument("--write", action="store_true", help="May change things too.")
        create.add_argument("--scim", action="store_true", help="For SCIM provisioning.")
        create.add_argument("--expires-days", type=int, default=None, help="Days until it expires.")
        revoke = actions.add_parser("revoke", help="Revoke a token.")
        revoke.add_argument("prefix", help="The token's first 8 characters.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(options)
        else:
            self._revoke(options["prefix"])

    def _create(self, options: dict[str, Any]) -> None:
        email = options["user"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days takes a number of days, 1 or more.")
        try:
            token, secret = api_token_create(
                actor=None,
                user=user,
                name=options["name"],
                write=options["write"],
                scim=options["scim"],
                expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        expiry = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "never expires"
        self.stdout.write(
            f"Created “{token.name}” for {user.email}: {token.get_scope_display().lower()}"
            f"{', SCIM' if token.scim else ''}, {expiry}. "
            "The token is on the next line; it is not shown again."
        )
        self.stdout.write(secret)

    def _revoke(self, prefix: str) -> None:
        token = api_token_by_prefix(prefix.strip()[:8])
        if token is None:
            raise CommandError(f"No token starts with {prefix}.")
        if api_token_revoke(actor=None, token=token):
            self.stdout.write(f"Revoked “{token.name}” of {token.user.email}.")
        else:
            self.stdout.write(f"“{token.name}” of {token.user.email} was already revoked.")
