"""``twoway person_erase EMAIL --yes``: erase one person (docs/data-rights.md).

Without ``--yes`` it only says what it would do, and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.privacy.management.commands.person_export import person_by_email
from twoway.privacy.selectors import erasure_preview
from twoway.privacy.services import person_erase


class Command(BaseCommand):
    help = "Erase one person: delete their own data, pseudonymise their record, close their login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's e-mail address")
        parser.add_argument("--yes", action="store_true", help="really erase (cannot be undone)")

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_by_email(options["email"])
        if not options["yes"]:
            lines = [
                f"This would erase {person.name} ({person.email}) for good:",
                "their own data is deleted, the texts they wrote are emptied, their name",
                "and e-mail are replaced by [erased] everywhere (the audit log included),",
                "their record is pseudonymised and their login closed.",
            ]
            lines += [f"  {label}: {count}" for label, count in erasure_preview(person)]
            lines.append("Nothing was changed. Run again with --yes to erase.")
            raise CommandError("\n".join(lines))
        try:
            erasure = person_erase(actor=None, person=person)
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from None
        changed = sum(erasure.counts.values())
        self.stdout.write(f"erased person={erasure.person_uuid} changed={changed}")
