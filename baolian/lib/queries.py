"""Query helpers that keep pages fast on a province-size roster."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F
from django.db.models.lookups import In


class _IdsIn(In):
    """`column IN (ids)` for ids that are already integers (a scope's), passed as they are.

    Django's `__in` prepares every value on its own, a few microseconds each: for a leader
    bound to 1,000 pairings that was 7 ms of every page, before any query ran."""

    def get_prep_lookup(self) -> tuple[int, ...]:
        return self.rhs

    def process_rhs(self, compiler: object, connection: object) -> tuple[str, tuple]:
        if not self.rhs:
            raise EmptyResultSet  # as `__in=[]`: matches nothing
        return "(" + ", ".join(["%s"] * len(self.rhs)) + ")", tuple(self.rhs)


def ids_in(column: str, ids: Collection[int]) -> _IdsIn:
    """A filter: `column` is one of `ids`. Same rows as `filter(column__in=ids)`."""
    return _IdsIn(F(column), tuple(ids))


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
