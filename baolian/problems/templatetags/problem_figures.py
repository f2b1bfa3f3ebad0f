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
