"""Who is calling: a program with a token (Authorization: Bearer bl_…), or the browser with
its session cookie and CSRF token. Either way the request then acts as one user, with that
user's role and Scope, exactly as on the pages."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import SessionAuth
from ninja.security.http import HttpBearer

from baolian.accounts.models import User
from baolian.api import selectors, services
from baolian.api.errors import ApiError

# django-axes counts failures per (user name, address); every bad token from one address
# counts against this one name, so guessing tokens locks that address out like guessing
# passwords does.
TOKEN_USERNAME = "(api token)"


def _credentials() -> dict[str, str]:
    return {"username": TOKEN_USERNAME}


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None  # no token: the session may still sign the browser in
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(
                401, "bad_authorization", _("Send the token as 'Authorization: Bearer <token>'.")
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        AxesProxyHandler.update_request(request)
        if AxesProxyHandler.is_locked(request, _credentials()):
            raise ApiError(429, "locked_out", _("Too many failed sign-ins: try again later."))
        found = selectors.token_for_secret(token)
        refusal = None
        if found is None:
            refusal = ("invalid_token", _("This API token is not valid."))
        elif found.revoked_at is not None:
            refusal = ("revoked_token", _("This API token has been revoked."))
        elif not found.is_usable:
            refusal = ("expired_token", _("This API token has expired: make a new one."))
        elif not found.user.is_active:
            refusal = ("invalid_token", _("This API token is not valid."))
        if refusal is not None:
            user_login_failed.send(sender=__name__, credentials=_credentials(), request=request)
            raise ApiError(401, *refusal)
        services.token_touch(token=found, ip=request.META.get("REMOTE_ADDR"))
        _act_as(request, found.user)
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class BrowserSession(SessionAuth):
    """Django's session cookie; ninja checks the CSRF token on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def _act_as(request: HttpRequest, user: User) -> None:
    request.user = user
    # The audit log's middleware read the (anonymous) user before the token was checked.
    try:
        from auditlog.context import auditlog_value

        auditlog_value.get()["actor"] = user
    except LookupError:
        pass


token_auth = TokenAuth()
session_auth = BrowserSession()
API_AUTH = [token_auth, session_auth]
