"""The roster over the API: reads for every role within its scope, writes for the office
through roster.services (the same upserts the importer uses)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from baolian.accounts.scoping import can_manage_roster, get_for_user, scope_of, visible
from baolian.api.errors import ApiError
from baolian.api.rules import can_see_phone, masked_phone
from baolian.api.schemas import Id, In, PagePagination, Text, errors
from baolian.lib.text import community_key, name_key
from baolian.roster import selectors, services
from baolian.roster.models import Community, Leader, Pairing, Street, Unit

router = Router(tags=["roster"])


# --- shapes ------------------------------------------------------------------------------
class StreetOut(Schema):
    id: int
    name: str
    kind: Literal["subdistrict", "town"]
    district: str
    code: str
    sort_order: int


class CommunityOut(Schema):
    id: int
    name: str
    kind: Literal["community", "village"]
    street_id: int
    street_name: str = Field(alias="street.name")
    latitude: Decimal | None
    longitude: Decimal | None
    code: str
    sort_order: int


class UnitOut(Schema):
    id: int
    name: str
    category: str
    liaison_name: str
    liaison_phone: str = Field(description="masked (139****5678) unless the caller may see it")
    sort_order: int

    @staticmethod
    def resolve_liaison_phone(obj: Unit, context: dict) -> str:
        scope = scope_of(context["request"].user)
        if can_see_phone(scope, unit_id=obj.pk):
            return obj.liaison_phone
        return masked_phone(obj.liaison_phone)


class LeaderOut(Schema):
    id: int
    name: str
    title: str
    sort_order: int


class PairingOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    community_id: int
    community_name: str = Field(alias="community.name")
    street_name: str = Field(alias="community.street.name")
    leader_id: int | None
    leader_name: str | None
    started_on: date
    ended_on: date | None
    state: Literal["upcoming", "active", "ended"]

    @staticmethod
    def resolve_leader_name(obj: Pairing) -> str | None:
        return obj.leader.name if obj.leader_id else None

    @staticmethod
    def resolve_state(obj: Pairing) -> str:
        return obj.state_on(timezone.localdate()).value


Name = Field(min_length=1, max_length=100)
SortOrder = Field(None, ge=0, le=1_000_000)


class StreetIn(In):
    name: Text = Name
    kind: Literal["subdistrict", "town"] = "subdistrict"
    district: Text = Field("", max_length=100)
    code: Text = Field("", max_length=20)
    sort_order: int | None = SortOrder


class CommunityIn(In):
    street_id: Id
    name: Text = Name
    kind: Literal["community", "village"] = "community"
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    code: Text = Field("", max_length=20)
    sort_order: int | None = SortOrder


class UnitIn(In):
    name: Text = Name
    category: Text = Field("", max_length=50)
    liaison_name: Text = Field("", max_length=50)
    liaison_phone: Text = Field("", max_length=30)
    sort_order: int | None = SortOrder


class UnitChange(In):
    category: Text | None = Field(None, max_length=50)
    liaison_name: Text | None = Field(None, max_length=50)
    liaison_phone: Text | None = Field(None, max_length=30)
    sort_order: int | None = SortOrder


class LeaderIn(In):
    name: Text = Field(min_length=1, max_length=50)
    title: Text = Field("", max_length=100)
    sort_order: int | None = SortOrder


class PairingIn(In):
    unit_id: Id
    community_id: Id
    leader_id: Id | None = None
    started_on: date
    ended_on: date | None = None


class PairingChange(In):
    leader_id: Id | None = None
    started_on: date | None = None
    ended_on: date | None = None


class ListFilter(Schema):
    q: str = Field("", max_length=50, description="part of the name")


class CommunityFilter(ListFilter):
    street_id: Id | None = None


class PairingFilter(Schema):
    unit_id: Id | None = None
    community_id: Id | None = None
    leader_id: Id | None = None


def _q(filters: ListFilter) -> str:
    return filters.q.replace("\x00", "").strip()


def _office_only(request: HttpRequest) -> None:
    if not can_manage_roster(request.user):
        raise ApiError(403, "forbidden", _("Only the campaign office changes the roster."))


def _exists(message: object, field: str = "name") -> ApiError:
    return ApiError(409, "exists", message, field=field)


def _ordered(model: type, sort_order: int | None) -> int:
    return services.next_sort_order(model) if sort_order is None else sort_order


# --- streets -----------------------------------------------------------------------------
@router.get("/streets", response={200: list[StreetOut], **errors()}, url_name="street_list")
@paginate(PagePagination)
def street_list(request: HttpRequest, filters: Query[ListFilter]):
    return selectors.street_list(user=request.user, q=_q(filters))


@router.get("/streets/{street_id}", response={200: StreetOut, **errors(404)})
def street_detail(request: HttpRequest, street_id: Id):
    return get_for_user(request.user, Street.objects.all(), street_id)


@router.post("/streets", response={201: StreetOut, **errors(409)})
def street_create(request: HttpRequest, payload: StreetIn):
    _office_only(request)
    if Street.objects.filter(key=name_key(payload.name)).exists():
        raise _exists(_("A street or town of this name exists already."))
    saved = services.street_upsert(
        name=payload.name.strip(),
        kind=payload.kind,
        district=payload.district,
        code=payload.code,
        sort_order=_ordered(Street, payload.sort_order),
    )
    return Status(201, saved.obj)


# --- communities -------------------------------------------------------------------------
@router.get("/communities", response={200: list[CommunityOut], **errors()})
@paginate(PagePagination)
def community_list(request: HttpRequest, filters: Query[CommunityFilter]):
    rows = selectors.community_list(user=request.user, q=_q(filters))
    if filters.street_id is not None:
        rows = rows.filter(street_id=filters.street_id)
    return rows


@router.get("/communities/{community_id}", response={200: CommunityOut, **errors(404)})
def community_detail(request: HttpRequest, community_id: Id):
    return get_for_user(request.user, Community.objects.select_related("street"), community_id)


@router.post("/communities", response={201: CommunityOut, **errors(404, 409)})
def community_create(request: HttpRequest, payload: CommunityIn):
    _office_only(request)
    street = get_for_user(request.user, Street.objects.all(), payload.street_id)
    if Community.objects.filter(street=street, key=community_key(payload.name)).exists():
        raise _exists(_("This street already has a community of this name."))
    saved = services.community_upsert(
        street=street,
        name=payload.name.strip(),
        kind=payload.kind,
        latitude=payload.latitude,
        longitude=payload.longitude,
        code=payload.code,
        sort_order=_ordered(Community, payload.sort_order),
    )
    return Status(201, saved.obj)


# --- units -------------------------------------------------------------------------------
@router.get("/units", response={200: list[UnitOut], **errors()})
@paginate(PagePagination)
def unit_list(request: HttpRequest, filters: Query[ListFilter]):
    return selectors.unit_list(user=request.user, q=_q(filters))


@router.get("/units/{unit_id}", response={200: UnitOut, **errors(404)})
def unit_detail(request: HttpRequest, unit_id: Id):
    return get_for_user(request.user, Unit.objects.all(), unit_id)


@router.post("/units", response={201: UnitOut, **errors(409)})
def unit_create(request: HttpRequest, payload: UnitIn):
    _office_only(request)
    if Unit.objects.filter(key=name_key(payload.name)).exists():
        raise _exists(_("A unit of this name exists already."))
    saved = services.unit_upsert(
        name=payload.name.strip(),
        category=payload.category,
        liaison_name=payload.liaison_name,
        liaison_phone=payload.liaison_phone,
        sort_order=_ordered(Unit, payload.sort_order),
    )
    return Status(201, saved.obj)


@router.patch("/units/{unit_id}", response={200: UnitOut, **errors(404)})
def unit_change(request: HttpRequest, unit_id: Id, payload: UnitChange):
    unit = get_for_user(request.user, Unit.objects.all(), unit_id)
    _office_only(request)
    # The unit's name is its identity in imports; renaming is done in the admin site.
    saved = services.unit_upsert(name=unit.name, **payload.model_dump(exclude_unset=True))
    return saved.obj


# --- leaders -----------------------------------------------------------------------------
@router.get("/leaders", response={200: list[LeaderOut], **errors()})
@paginate(PagePagination)
def leader_list(request: HttpRequest, filters: Query[ListFilter]):
    return selectors.leader_list(user=request.user, q=_q(filters))


@router.get("/leaders/{leader_id}", response={200: LeaderOut, **errors(404)})
def leader_detail(request: HttpRequest, leader_id: Id):
    return get_for_user(request.user, Leader.objects.all(), leader_id)


@router.post("/leaders", response={201: LeaderOut, **errors(409)})
def leader_create(request: HttpRequest, payload: LeaderIn):
    _office_only(request)
    if Leader.objects.filter(key=name_key(payload.name)).exists():
        raise _exists(_("A leader of this name exists already."))
    saved = services.leader_upsert(
        name=payload.name.strip(),
        title=payload.title,
        sort_order=_ordered(Leader, payload.sort_order),
    )
    return Status(201, saved.obj)


# --- pairings ----------------------------------------------------------------------------
def _pairings(request: HttpRequest):
    return visible(
        request.user, Pairing.objects.select_related("unit", "community__street", "leader")
    )


@router.get("/pairings", response={200: list[PairingOut], **errors()})
@paginate(PagePagination)
def pairing_list(request: HttpRequest, filters: Query[PairingFilter]):
    return _pairings(request).filter(**filters.model_dump(exclude_none=True))


@router.get("/pairings/{pairing_id}", response={200: PairingOut, **errors(404)})
def pairing_detail(request: HttpRequest, pairing_id: Id):
    return get_for_user(request.user, _pairings(request), pairing_id)


@router.post("/pairings", response={201: PairingOut, **errors(404, 409)})
def pairing_create(request: HttpRequest, payload: PairingIn):
    _office_only(request)
    unit = get_for_user(request.user, Unit.objects.all(), payload.unit_id)
    community = get_for_user(request.user, Community.objects.all(), payload.community_id)
    leader = None
    if payload.leader_id is not None:
        leader = get_for_user(request.user, Leader.objects.all(), payload.leader_id)
    if Pairing.objects.filter(unit=unit, community=community).exists():
        raise _exists(_("This unit is already paired with this community."), "community_id")
    saved = services.pairing_upsert(
        unit=unit,
        community=community,
        leader=leader,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
    )
    return Status(201, get_for_user(request.user, _pairings(request), saved.obj.pk))


@router.patch("/pairings/{pairing_id}", response={200: PairingOut, **errors(404)})
def pairing_change(request: HttpRequest, pairing_id: Id, payload: PairingChange):
    pairing = get_for_user(request.user, _pairings(request), pairing_id)
    _office_only(request)
    given = payload.model_dump(exclude_unset=True)
    changes: dict[str, object] = {}
    if "leader_id" in given:
        changes["leader"] = (
            None
            if given["leader_id"] is None
            else get_for_user(request.user, Leader.objects.all(), given["leader_id"])
        )
    if "ended_on" in given:
        changes["ended_on"] = given["ended_on"]
    services.pairing_upsert(
        unit=pairing.unit,
        community=pairing.community,
        started_on=given.get("started_on") or pairing.started_on,
        **changes,
    )
    return get_for_user(request.user, _pairings(request), pairing.pk)
