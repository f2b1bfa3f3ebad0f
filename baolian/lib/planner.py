"""Keep the database's query planner informed after big writes."""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """After a bulk write (an import), let SQLite's planner see the tables' new sizes.

    Without statistics SQLite guesses, and on a province's roster it guesses wrong: it sorts
    50,000 communities for each page of the list instead of walking the roster-order index.
    ANALYZE takes tens of milliseconds at that size. PostgreSQL's autovacuum analyses by
    itself; calling it there too would only slow the import.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
