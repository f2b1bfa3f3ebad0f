"""Filter drop-downs that stay small on a province-size roster.

A `<select>` of 50,000 communities (or 2,000 units) takes seconds to build and is of no use
to a person: the filter lists the choices only when they are few — the user's own part of
the roster, or the communities of the street chosen beside it — and otherwise asks to narrow
first. The field still accepts any visible row's id (a link from another page keeps
working); only what the page renders is bounded.
"""

from __future__ import annotations

from html import escape  # not Django's: its lazy-text check costs more than escaping

from django import forms
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

# More than this many options and the drop-down asks to narrow first. Streets and leaders
# have no parent to narrow by and stay few (hundreds even in a province): a longer limit.
FEW = 200
STREETS_MAX = 1000


def _attributes(attrs: dict) -> str:
    """A tag's attributes as Django's widget templates write them: `required` alone for
    True, nothing for False or None."""
    return "".join(
        f" {key}" if value is True else f' {key}="{escape(str(value))}"'
        for key, value in attrs.items()
        if value is not None and value is not False
    )


class QuickSelect(forms.Select):
    """Django's Select for a filter's short fixed list (states, kinds), written directly: the
    same markup without a template per option (a list page's three or four filters cost more
    than its fifty rows)."""

    def render(
        self, name: str, value: object, attrs: dict | None = None, renderer: object = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        found = False  # as Django's: only the first option of the value is selected
        parts = [
            f'<select name="{escape(name)}"{_attributes(self.build_attrs(self.attrs, attrs))}>'
        ]
        for option, label in self.choices:
            text = "" if option is None else str(option)
            mark = " selected" if not found and text in chosen else ""
            found = found or bool(mark)
            parts.append(f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


class ShortSelect(forms.Select):
    """A select over options already fetched as (id, label) pairs, written directly: Django's
    template per option costs tens of microseconds each, which a list page cannot afford."""

    def __init__(self, options: list[tuple[int, str]], blank: str) -> None:
        super().__init__()
        self.offered = options
        self.blank = blank

    def render(
        self, name: str, value: object, attrs: dict | None = None, renderer: object = None
    ) -> SafeString:
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        attrs = self.build_attrs(self.attrs, attrs)
        head = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items() if v not in (None, False))
        parts = [f'<select name="{escape(name)}"{head}>', f'<option value="">{escape(self.blank)}']
        for pk, label in self.offered:
            mark = " selected" if str(pk) in chosen else ""
            parts.append(f'<option value="{pk}"{mark}>{escape(label)}')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def parse_id(raw: object) -> int | None:
    """The integer id in a query parameter, or None for anything else."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def offer_few(
    field: forms.Field,
    rows: QuerySet,
    *,
    chosen: object,
    blank: str,
    crowded: str,
    label: str = "name",
    most: int | None = None,
) -> None:
    """Render `field` as a drop-down of `rows` when there are at most `most` of them; otherwise
    as a drop-down holding only the chosen row, whose blank option says how to narrow
    (`crowded`). `rows` are already scoped (and narrowed by the form's other choices)."""
    most = FEW if most is None else most
    options: list[tuple[int, str]] = []
    # Unordered, the test stops after `most` rows instead of sorting 50,000 first.
    if rows.order_by().values("pk")[most : most + 1].exists():
        blank = crowded
    else:
        options = list(rows.values_list("pk", label))
    pk = parse_id(chosen)
    if pk is not None and all(pk != option[0] for option in options):
        options = [*options, *field.queryset.filter(pk=pk).values_list("pk", label)]  # type: ignore[attr-defined]
    field.widget = ShortSelect(options, blank)
