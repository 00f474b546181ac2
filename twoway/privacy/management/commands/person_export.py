"""``twoway person_export EMAIL``: print everything Twoway holds about one person
as JSON (the same document as "Download as JSON" on their data page)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from twoway.people.models import Person
from twoway.privacy.selectors import person_export
from twoway.privacy.services import person_export_record


def person_by_email(email: str) -> Person:
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise CommandError(f"No person has the e-mail address {email!r}.")
    return person


class Command(BaseCommand):
    help = "Print everything Twoway holds about one person, as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        person = person_by_email(options["email"])
        person_export_record(actor=None, person=person, download=True)
        self.stdout.write(
            json.dumps(person_export(person), indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
        )
