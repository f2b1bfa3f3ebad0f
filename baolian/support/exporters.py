"""Support measures as rows in the import layout (so an export imports back unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from baolian.accounts.scoping import scope_of
from baolian.lib.xlsx import Sheet
from baolian.support.importers import CATEGORY_LABELS, STATE_LABELS, SupportSheet
from baolian.support.models import SupportMeasure


def measure_rows(measures: Iterable[SupportMeasure]) -> Iterator[list[object]]:
    for m in measures:
        yield [
            m.code,
            m.given_on,
            m.unit.name,
            m.community.name,
            m.community.street.name,
            CATEGORY_LABELS[m.category],
            m.content,
            m.amount_yuan,
            STATE_LABELS[m.state],
        ]


def support_sheets(user: object) -> list[Sheet]:
    rows = (
        SupportMeasure.objects.alive()
        .visible_to(scope_of(user))
        .select_related("unit", "community__street")
        .order_by("given_on", "id")
    )
    return [Sheet(SupportSheet.name, [c.header for c in SupportSheet.columns], measure_rows(rows))]
