"""Problems and their rectification loop, and support measures, over the API. Every step is
the problems app's service (its rules and state machine); a refused step changes nothing."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from baolian.accounts.scoping import get_for_user, scope_of, visible
from baolian.api.errors import VALIDATION_MESSAGES, ApiError
from baolian.api.schemas import Id, In, PagePagination, Text, errors, form_json
from baolian.photos.services import PhotoRejected
from baolian.problems import selectors as problem_selectors
from baolian.problems import services as problem_services
from baolian.problems.models import Problem, ProblemState, StandardItem
from baolian.roster.models import Community, Unit
from baolian.support import rules as support_rules
from baolian.support import services as support_services
from baolian.support.models import Category, MeasureState, SupportMeasure

# Multipart parameters (module-level: one object, not a call per definition).
STEP_JSON = Form(..., description="TransitionIn as JSON", max_length=20_000)
PHOTOS = File(None, description="photos (JPEG, PNG, HEIC, WebP)")

router = Router(tags=["problems and support"])


def _refused(exc: Exception) -> ApiError:
    forbidden = isinstance(
        exc, (problem_services.ProblemForbidden, support_services.MeasureForbidden)
    )
    return ApiError(
        403 if forbidden else 422,
        "forbidden" if forbidden else "refused",
        getattr(exc, "message", str(exc)),
        field=getattr(exc, "field", None),
    )


REFUSALS = (problem_services.ProblemRefused, support_services.MeasureRefused)


# --- problems ------------------------------------------------------------------------------
class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    note: str
    at: datetime


class ProblemOut(Schema):
    id: int
    code: str | None
    community_id: int
    community_name: str = Field(alias="community.name")
    street_name: str = Field(alias="community.street.name")
    standard_item_id: int | None
    description: str
    place: str
    found_on: date
    found_by: str
    responsible: str
    deadline: date | None
    state: Literal["open", "rectifying", "rectified", "closed"]
    rectified_on: date | None
    closed_on: date | None
    extensions: int
    sent_back: int
    source_visit_id: int | None


class ProblemDetailOut(ProblemOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Problem) -> list:
        return list(obj.events.all())


class ProblemFilter(Schema):
    state: Literal["open", "rectifying", "rectified", "closed"] | None = None
    street_id: Id | None = None
    community_id: Id | None = None
    overdue: bool = Field(False, description="only problems past their deadline, not closed")
    q: str = Field("", max_length=50)


class ProblemIn(In):
    community_id: Id
    description: Text = Field(min_length=1, max_length=2000)
    found_on: date
    deadline: date | None = None
    standard_item_id: Id | None = None
    place: Text = Field("", max_length=200)
    responsible: Text = Field("", max_length=200)


class TransitionIn(In):
    action: Literal["start", "rectify", "close", "send_back", "extend"]
    note: Text = Field("", max_length=2000, description="what was done; why (send_back, extend)")
    deadline: date | None = Field(None, description="the new deadline (extend)")


@router.get("/problems", response={200: list[ProblemOut], **errors()})
@paginate(PagePagination)
def problem_list(request: HttpRequest, filters: Query[ProblemFilter]):
    return problem_selectors.problems_for(
        scope=scope_of(request.user),
        state=filters.state,
        street=filters.street_id,
        community=filters.community_id,
        overdue_on=timezone.localdate() if filters.overdue else None,
        q=filters.q.replace("\x00", "").strip(),
    )


def _problem(request: HttpRequest, problem_id: int) -> Problem:
    rows = problem_selectors.problems_for(scope=scope_of(request.user))
    return get_for_user(request.user, rows, problem_id)


@router.get("/problems/{problem_id}", response={200: ProblemDetailOut, **errors(404)})
def problem_detail(request: HttpRequest, problem_id: Id):
    return _problem(request, problem_id)


# The page lists a problem with its before photos in one step; so does the API, with
# multipart (`payload` + `photos`). A plain JSON body (no photos) is still accepted.
PROBLEM_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ProblemIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["payload"],
                "properties": {
                    "payload": {
                        "type": "string",
                        "maxLength": 20_000,
                        "description": "the problem as JSON (ProblemIn)",
                    },
                    "photos": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "before photos (JPEG, PNG, HEIC, WebP)",
                    },
                },
            }
        },
    },
}


def _problem_in(request: HttpRequest) -> tuple[ProblemIn, list[tuple[str, bytes]]]:
    if request.content_type == "multipart/form-data":
        text = request.POST.get("payload")
        if text is None:
            raise NinjaValidationError([{"type": "missing", "loc": ("payload",)}])
        if len(text) > 20_000:
            raise NinjaValidationError(
                [
                    {
                        "type": "string_too_long",
                        "loc": ("payload",),
                        "ctx": {"max_length": 20_000},
                    }
                ]
            )
        files = request.FILES.getlist("photos")[: problem_services.MAX_PHOTOS + 1]
        uploads = [((f.name or "photo")[:255], f.read()) for f in files]
        return form_json(ProblemIn, text), uploads
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        raise HttpError(400, "Cannot parse request body") from None
    try:
        return ProblemIn.model_validate(data), []
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [{**e, "loc": ("body", "payload", *e["loc"])} for e in exc.errors()]
        ) from None


@router.post(
    "/problems",
    response={201: ProblemDetailOut, **errors(404)},
    summary="List a problem (JSON, or multipart: `payload` JSON + before `photos`)",
    openapi_extra={"requestBody": PROBLEM_BODY},
)
def problem_create(request: HttpRequest):
    payload, uploads = _problem_in(request)
    community = get_for_user(request.user, Community.objects.all(), payload.community_id)
    item = None
    if payload.standard_item_id is not None:
        item = get_for_user(request.user, StandardItem.objects.all(), payload.standard_item_id)
    try:
        problem = problem_services.problem_create(
            by=request.user,
            community=community,
            description=payload.description,
            found_on=payload.found_on,
            deadline=payload.deadline,
            standard_item=item,
            place=payload.place,
            responsible=payload.responsible,
            photos=uploads,
        )
    except REFUSALS as exc:
        raise _refused(exc) from None
    except PhotoRejected as exc:
        raise ApiError(
            422, "photo_rejected", exc.message, field="photos", message_en=exc.message_en
        ) from None
    return Status(201, _problem(request, problem.pk))


@router.post(
    "/problems/{problem_id}/transitions",
    response={200: ProblemDetailOut, **errors(404)},
    summary="One step of the loop (multipart: `payload` JSON + `photos` after, for rectify)",
)
def problem_transition(
    request: HttpRequest,
    problem_id: Id,
    payload: str = STEP_JSON,
    photos: list[UploadedFile] = PHOTOS,
):
    step = form_json(TransitionIn, payload)
    problem = _problem(request, problem_id)
    by = request.user
    uploads = [((f.name or "photo")[:255], f.read()) for f in photos or []]
    try:
        if step.action == "start":
            problem_services.problem_start(problem=problem, by=by, note=step.note)
        elif step.action == "rectify":
            problem_services.problem_rectify(problem=problem, by=by, note=step.note, photos=uploads)
        elif step.action == "close":
            problem_services.problem_close(problem=problem, by=by, note=step.note)
        elif step.action == "send_back":
            problem_services.problem_send_back(problem=problem, by=by, reason=step.note)
        else:
            if step.deadline is None:
                raise ApiError(422, "invalid", VALIDATION_MESSAGES["missing"], field="deadline")
            problem_services.problem_extend_deadline(
                problem=problem, by=by, deadline=step.deadline, reason=step.note
            )
    except REFUSALS as exc:
        raise _refused(exc) from None
    except PhotoRejected as exc:
        raise ApiError(
            422, "photo_rejected", exc.message, field="photos", message_en=exc.message_en
        ) from None
    return _problem(request, problem.pk)


# --- support measures -----------------------------------------------------------------------
class MeasureOut(Schema):
    id: int
    code: str | None
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    community_id: int
    community_name: str = Field(alias="community.name")
    given_on: date
    category: Literal["funds", "materials", "project", "coordination"]
    content: str
    amount_yuan: Decimal | None
    state: Literal["planned", "in_progress", "done"]
    progressed_on: date | None


class MeasureFilter(Schema):
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    unit_id: Id | None = None
    community_id: Id | None = None
    category: Literal["funds", "materials", "project", "coordination"] | None = None
    state: Literal["planned", "in_progress", "done"] | None = None


class MeasureIn(In):
    unit_id: Id
    community_id: Id
    given_on: date
    category: Literal["funds", "materials", "project", "coordination"]
    content: Text = Field(min_length=1, max_length=2000)
    amount_yuan: Decimal | None = Field(
        None, ge=0, max_digits=14, decimal_places=2, description="exact yuan"
    )
    state: Literal["planned", "in_progress", "done"]


class MeasureChange(In):
    """Only the fields sent change (the page's edit form); the unit and community stay."""

    given_on: date | None = None
    category: Literal["funds", "materials", "project", "coordination"] | None = None
    content: Text | None = Field(None, min_length=1, max_length=2000)
    amount_yuan: Decimal | None = Field(
        None, ge=0, max_digits=14, decimal_places=2, description="exact yuan; null clears it"
    )
    state: Literal["planned", "in_progress", "done"] | None = None
    problem_ids: list[Id] | None = Field(
        None, max_length=100, description="the problems it addresses (replaces the list)"
    )


def _measures(request: HttpRequest):
    return visible(request.user, SupportMeasure.objects.alive().select_related("unit", "community"))


@router.get("/support", response={200: list[MeasureOut], **errors()})
@paginate(PagePagination)
def measure_list(request: HttpRequest, filters: Query[MeasureFilter]):
    rows = _measures(request)
    if filters.date_from:
        rows = rows.filter(given_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(given_on__lte=filters.date_to)
    for name in ("unit_id", "community_id", "category", "state"):
        if getattr(filters, name) is not None:
            rows = rows.filter(**{name: getattr(filters, name)})
    return rows


@router.get("/support/{measure_id}", response={200: MeasureOut, **errors(404)})
def measure_detail(request: HttpRequest, measure_id: Id):
    return get_for_user(request.user, _measures(request), measure_id)


@router.post("/support", response={201: MeasureOut, **errors(404)})
def measure_record(request: HttpRequest, payload: MeasureIn):
    unit = get_for_user(request.user, Unit.objects.all(), payload.unit_id)
    community = get_for_user(request.user, Community.objects.all(), payload.community_id)
    try:
        measure = support_services.support_measure_record(
            by=request.user,
            unit=unit,
            community=community,
            given_on=payload.given_on,
            category=payload.category,
            content=payload.content,
            amount_yuan=payload.amount_yuan,
            state=payload.state,
        )
    except REFUSALS as exc:
        raise _refused(exc) from None
    return Status(201, get_for_user(request.user, _measures(request), measure.pk))


@router.patch("/support/{measure_id}", response={200: MeasureOut, **errors(404)})
def measure_change(request: HttpRequest, measure_id: Id, payload: MeasureChange):
    measure = get_for_user(request.user, _measures(request), measure_id)
    if not support_rules.can_edit_support(scope_of(request.user), measure):
        raise ApiError(403, "forbidden", _("Your role may not change this measure."))
    sent = payload.model_fields_set
    problems = None
    if payload.problem_ids is not None:
        rows = problem_selectors.problems_for(scope=scope_of(request.user))
        problems = [get_for_user(request.user, rows, pk) for pk in payload.problem_ids]
    try:
        support_services.support_measure_update(
            measure=measure,
            by=request.user,
            given_on=payload.given_on or measure.given_on,
            category=payload.category or measure.category,
            content=payload.content if payload.content is not None else measure.content,
            amount_yuan=payload.amount_yuan if "amount_yuan" in sent else measure.amount_yuan,
            state=payload.state or measure.state,
            problems=problems,
        )
    except REFUSALS as exc:
        raise _refused(exc) from None
    return get_for_user(request.user, _measures(request), measure.pk)


# Keep the enums in sight: the Literal types above must list exactly their values.
assert set(ProblemState.values) == {"open", "rectifying", "rectified", "closed"}
assert set(Category.values) == {"funds", "materials", "project", "coordination"}
assert set(MeasureState.values) == {"planned", "in_progress", "done"}
