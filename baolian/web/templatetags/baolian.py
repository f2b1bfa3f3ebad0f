from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from baolian.lib.dates import format_cn
from baolian.roster.models import Pairing, PairingState

register = template.Library()


@register.filter
def day(value: date | None) -> str:
    """2021年6月30日 in Chinese, 2021-06-30 otherwise."""
    if value is None:
        return ""
    if (get_language() or "zh-hans").startswith("zh"):
        return format_cn(value)
    return value.isoformat()


@register.filter
def state_badge(pairing: Pairing) -> str:
    """A badge for a pairing that is not in force today (not started yet, or ended)."""
    state = pairing.state_on(timezone.localdate())
    if state == PairingState.ACTIVE:
        return ""
    return format_html('<span class="badge {}">{}</span>', state.value, state.label)
