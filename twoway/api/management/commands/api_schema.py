"""``twoway api_schema``: print the API's OpenAPI schema (``--write``: into docs/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twoway.api.openapi import schema_file, schema_text


class Command(BaseCommand):
    help = "Print the REST API's OpenAPI schema, or write it to docs/openapi.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--write", action="store_true", help="Write docs/openapi.json instead of printing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = schema_text()
        if options["write"]:
            path = schema_file()
            path.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {path.name}")
        else:
            self.stdout.write(text, ending="")
