from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from baolian.oversight import formatting

register = template.Library()


@register.filter
def wan(value: Decimal) -> str:
    return formatting.wan(value)


@register.filter
def ratio(value: Fraction | Decimal | int | None) -> str:
    return formatting.decimal(value)


@register.filter
def pct(value: Fraction | None) -> str:
    return formatting.percent(value)


@register.filter
def names(value: list[str]) -> str:
    return formatting.names(value)
