"""The REST API (/api/v1/) and the API pages: every operation for every role.

Reads answer within scope (another street's row is a 404, as on the pages); roster writes
are the office's (others 403, or 404 when they cannot even see the row); a token is its
owner's alone; an anonymous call gets 401 from the API and the login page from a page.
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, datetime
from datetime import timezone as dt_timezone
from decimal import Decimal
from itertools import count

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from baolian.api import services as token_services
from baolian.oversight.models import Bulletin
from baolian.problems.models import Problem
from baolian.support.models import SupportMeasure
from baolian.visits.models import FlagKind, Visit, VisitFlag, VisitKind
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


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def setup(world) -> None:
    city = world.city
    # unit C's visit to 下津村 (street 2), a problem there and a measure: the leader's and
    # the street officer's world, not the liaison's (unit A) nor the community's (新桥社区).
    world.extra["visit"] = Visit.objects.create(
        unit=city.unit_c,
        community=city.c21,
        visited_on=date(2021, 5, 6),
        reported_at=datetime(2021, 5, 6, 10, tzinfo=dt_timezone.utc),
        kinds=VisitKind.INSPECTION,
    )
    world.extra["visit_to_delete"] = Visit.objects.create(
        unit=city.unit_c,
        community=city.c21,
        visited_on=date(2021, 5, 7),
        reported_at=datetime(2021, 5, 7, 10, tzinfo=dt_timezone.utc),
        kinds=VisitKind.INSPECTION,
    )
    world.extra["flag"] = VisitFlag.objects.create(
        visit=world.extra["visit"], kind=FlagKind.values[0], reason="照片缺少拍摄时间"
    )
    world.extra["problem"] = Problem.objects.create(
        community=city.c21, description="垃圾乱堆放", found_on=date(2021, 5, 6)
    )
    world.extra["measure"] = SupportMeasure.objects.create(
        unit=city.unit_c,
        community=city.c21,
        given_on=date(2021, 5, 6),
        category="funds",
        content="捐赠垃圾桶",
        amount_yuan=Decimal("5000"),
        state="done",
    )
    world.extra["jpeg"] = _jpeg()
    admin = world.users["admin"]
    world.extra["office_token"] = token_services.token_create(user=admin, name="matrix").token
    for number, state in ((1, "published"), (2, "draft")):
        bulletin = Bulletin(
            year=2020,  # apart from the oversight cases' drafts of 2021
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


# Who may change unit C's visit (rules.can_edit_visit): the office; who sees it is refused.
_VISIT_EDITORS = {
    "anon": UNAUTHENTICATED,
    "admin": OK,
    "inspector": FORBIDDEN,
    "leader": FORBIDDEN,
    "liaison": NOT_FOUND,
    "street": FORBIDDEN,
    "community": NOT_FOUND,
}


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
    # --- visits: another unit's visit by id is a 404; only its community confirms ----------
    "api:visit_list": read(lambda w: f"{API}/visits"),
    "api:visit_detail": read(lambda w: f"{API}/visits/{w.visit.pk}", IN_STREET2),
    "api:visit_report": Case(
        lambda w: f"{API}/visits",
        {
            "anon": UNAUTHENTICATED,
            "admin": CREATED,  # on behalf of unit C
            "inspector": CREATED,
            "leader": FORBIDDEN,  # leaders do not report
            "liaison": NOT_FOUND,  # unit C is not the liaison's
            "street": FORBIDDEN,
            "community": FORBIDDEN,
        },
        method="post",
        data=lambda w: {
            "payload": json.dumps(
                {
                    "client_id": str(uuid.uuid4()),
                    "unit_id": w.city.unit_c.pk,
                    "community_id": w.city.c21.pk,
                    "visited_on": "2021-05-20",
                    "kinds": [2],
                    "summary": "检查农贸市场",
                }
            ),
            "photos": SimpleUploadedFile("现场.jpg", w.jpeg, "image/jpeg"),
        },
    ),
    "api:visit_confirm": Case(
        lambda w: f"{API}/visits/{w.visit.pk}/confirmation",
        {
            **only(set(), anon=UNAUTHENTICATED),
            "liaison": NOT_FOUND,
            "community": NOT_FOUND,  # another community's visit
        },
        method="post",
        json=lambda w: {"confirmed": True},
    ),
    # only the office edits unit C's visit (its liaison would too; this liaison is unit A's)
    "api:visit_edit": Case(
        lambda w: f"{API}/visits/{w.visit.pk}",
        {**_VISIT_EDITORS},
        method="patch",
        json=lambda w: {"summary": "检查农贸市场，补记"},
    ),
    "api:visit_photos_add": Case(
        lambda w: f"{API}/visits/{w.visit.pk}/photos",
        {**_VISIT_EDITORS},
        method="post",
        data=lambda w: {"photos": SimpleUploadedFile("补拍.jpg", w.jpeg, "image/jpeg")},
    ),
    "api:visit_delete": Case(
        lambda w: f"{API}/visits/{w.visit_to_delete.pk}",
        {**_VISIT_EDITORS, "admin": NO_CONTENT},
        method="delete",
    ),
    # flags are reviewed by the inspection team and the office
    "api:flag_review": Case(
        lambda w: f"{API}/visits/flags/{w.flag.pk}/review",
        {**_VISIT_EDITORS, "inspector": OK},
        method="post",
        json=lambda w: {"review": "accepted", "comment": "已核实"},
    ),
    # --- problems and support -------------------------------------------------------------
    "api:problem_list": read(lambda w: f"{API}/problems"),
    "api:problem_detail": read(lambda w: f"{API}/problems/{w.problem.pk}", IN_STREET2),
    "api:problem_create": Case(
        lambda w: f"{API}/problems",
        {
            "anon": UNAUTHENTICATED,
            "admin": CREATED,
            "inspector": CREATED,
            "leader": FORBIDDEN,
            "liaison": NOT_FOUND,
            "street": CREATED,  # its own street's community
            "community": NOT_FOUND,
        },
        method="post",
        json=lambda w: {
            "community_id": w.city.c21.pk,
            "description": "沟渠污臭",
            "found_on": "2021-05-10",
        },
    ),
    "api:problem_transition": Case(
        lambda w: f"{API}/problems/{w.problem.pk}/transitions",
        {
            "anon": UNAUTHENTICATED,
            "admin": OK,
            "inspector": FORBIDDEN,
            "leader": FORBIDDEN,
            "liaison": NOT_FOUND,
            "street": OK,
            "community": NOT_FOUND,
        },
        method="post",
        data=lambda w: {"payload": json.dumps({"action": "start", "note": "已安排清运"})},
    ),
    "api:measure_list": read(lambda w: f"{API}/support"),
    "api:measure_detail": read(lambda w: f"{API}/support/{w.measure.pk}", IN_STREET2),
    "api:measure_record": Case(
        lambda w: f"{API}/support",
        {
            "anon": UNAUTHENTICATED,
            "admin": CREATED,
            "inspector": FORBIDDEN,
            "leader": FORBIDDEN,
            "liaison": NOT_FOUND,
            "street": FORBIDDEN,
            "community": NOT_FOUND,
        },
        method="post",
        json=lambda w: {
            "unit_id": w.city.unit_c.pk,
            "community_id": w.city.c21.pk,
            "given_on": "2021-05-10",
            "category": "materials",
            "content": "清洁工具一批",
            "amount_yuan": "1200.00",
            "state": "done",
        },
    ),
    "api:measure_change": Case(
        lambda w: f"{API}/support/{w.measure.pk}",
        {
            "anon": UNAUTHENTICATED,
            "admin": OK,
            "inspector": FORBIDDEN,
            "leader": FORBIDDEN,
            "liaison": NOT_FOUND,  # unit C's measure: not the liaison's (unit A)
            "street": FORBIDDEN,
            "community": NOT_FOUND,
        },
        method="patch",
        json=lambda w: {"state": "in_progress", "content": "捐赠垃圾桶20个"},
    ),
    # --- bulletins: the office and inspectors draft and edit; the office publishes ---------
    "api:bulletin_create": Case(
        lambda w: f"{API}/bulletins",
        only({"admin", "inspector"}, ok=CREATED, other=FORBIDDEN, anon=UNAUTHENTICATED),
        method="post",
        json=lambda w: {"from": "2021-04-01", "to": "2021-06-30"},
    ),
    "api:bulletin_change": Case(
        lambda w: f"{API}/bulletins/{w.bulletin_draft.pk}",
        only({"admin", "inspector"}, other=NOT_FOUND, anon=UNAUTHENTICATED),  # a draft: unseen
        method="patch",
        json=lambda w: {"body": "督查通报（修改稿）"},
    ),
    "api:bulletin_publish": Case(
        lambda w: f"{API}/bulletins/{w.bulletin_draft.pk}/publish",
        {**only({"admin"}, other=NOT_FOUND, anon=UNAUTHENTICATED), "inspector": FORBIDDEN},
        method="post",
        json=lambda w: {},
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
