"""Indexes for searching the people list on PostgreSQL.

The search (``people.selectors.person_list``) matches part of a name, e-mail address
or job title in any case (``UPPER(column) LIKE UPPER('%text%')``) and an employee id
exactly in any case. Without these, every search reads the whole table: a quarter of
a second at 100,000 people. Trigram indexes (``pg_trgm``, shipped with PostgreSQL and
trusted, so the database's owner may enable it) answer a substring match from the
index.

SQLite has no such index and reads its table, which is fast enough at the sizes it is
meant for. If the extension cannot be enabled (a database role without the right),
the indexes are left out with a warning: search still works, only slower.
"""

from __future__ import annotations

import warnings

from django.db import migrations

TRIGRAM_COLUMNS = ("name", "email", "job_title")


def _create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SAVEPOINT twoway_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - any refusal leaves search unindexed
            cursor.execute("ROLLBACK TO SAVEPOINT twoway_trgm")
            warnings.warn(
                f"People search is not indexed: enabling pg_trgm was refused ({error}).",
                stacklevel=1,
            )
            trigrams = False
        else:
            cursor.execute("RELEASE SAVEPOINT twoway_trgm")
            trigrams = True
        if trigrams:
            for column in TRIGRAM_COLUMNS:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS person_{column}_trgm ON people_person "
                    f"USING gin (UPPER({column}::text) gin_trgm_ops)"
                )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS person_employee_id_upper "
            "ON people_person (UPPER(employee_id::text))"
        )


def _drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for column in TRIGRAM_COLUMNS:
            cursor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")
        cursor.execute("DROP INDEX IF EXISTS person_employee_id_upper")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_person_change")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
