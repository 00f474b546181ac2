"""The people list's search is answered from indexes on PostgreSQL (trigrams for a
part of a name, e-mail or job title; an upper-case index for an employee id)."""

from __future__ import annotations

import pytest
from django.db import connection

from twoway.people.selectors import person_list

INDEXES = {
    "person_name_trgm",
    "person_email_trgm",
    "person_job_title_trgm",
    "person_employee_id_upper",
}


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        # SQLite has no trigram index; its search reads the table (the migration does
        # nothing there). The suite runs again on PostgreSQL, where this is checked.
        pytest.skip("trigram indexes exist on PostgreSQL only")


@pytest.mark.django_db
def test_the_search_indexes_exist():
    _postgresql_only()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'people_person'")
        names = {row[0] for row in cursor.fetchall()}
    assert names >= INDEXES


@pytest.mark.django_db
def test_a_search_reads_the_indexes_not_the_table(cast):
    _postgresql_only()
    # What the page's count asks (the slow part of a search: it reads every match).
    query = (
        person_list(user=cast.priya, q="chen", include_leavers=True).order_by().values("pk").query
    )
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        # A table this small is cheaper to read whole; forbid that to see the plan
        # a large directory gets.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on people_person" not in plan
    assert all(name in plan for name in INDEXES), plan
