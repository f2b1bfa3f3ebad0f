"""The REST API (/api/v1/) and the API pages: every operation for every role.

Reads answer within scope (another street's row is a 404, as on the pages); roster writes
are the office's (others 403, or 404 when they cannot even see the row); a token is its
owner's alone; an anonymous call gets 401 from the API and the login page from a page.
"""

from __future__ import annotations

from datetime import date
from itertools import count

from django.core.files.base import ContentFile

from baolian.api import services as token_services
from baolian.oversight.models import Bulletin
from tests.authz.matrix import (
    CREATED,
    FORBIDDEN,
    LOGIN,
    NO_CONTENT,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    Case,
    everyone,
    only,
)

API = "/api/v1"
# The street2 / c21 / unit_c / leader2 world: the leader's and the street officer's.
IN_STREET2 = {"admin", "inspector", "leader", "street"}
_names = count(1)


def setup(world) -> None:
    admin = world.users["admin"]
    world.extra["office_token"] = token_services.token_create(user=admin, name="matrix").token
    for number, state in ((1, "published"), (2, "draft")):
        bulletin = Bulletin(
            year=2021,
            number=number,
            period_start=date(2021, 4, 1),
            period_end=date(2021, 6, 30),
            body="督查通报",
            issuer="创卫办",
            issued_on=date(2021, 7, 5),
            state=state,
        )
        bulletin.md.save("bulletin.md", ContentFile("# 督查通报".encode()), save=False)
        bulletin.save()
        world.extra[f"bulletin_{state}"] = bulletin


def read(path, allowed: set[str] | None = None) -> Case:
    if allowed is None:
        return Case(path, everyone(OK, anon=UNAUTHENTICATED))
    return Case(path, only(allowed, other=NOT_FOUND, anon=UNAUTHENTICATED))


def office_write(path, body, *, method: str = "post", ok: int = CREATED, hidden=()) -> Case:
    """Only the office; roles that cannot see the row get 404 before being refused."""
    expect = only({"admin"}, ok=ok, other=FORBIDDEN, anon=UNAUTHENTICATED)
    expect.update({role: NOT_FOUND for role in hidden})
    return Case(path, expect, method=method, json=body)


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


CASES = {
    # --- roster reads -------------------------------------------------------------------
    "api:street_list": read(lambda w: f"{API}/streets"),
    "api:street_detail": read(lambda w: f"{API}/streets/{w.city.street2.pk}", IN_STREET2),
    "api:community_list": read(lambda w: f"{API}/communities"),
    "api:community_detail": read(lambda w: f"{API}/communities/{w.city.c21.pk}", IN_STREET2),
    "api:unit_list": read(lambda w: f"{API}/units"),
    "api:unit_detail": read(lambda w: f"{API}/units/{w.city.unit_c.pk}", IN_STREET2),
    "api:leader_list": read(lambda w: f"{API}/leaders"),
    "api:leader_detail": read(lambda w: f"{API}/leaders/{w.city.leader2.pk}", IN_STREET2),
    "api:pairing_list": read(lambda w: f"{API}/pairings"),
    "api:pairing_detail": read(lambda w: f"{API}/pairings/{w.city.pairings[2].pk}", IN_STREET2),
    # --- roster writes ------------------------------------------------------------------
    "api:street_create": office_write(
        lambda w: f"{API}/streets", lambda w: {"name": _unique("新建街道")}
    ),
    "api:community_create": office_write(
        lambda w: f"{API}/communities",
        lambda w: {"street_id": w.city.street1.pk, "name": _unique("新建社区")},
    ),
    "api:unit_create": office_write(
        lambda w: f"{API}/units", lambda w: {"name": _unique("市新局")}
    ),
    "api:unit_change": office_write(
        lambda w: f"{API}/units/{w.city.unit_c.pk}",
        lambda w: {"category": "事业单位"},
        method="patch",
        ok=OK,
        hidden=("liaison", "community"),
    ),
    "api:leader_create": office_write(
        lambda w: f"{API}/leaders", lambda w: {"name": _unique("新领导")}
    ),
    "api:pairing_create": office_write(
        lambda w: f"{API}/pairings",
        # unit_c with c22: the one pair of the city not yet paired
        lambda w: {
            "unit_id": w.city.unit_c.pk,
            "community_id": w.city.c22.pk,
            "started_on": "2021-05-01",
        },
    ),
    "api:pairing_change": office_write(
        lambda w: f"{API}/pairings/{w.city.pairings[2].pk}",
        lambda w: {"ended_on": "2021-12-31"},
        method="patch",
        ok=OK,
        hidden=("liaison", "community"),
    ),
    # --- tokens: one's own only --------------------------------------------------------
    "api:token_list": read(lambda w: f"{API}/tokens"),
    "api:token_create": Case(
        lambda w: f"{API}/tokens",
        everyone(CREATED, anon=UNAUTHENTICATED),
        method="post",
        json=lambda w: {"name": "程序"},
    ),
    "api:token_revoke": Case(
        lambda w: f"{API}/tokens/{w.office_token.pk}",
        only({"admin"}, ok=NO_CONTENT, other=NOT_FOUND, anon=UNAUTHENTICATED),
        method="delete",
    ),
    # --- figures and bulletins ---------------------------------------------------------
    "api:metrics": read(lambda w: f"{API}/metrics?from=2021-04-01&to=2021-06-30"),
    "api:bulletin_list": read(lambda w: f"{API}/bulletins"),
    # published: circulated to everyone signed in; a draft: the office and inspectors
    "api:bulletin_detail": read(lambda w: f"{API}/bulletins/{w.bulletin_published.pk}"),
    "api:bulletin_download": read(
        lambda w: f"{API}/bulletins/{w.bulletin_draft.pk}/md", {"admin", "inspector"}
    ),
    # --- documents and pages -------------------------------------------------------------
    # ninja's root name for reversing the prefix: nothing is served there
    "api:api-root": Case(lambda w: f"{API}/", everyone(NOT_FOUND, anon=NOT_FOUND)),
    "api:openapi-json": Case(lambda w: f"{API}/openapi.json", everyone(OK, anon=OK)),
    "api_docs": Case(lambda w: f"{API}/docs/", everyone(OK)),
    "api_tokens": Case(lambda w: "/api/tokens/", everyone(OK)),
    "api_token_revoke": Case(
        lambda w: f"/api/tokens/{w.office_token.pk}/revoke/",
        only({"admin"}, ok=LOGIN, other=NOT_FOUND),
        method="post",
        data=lambda w: {},
    ),
}
