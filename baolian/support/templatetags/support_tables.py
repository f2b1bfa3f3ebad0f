"""The support page's tables written in Python: their rows through template tags and
filters were most of the page's time (issue 5). Every value is escaped here."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # not Django's: its lazy-text check costs more than escaping
from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from baolian.support.money import format_wan, format_yuan
from baolian.web.templatetags.baolian import day, link

if TYPE_CHECKING:
    from baolian.support.models import SupportMeasure
    from baolian.support.selectors import FundsRow

register = template.Library()


@register.simple_tag
def measure_rows(measures: Iterable[SupportMeasure]) -> SafeString:
    """The rows of the list of measures: as the template wrote them, content cut at 40."""
    labels = [
        escape(gettext("Date")),
        escape(gettext("Unit")),
        escape(gettext("Community")),
        escape(gettext("Category")),
        escape(gettext("Content")),
        escape(gettext("Amount")),
        escape(gettext("State")),
    ]
    rows = []
    for m in measures:
        rows.append(
            f'<tr>\n<td data-label="{labels[0]}" class="nowrap">{escape(day(m.given_on))}</td>\n'
            f'<td data-label="{labels[1]}">{escape(m.unit.name)}</td>\n'
            f'<td data-label="{labels[2]}">{escape(m.community.name)}</td>\n'
            f'<td data-label="{labels[3]}">{escape(str(m.get_category_display()))}</td>\n'
            f'<td data-label="{labels[4]}"><a href="{link("support:detail", m.pk)}">'
            f"{escape(Truncator(m.content).chars(40))}</a></td>\n"
            f'<td data-label="{labels[5]}" class="nowrap">'
            f"{escape(format_yuan(m.amount_yuan))}</td>\n"
            f'<td data-label="{labels[6]}">{escape(str(m.get_state_display()))}</td>\n</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


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
