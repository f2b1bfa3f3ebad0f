"""The problem list as rows in the import layout (so an export imports back unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from baolian.accounts.scoping import scope_of
from baolian.lib.xlsx import Sheet
from baolian.problems.importers import STATE_LABELS, ProblemSheet, found_by_label, standard_label
from baolian.problems.models import Problem


def problem_rows(problems: Iterable[Problem]) -> Iterator[list[object]]:
    for p in problems:
        yield [
            p.code,
            p.community.name,
            p.community.street.name,
            standard_label(p.standard_item),
            p.description,
            p.found_on,
            found_by_label(p),
            p.deadline,
            STATE_LABELS[p.state],
            p.rectified_on,
            p.closed_on,
        ]


def problem_sheets(user: object) -> list[Sheet]:
    rows = (
        Problem.objects.alive()
        .visible_to(scope_of(user))
        .select_related("community__street", "standard_item", "found_by_unit")
        .order_by("found_on", "id")
    )
    return [Sheet(ProblemSheet.name, [c.header for c in ProblemSheet.columns], problem_rows(rows))]
