from __future__ import annotations

from fractions import Fraction

from django import template

register = template.Library()


@register.filter
def percent(rate: Fraction | None) -> str:
    """2/6 → 33.3%; no rate (nothing to divide) → —."""
    if rate is None:
        return "—"
    value = round(float(rate) * 100, 1)
    return f"{value:g}%"


@register.simple_tag
def problem_rows(problems: object, today: object, week_end: object) -> str:
    """The rows of the problem list (problem_list.html), written here rather than with template
    tags and an include per row, which were most of a 50-row page's time (issue 5). The
    state cell says what problems/_state.html says on the problem's own page."""
    from html import escape  # not Django's: its lazy-text check costs more than escaping

    from django.utils.safestring import mark_safe
    from django.utils.text import Truncator
    from django.utils.translation import gettext, ngettext

    from baolian.web.templatetags.baolian import day, link

    labels = [
        escape(gettext("Problem")),
        escape(gettext("Community")),
        escape(gettext("Deadline")),
        escape(gettext("State")),
    ]
    overdue_text, due_text = gettext("overdue"), gettext("due this week")
    overdue = f' <span class="badge overdue">{escape(overdue_text)}</span>'
    due = f' <span class="badge due">{escape(due_text)}</span>'
    rows = []
    for p in problems:  # type: ignore[attr-defined]
        item = (
            f'<br><small class="muted">{escape(str(p.standard_item))}</small>'
            if p.standard_item
            else ""
        )
        state = f'<span class="badge {escape(p.state)}">{escape(str(p.get_state_display()))}</span>'
        if p.state != "closed" and p.deadline and p.deadline < today:
            state += overdue
        elif p.state != "closed" and p.deadline and p.deadline <= week_end:
            state += due
        if p.extensions:
            n = p.extensions
            text = ngettext("extended %(n)s time", "extended %(n)s times", n) % {"n": n}
            state += f' <span class="badge">{escape(text)}</span>'
        if p.sent_back:
            n = p.sent_back
            text = ngettext("sent back %(n)s time", "sent back %(n)s times", n) % {"n": n}
            state += f' <span class="badge">{escape(text)}</span>'
        rows.append(
            f'<tr>\n<td data-label="{labels[0]}"><a href="{link("problems:detail", p.pk)}">'
            f"{escape(Truncator(p.description).chars(60))}</a>{item}</td>\n"
            f'<td data-label="{labels[1]}">{escape(p.community.street.name)} '
            f"{escape(p.community.name)}</td>\n"
            f'<td data-label="{labels[2]}" class="nowrap">{escape(day(p.deadline))}</td>\n'
            f'<td data-label="{labels[3]}">{state}</td>\n</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
