"""Visits over the API: report with photos (idempotent by the phone's client_id), list with
filters, detail with its evidence flags, the community's confirmation, the editor's
corrections (fields, photos added or taken off) and soft delete, and an inspector's review
of a flag. The rules and the checks are the visits app's (visits.services, visits.rules);
this only translates."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.
import hashlib
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from baolian.accounts.scoping import get_for_user, scope_of
from baolian.api.errors import ApiError
from baolian.api.schemas import Id, In, PagePagination, Text, errors, form_json
from baolian.photos.services import PhotoRejected
from baolian.roster.models import Community, Leader, Unit
from baolian.visits import rules, selectors, services
from baolian.visits.models import Confirmation, FlagKind, FlagReview, Visit, VisitFlag, VisitKind

# Multipart parameters (module-level: one object, not a call per definition).
VISIT_JSON = Form(..., description="the visit as JSON (VisitIn)", max_length=20_000)
PHOTOS = File(None, description="photos (JPEG, PNG, HEIC, WebP)")

router = Router(tags=["visits"])


class FlagOut(Schema):
    id: int
    kind: str
    label: str = Field(alias="get_kind_display")
    reason: str
    review: str
    review_comment: str
    reviewed_at: datetime | None
    other_visit_id: int | None


class PhotoOut(Schema):
    id: int
    stage: str
    original_name: str
    taken_at: datetime | None
    display_url: str
    original_url: str

    @staticmethod
    def resolve_display_url(obj) -> str:
        return reverse("photos:display", args=[obj.pk])

    @staticmethod
    def resolve_original_url(obj) -> str:
        return reverse("photos:original", args=[obj.pk])


class VisitOut(Schema):
    id: int
    client_id: uuid.UUID
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    community_id: int
    community_name: str = Field(alias="community.name")
    street_name: str = Field(alias="community.street.name")
    visited_on: date
    kinds: list[int]
    leader_id: int | None
    unit_head_led: bool
    participants: int | None
    summary: str
    findings: str
    reported_at: datetime
    confirmation: Literal["pending", "confirmed", "disputed"]
    dispute_reason: str
    flags: list[FlagOut]

    @staticmethod
    def resolve_kinds(obj: Visit) -> list[int]:
        return [int(kind) for kind in obj.kind_list]

    @staticmethod
    def resolve_flags(obj: Visit) -> list:
        return list(obj.flags.all())


class VisitDetailOut(VisitOut):
    photos: list[PhotoOut]

    @staticmethod
    def resolve_photos(obj: Visit) -> list:
        return list(obj.photos.all())


class VisitIn(In):
    client_id: uuid.UUID = Field(description="made on the phone; a retry sends the same one")
    unit_id: Id
    community_id: Id
    visited_on: date
    kinds: list[Literal[1, 2, 4, 8, 16, 32, 64]] = Field(min_length=1, max_length=7)
    leader_id: Id | None = None
    unit_head_led: bool = False
    participants: int | None = Field(None, ge=1, le=10_000)
    summary: Text = Field("", max_length=services.MAX_TEXT)
    findings: Text = Field("", max_length=services.MAX_TEXT)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    accuracy_m: int | None = Field(None, ge=0, le=100_000)


class ConfirmationIn(In):
    confirmed: bool
    reason: Text = Field("", max_length=services.MAX_TEXT)


class VisitEditIn(In):
    """Only the fields sent change (the web's edit form); the unit and community stay."""

    visited_on: date | None = Field(None, description="within the pairing's dates")
    kinds: list[Literal[1, 2, 4, 8, 16, 32, 64]] | None = Field(None, min_length=1, max_length=7)
    leader_id: Id | None = None
    unit_head_led: bool | None = None
    participants: int | None = Field(None, ge=1, le=10_000)
    summary: Text | None = Field(None, max_length=services.MAX_TEXT)
    findings: Text | None = Field(None, max_length=services.MAX_TEXT)
    remove_photos: list[Id] = Field(
        [], max_length=services.MAX_PHOTOS * 10, description="ids of photos to take off"
    )


class FlagReviewIn(In):
    review: Literal["accepted", "problem"] = Field(
        description="accepted: explained; problem: confirmed as a problem (say what in comment)"
    )
    comment: Text = Field("", max_length=services.MAX_TEXT)


class VisitFilter(Schema):
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    street_id: Id | None = None
    community_id: Id | None = None
    unit_id: Id | None = None
    leader_id: Id | None = None
    kind: Literal[1, 2, 4, 8, 16, 32, 64] | None = None
    flag: Literal[tuple(FlagKind.values) + ("any",)] | None = None  # type: ignore[valid-type]
    confirmation: Literal[tuple(Confirmation.values)] | None = None  # type: ignore[valid-type]


def _refused(exc: Exception, status: int = 422) -> ApiError:
    field = getattr(exc, "field", None)
    if isinstance(exc, PhotoRejected):
        return ApiError(
            status, "photo_rejected", exc.message, field="photos", message_en=exc.message_en
        )
    return ApiError(status, "refused", getattr(exc, "message", str(exc)), field=field)


@router.get("/visits", response={200: list[VisitOut], **errors()})
@paginate(PagePagination)
def visit_list(request: HttpRequest, filters: Query[VisitFilter]):
    wanted = selectors.VisitFilters(
        date_from=filters.date_from,
        date_to=filters.date_to,
        street=filters.street_id,
        community=filters.community_id,
        unit=filters.unit_id,
        leader=filters.leader_id,
        kind=filters.kind,
        flag=filters.flag,
        confirmation=filters.confirmation,
    )
    return selectors.visit_list(user=request.user, filters=wanted)


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    return get_for_user(request.user, selectors.visit_list(user=request.user), visit_id)


@router.get("/visits/{visit_id}", response={200: VisitDetailOut, **errors(404)})
def visit_detail(request: HttpRequest, visit_id: Id):
    return _visit(request, visit_id)


def _fingerprint(payload: VisitIn, photo_digests: list[str]) -> dict:
    """What a replay must repeat to be the same submission."""
    return {
        "unit": payload.unit_id,
        "community": payload.community_id,
        "visited_on": payload.visited_on,
        "kinds": VisitKind.mask_of(list(payload.kinds)),
        "leader": payload.leader_id,
        "unit_head_led": payload.unit_head_led,
        "participants": payload.participants,
        "summary": payload.summary.strip(),
        "findings": payload.findings.strip(),
        "photos": sorted(photo_digests),
    }


def _stored_fingerprint(visit: Visit) -> dict:
    return {
        "unit": visit.unit_id,
        "community": visit.community_id,
        "visited_on": visit.visited_on,
        "kinds": visit.kinds,
        "leader": visit.leader_id,
        "unit_head_led": visit.unit_head_led,
        "participants": visit.participants,
        "summary": visit.summary,
        "findings": visit.findings,
        "photos": sorted(visit.photos.values_list("sha256", flat=True)),
    }


@router.post(
    "/visits",
    response={200: VisitDetailOut, 201: VisitDetailOut, **errors(404, 409)},
    summary="Report a visit with its photos (multipart: `payload` JSON + `photos` files)",
)
def visit_report(
    request: HttpRequest,
    payload: str = VISIT_JSON,
    photos: list[UploadedFile] = PHOTOS,
):
    visit_in = form_json(VisitIn, payload)
    scope = scope_of(request.user)
    if not rules.can_report_visits(scope):
        raise ApiError(403, "forbidden", _("Only a unit's liaison or the office reports visits."))
    unit = get_for_user(request.user, Unit.objects.all(), visit_in.unit_id)
    community = get_for_user(request.user, Community.objects.all(), visit_in.community_id)
    leader = None
    if visit_in.leader_id is not None:
        leader = get_for_user(request.user, Leader.objects.all(), visit_in.leader_id)
    uploads = [
        services.PhotoUpload(name=(f.name or "photo")[:255], data=f.read()) for f in photos or []
    ]
    digests = [hashlib.sha256(u.data).hexdigest() for u in uploads]
    existing = Visit.objects.filter(client_id=visit_in.client_id).first()
    if existing is not None and Visit.objects.visible_to(scope).filter(pk=existing.pk).exists():
        if _stored_fingerprint(existing) != _fingerprint(visit_in, digests):
            raise ApiError(
                409,
                "idempotency_conflict",
                _("This client_id was already used for a different visit."),
                field="client_id",
            )
    location = None
    if visit_in.latitude is not None and visit_in.longitude is not None:
        location = services.Location(visit_in.latitude, visit_in.longitude, visit_in.accuracy_m)
    try:
        visit, created = services.visit_report(
            user=request.user,
            client_id=visit_in.client_id,
            unit=unit,
            community=community,
            visited_on=visit_in.visited_on,
            kinds=list(visit_in.kinds),
            leader=leader,
            unit_head_led=visit_in.unit_head_led,
            participants=visit_in.participants,
            summary=visit_in.summary,
            findings=visit_in.findings,
            photos=uploads,
            location=location,
        )
    except services.VisitRefused as exc:
        raise _refused(exc) from None
    except PhotoRejected as exc:
        raise _refused(exc) from None
    return Status(201 if created else 200, _visit(request, visit.pk))


@router.post("/visits/{visit_id}/confirmation", response={200: VisitDetailOut, **errors(404)})
def visit_confirm(request: HttpRequest, visit_id: Id, payload: ConfirmationIn):
    visit = _visit(request, visit_id)
    if not rules.can_confirm_visit(scope_of(request.user), visit):
        raise ApiError(403, "forbidden", _("Only the community's own officer confirms its visits."))
    try:
        services.visit_confirm(
            user=request.user, visit=visit, confirmed=payload.confirmed, reason=payload.reason
        )
    except services.VisitRefused as exc:
        raise _refused(exc) from None
    return _visit(request, visit.pk)


def _edit(request: HttpRequest, visit: Visit, **changes) -> Visit:
    """One call of the web's edit service; the kinds it needs are the visit's unless sent."""
    if not rules.can_edit_visit(scope_of(request.user), visit):
        raise ApiError(403, "forbidden", _("You cannot edit this visit."))
    changes.setdefault("kinds", [int(kind) for kind in visit.kind_list])
    try:
        services.visit_edit(user=request.user, visit=visit, **changes)
    except services.VisitRefused as exc:
        raise _refused(exc) from None
    except PhotoRejected as exc:
        raise _refused(exc) from None
    return _visit(request, visit.pk)


@router.patch(
    "/visits/{visit_id}",
    response={200: VisitDetailOut, **errors(404)},
    summary="Correct a visit: only the fields sent change; `remove_photos` takes photos off",
)
def visit_edit(request: HttpRequest, visit_id: Id, payload: VisitEditIn):
    visit = _visit(request, visit_id)
    sent = payload.model_fields_set
    changes: dict = {}
    if "leader_id" in sent:
        changes["leader"] = None
        if payload.leader_id is not None:
            changes["leader"] = get_for_user(request.user, Leader.objects.all(), payload.leader_id)
    for name in ("unit_head_led", "summary", "findings"):
        if name in sent and getattr(payload, name) is not None:
            value = getattr(payload, name)
            changes[name] = value.strip() if isinstance(value, str) else value
    if "participants" in sent:
        changes["participants"] = payload.participants
    if payload.visited_on is not None:
        changes["visited_on"] = payload.visited_on
    if payload.kinds is not None:
        changes["kinds"] = list(payload.kinds)
    if payload.remove_photos:
        changes["remove_photos"] = list(payload.remove_photos)
    return _edit(request, visit, **changes)


@router.post(
    "/visits/{visit_id}/photos",
    response={200: VisitDetailOut, **errors(404)},
    summary="Add photos to a visit (multipart `photos`), as its editor",
)
def visit_photos_add(request: HttpRequest, visit_id: Id, photos: list[UploadedFile] = PHOTOS):
    visit = _visit(request, visit_id)
    if not rules.can_edit_visit(scope_of(request.user), visit):
        raise ApiError(403, "forbidden", _("You cannot edit this visit."))
    uploads = [
        services.PhotoUpload(name=(f.name or "photo")[:255], data=f.read())
        for f in (photos or [])[: services.MAX_PHOTOS + 1]
    ]
    if not uploads:
        raise ApiError(422, "invalid", _("Add at least one photo."), field="photos")
    return _edit(request, visit, add_photos=uploads)


@router.delete("/visits/{visit_id}", response={204: None, **errors(404)})
def visit_delete(request: HttpRequest, visit_id: Id):
    """Soft delete, as on the page: the visit stays in the history and counts nowhere."""
    visit = _visit(request, visit_id)
    if not rules.can_delete_visit(scope_of(request.user), visit):
        raise ApiError(403, "forbidden", _("You cannot delete this visit."))
    try:
        services.visit_delete(user=request.user, visit=visit)
    except services.VisitRefused as exc:
        raise _refused(exc, 403) from None
    return Status(204, None)


@router.post(
    "/visits/flags/{flag_id}/review",
    response={200: FlagOut, **errors(404)},
    summary="An inspector's judgement on an evidence flag: accepted, or confirmed as a problem",
)
def flag_review(request: HttpRequest, flag_id: Id, payload: FlagReviewIn):
    flag = get_for_user(request.user, VisitFlag.objects.select_related("visit"), flag_id)
    if not rules.can_review_flag(scope_of(request.user), flag):
        raise ApiError(403, "forbidden", _("Only inspectors and the office review flags."))
    try:
        flag = services.flag_review(
            user=request.user, flag=flag, review=payload.review, comment=payload.comment
        )
    except services.VisitRefused as exc:
        raise _refused(exc) from None
    return flag


assert {FlagReview.ACCEPTED, FlagReview.PROBLEM} == {"accepted", "problem"}
