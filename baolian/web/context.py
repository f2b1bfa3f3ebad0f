from __future__ import annotations

from django.http import HttpRequest

from baolian.accounts.scoping import can_manage_roster, role_of
from baolian.roster.models import CampaignSettings


def navigation(request: HttpRequest) -> dict[str, object]:
    campaign = CampaignSettings.load()
    context: dict[str, object] = {"campaign": campaign}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["user_role"] = role_of(user)
        context["can_manage_roster"] = can_manage_roster(user)
    elif campaign.is_demo:
        # A newcomer trying the demo should not have to find the console output again.
        from baolian.roster.demo import DEMO_PASSWORD, DEMO_USERNAMES

        context["demo_logins"] = {"usernames": DEMO_USERNAMES, "password": DEMO_PASSWORD}
    return context
