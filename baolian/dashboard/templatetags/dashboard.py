from __future__ import annotations

from fractions import Fraction

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from baolian.accounts.scoping import scope_of
from baolian.dashboard.rankings import Scorecard
from baolian.dashboard.selectors import my_month
from baolian.oversight.formatting import percent

register = template.Library()


@register.filter
def pct(value: Fraction | None) -> str:
    return percent(value)


@register.filter
def rank_change(card: Scorecard) -> str:
    """↑2, ↓1, — (same place) or 新 (not ranked the month before)."""
    change = card.change
    if change is None:
        return format_html('<span class="badge">{}</span>', _("not ranked before"))
    if change > 0:
        return format_html('<span class="up">↑{}</span>', change)
    if change < 0:
        return format_html('<span class="down">↓{}</span>', -change)
    return "—"


@register.inclusion_tag("dashboard/_my_month.html", takes_context=True)
def my_month_panel(context: template.Context) -> dict[str, object]:
    """A liaison's or community officer's month on the home page: `{% my_month_panel %}`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_month": None}
    return {"my_month": my_month(scope=scope_of(user))}
