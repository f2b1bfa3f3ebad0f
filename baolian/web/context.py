from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest

from baolian.accounts.scoping import Scope, can_manage_roster, role_of, scope_of
from baolian.roster.models import CampaignSettings
from baolian.web.templatetags.baolian import link


def navigation(request: HttpRequest) -> dict[str, object]:
    campaign = CampaignSettings.load()
    context: dict[str, object] = {"campaign": campaign}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["user_role"] = role_of(user)
        context["can_manage_roster"] = can_manage_roster(user)
        context["nav_items"] = nav_items(scope_of(user))
    elif campaign.is_demo:
        # A newcomer trying the demo should not have to find the console output again.
        from baolian.demo.city import DEMO_PASSWORD, DEMO_USERNAMES

        context["demo_logins"] = {"usernames": DEMO_USERNAMES, "password": DEMO_PASSWORD}
    return context


def nav_items(scope: Scope) -> list[dict[str, str]]:
    """Menu entries that apps declare on their AppConfig as `nav_items`:
    (url name, label, rule(scope) -> bool); each app owns its entries. The addresses are
    reversed once per process (`link`), not on every page."""
    items = []
    for config in apps.get_app_configs():
        for url_name, label, rule in getattr(config, "nav_items", ()):
            if rule(scope):
                items.append({"url": link(url_name), "label": str(label)})
    return items
