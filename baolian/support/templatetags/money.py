from __future__ import annotations

from decimal import Decimal

from django import template

from baolian.support.money import format_wan, format_yuan

register = template.Library()


@register.filter
def wan(value: Decimal | None) -> str:
    return format_wan(value)


@register.filter
def yuan(value: Decimal | None) -> str:
    return format_yuan(value)
