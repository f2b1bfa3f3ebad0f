"""Pages of long lists that cost the same deep in the list as at its start."""

from __future__ import annotations

from typing import Any

from django.core import paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

# Rows skipped before a page is read in two steps; above the first pages a user reads.
DEEP = 500


class Paginator(paginator.Paginator):
    """Django's paginator, except that a page deep in a long list (page 500 of a province's
    50,000 communities) first finds its rows' ids in the list's order, then reads those rows
    whole. Skipping 25,000 rows then walks the order's index alone, instead of reading (and
    joining) every skipped row: the same rows in the same order, at page 1's cost."""

    def __init__(self, *args: Any, deep: int | None = None, **kwargs: Any) -> None:
        """`deep`: rows skipped from which a page is read in two steps (DEEP if None; 0 for
        a list whose first page already sorts many rows, joined, to keep 50)."""
        super().__init__(*args, **kwargs)
        self.deep = deep

    def page(self, number: int | str) -> paginator.Page:
        rows = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        deep = DEEP if self.deep is None else self.deep
        if (
            bottom < deep
            or not isinstance(rows, QuerySet)
            or not issubclass(rows._iterable_class, ModelIterable)  # values(): no pk to key by
            or rows.query.combinator
            or rows.query.is_sliced
        ):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        return paginator.Page([found[pk] for pk in ids if pk in found], number, self)
