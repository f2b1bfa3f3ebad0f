"""Small display helpers of the visit pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from baolian.lib.dates import format_cn
from baolian.lib.geo import format_distance

register = template.Library()


@register.filter
def cn_date(value: object) -> str:
    return format_cn(value)  # type: ignore[arg-type]


@register.filter
def distance(metres: float | None) -> str:
    return "" if metres is None else format_distance(metres)


@register.simple_tag
def photo_url(photo: object, variant: str = "display") -> str:
    """The scoped view that serves a photo's file (never a public media URL)."""
    try:
        return reverse(f"photos:{variant}", args=[photo.pk])  # type: ignore[attr-defined]
    except NoReverseMatch:
        return ""


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)


@register.simple_tag
def visit_rows(visits: object, flags: dict[int, list]) -> str:
    """The rows of the visit list, written here rather than with template tags: their lookups
    and the loop over each visit's flags were most of a 50-row page's time (issue 5).
    `flags`: each visit's flags by its id (`selectors.flags_by_visit`)."""
    from html import escape  # not Django's: its lazy-text check costs more than escaping

    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from baolian.web.templatetags.baolian import link

    labels = [
        escape(gettext("Date")),
        escape(gettext("Unit")),
        escape(gettext("Community")),
        escape(gettext("Led by")),
        escape(gettext("Confirmation")),
        escape(gettext("Flags")),
    ]
    head = escape(gettext("unit head"))
    shades = {"open": "flag-open", "problem": "flag-problem"}
    rows = []
    for visit in visits:  # type: ignore[attr-defined]
        badges = "".join(
            f'<span class="badge {shades.get(flag.review, "")}" title="{escape(flag.reason)}">'
            f"{escape(str(flag.get_kind_display()))}</span> "
            for flag in flags[visit.pk]
        )
        leader = escape(visit.leader.name) if visit.leader is not None else ""
        rows.append(
            f'<tr>\n<td data-label="{labels[0]}"><a href="{link("visits:detail", visit.pk)}">'
            f"{escape(format_cn(visit.visited_on))}</a></td>\n"
            f'<td data-label="{labels[1]}">{escape(visit.unit.name)}</td>\n'
            f'<td data-label="{labels[2]}">{escape(visit.community.name)} '
            f'<small class="muted">{escape(visit.community.street.name)}</small></td>\n'
            f'<td data-label="{labels[3]}">{leader}{" " + head if visit.unit_head_led else ""}'
            "</td>\n"
            f'<td data-label="{labels[4]}">{escape(str(visit.get_confirmation_display()))}</td>\n'
            f'<td data-label="{labels[5]}" class="flags">{badges}</td>\n</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
