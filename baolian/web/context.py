from __future__ import annotations

from django.http import HttpRequest

from baolian.accounts.scoping import can_manage_roster, role_of
from baolian.roster.models import CampaignSettings


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_role": role_of(user),
        "can_manage_roster": can_manage_roster(user),
        "campaign": CampaignSettings.load(),
    }
