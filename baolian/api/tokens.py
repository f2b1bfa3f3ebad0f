"""API tokens over the API: list and revoke one's own; create only from a signed-in browser
(a stolen token must not be able to mint itself a longer-lived successor)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from baolian.api import selectors, services
from baolian.api.errors import ApiError
from baolian.api.schemas import Id, In, Text, errors

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="the first characters of the secret")
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    usable: bool = Field(alias="is_usable")


class NewTokenOut(TokenOut):
    secret: str = Field(description="shown this once; only its SHA-256 digest is kept")


class TokenIn(In):
    name: Text = Field(min_length=1, max_length=100)
    days: int = Field(services.DEFAULT_DAYS, ge=1, le=services.MAX_DAYS)


@router.get("/tokens", response={200: list[TokenOut], **errors()})
def token_list(request: HttpRequest):
    return list(selectors.token_list(user=request.user))


@router.post("/tokens", response={201: NewTokenOut, **errors()})
def token_create(request: HttpRequest, payload: TokenIn):
    if getattr(request, "api_token", None) is not None:
        raise ApiError(
            403, "token_cannot_create", _("Tokens are made on the API tokens page, signed in.")
        )
    new = services.token_create(user=request.user, name=payload.name, days=payload.days)
    new.token.secret = new.secret  # on this answer only
    return Status(201, new.token)


@router.delete("/tokens/{token_id}", response={204: None, **errors(404)})
def token_revoke(request: HttpRequest, token_id: Id):
    token = selectors.token_list(user=request.user).filter(pk=token_id).first()
    if token is None:
        raise ApiError(404, "not_found", _("Not found, or not yours to see."))
    services.token_revoke(token=token)
    return Status(204, None)
