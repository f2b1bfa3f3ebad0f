from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from html import escape  # not Django's: its lazy-text check costs more than escaping
from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from baolian.support.money import format_wan, format_yuan

if TYPE_CHECKING:
    from baolian.support.selectors import FundsRow

register = template.Library()


@register.filter
def wan(value: Decimal | None) -> str:
    return format_wan(value)


@register.filter
def yuan(value: Decimal | None) -> str:
    return format_yuan(value)


@register.simple_tag
def funds_rows(rows: Iterable[FundsRow], subject: str = "unit") -> SafeString:
    """The rows of a totals table (per unit, or per community with its street), written
    here rather than with template tags: a page of 100 rows of four cells was most of the
    support page's time."""
    label = escape(gettext("Community") if subject == "community" else gettext("Unit"))
    invested, pledged = escape(gettext("invested")), escape(gettext("pledged (planned)"))
    measures = escape(gettext("Measures"))
    lines = []
    for row in rows:
        name = escape(row.subject.name)
        if subject == "community":
            name = f"{escape(row.subject.street.name)} {name}"  # type: ignore[union-attr]
        lines.append(
            f'<tr><td data-label="{label}">{name}</td>'
            f'<td data-label="{invested}">{escape(format_wan(row.invested))}</td>'
            f'<td data-label="{pledged}">{escape(format_wan(row.pledged))}</td>'
            f'<td data-label="{measures}">{row.measures}</td></tr>'
        )
    return mark_safe("".join(lines))  # noqa: S308 - every value escaped above
