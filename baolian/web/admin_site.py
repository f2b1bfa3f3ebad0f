"""The admin site, for the campaign office only.

Anyone else who opens /admin/ gets the product's own 403 page ("your account may not do
this"), not Django's admin login form, which would invite them to try another password.
A visitor who is not logged in goes to the product's login page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from baolian.accounts.scoping import can_manage_roster


class OfficeAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # The role decides (scoping.py); Django's staff flag is still needed for its own
        # per-model permissions, and User.clean() keeps it for office admins.
        return super().has_permission(request) and can_manage_roster(request.user)

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.has_permission(request):
            raise PermissionDenied
        return None

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        inner = super().admin_view(view, cacheable)

        def gated(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            return self._gate(request) or inner(request, *args, **kwargs)

        return update_wrapper(gated, inner)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # The office logs in on the product's login page like everyone else.
        return self._gate(request) or super().login(request, extra_context)
