from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import get_language

from baolian.lib.dates import format_cn

register = template.Library()


@register.filter
def day(value: date | None) -> str:
    """2021年6月30日 in Chinese, 2021-06-30 otherwise."""
    if value is None:
        return ""
    if (get_language() or "zh-hans").startswith("zh"):
        return format_cn(value)
    return value.isoformat()
