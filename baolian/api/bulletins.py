"""Bulletins over the API: the list a person may see (published ones for everyone, drafts
for the office and inspectors) and each bulletin's files; drafting one for a period, editing
its text, and publishing it, as the office does on the page (oversight.services, .rules)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.
from datetime import date
from typing import Literal

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from baolian.accounts.models import User
from baolian.accounts.scoping import get_for_user, scope_of
from baolian.api.errors import STATUS_MESSAGES, ApiError
from baolian.api.metrics import EARLIEST, LATEST
from baolian.api.schemas import Id, In, PagePagination, Text, errors
from baolian.oversight import rules, selectors, services
from baolian.oversight.metrics import campaign_start
from baolian.oversight.models import Bulletin

router = Router(tags=["bulletins"])

Format = Literal["docx", "md", "html", "pdf"]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


class BulletinOut(Schema):
    id: int
    year: int
    number: int
    title: str
    period_start: date
    period_end: date
    issuer: str
    issued_on: date
    state: Literal["draft", "published"]
    formats: list[Format]

    @staticmethod
    def resolve_title(obj: Bulletin) -> str:
        return str(obj)

    @staticmethod
    def resolve_formats(obj: Bulletin) -> list[str]:
        return [name for name in CONTENT_TYPES if getattr(obj, name)]


class BulletinDetailOut(BulletinOut):
    cutoff: bool = Field(description="counted from the campaign's start (累计) to period_end")
    body: str


class BulletinIn(In):
    date_from: date | None = Field(
        None, alias="from", description="first day; left out: from the campaign's start (累计)"
    )
    date_to: date = Field(alias="to", description="last day of the period")


class BulletinChange(In):
    body: Text | None = Field(None, min_length=1, max_length=100_000)
    issuer: Text | None = Field(None, max_length=100)
    issued_on: date | None = None


def _bulletin(request: HttpRequest, bulletin_id: int) -> Bulletin:
    return get_for_user(request.user, selectors.bulletin_list(user=request.user), bulletin_id)


def _published(bulletin: Bulletin) -> ApiError:
    return ApiError(
        409, "already_published", _("This bulletin is published; its text and files are frozen.")
    )


def _bulletin_error(exc: services.BulletinError, status: int = 409) -> ApiError:
    # The service speaks both languages in one message ("中文 / English").
    zh, _sep, en = str(exc).partition(" / ")
    return ApiError(status, "conflict" if status == 409 else "refused", zh, message_en=en or zh)


@router.get("/bulletins", response={200: list[BulletinOut], **errors()})
@paginate(PagePagination)
def bulletin_list(request: HttpRequest):
    return selectors.bulletin_list(user=request.user)


@router.get("/bulletins/{bulletin_id}", response={200: BulletinDetailOut, **errors(404)})
def bulletin_detail(request: HttpRequest, bulletin_id: Id):
    return _bulletin(request, bulletin_id)


@router.post(
    "/bulletins",
    response={201: BulletinDetailOut, **errors(409)},
    summary="Draft the next bulletin for a period: figures counted and text written from them",
)
def bulletin_create(request: HttpRequest, payload: BulletinIn):
    if not rules.can_draft_bulletin(scope_of(request.user)):
        raise ApiError(403, "forbidden", _("Only the office and inspectors draft bulletins."))
    end = payload.date_to
    start = payload.date_from or min(campaign_start() or end, end)
    # The same bounds as GET /metrics: the figures are counted over this period.
    if end < start:
        raise ApiError(422, "invalid", _("The period ends before it starts."), field="to")
    if start < EARLIEST or end > LATEST:
        raise ApiError(
            422,
            "invalid",
            _("Give dates between %(first)s and %(last)s."),
            field="from" if start < EARLIEST else "to",
            first=EARLIEST.isoformat(),
            last=LATEST.isoformat(),
        )
    try:
        bulletin = services.bulletin_create(
            start=start, end=end, cutoff=payload.date_from is None, by=_signed_in(request)
        )
    except services.BulletinError as exc:
        raise _bulletin_error(exc) from None
    return Status(201, _bulletin(request, bulletin.pk))


@router.patch(
    "/bulletins/{bulletin_id}",
    response={200: BulletinDetailOut, **errors(404, 409)},
    summary="Edit a draft's text, issuer or date of issue (only the fields sent change)",
)
def bulletin_change(request: HttpRequest, bulletin_id: Id, payload: BulletinChange):
    bulletin = _bulletin(request, bulletin_id)
    if not rules.can_draft_bulletin(scope_of(request.user)):
        raise ApiError(403, "forbidden", _("Only the office and inspectors draft bulletins."))
    if bulletin.is_published:
        raise _published(bulletin)
    if not rules.can_edit_bulletin(scope_of(request.user), bulletin):
        raise ApiError(403, *STATUS_MESSAGES[403])
    try:
        services.bulletin_edit(
            bulletin=bulletin,
            body=payload.body if payload.body is not None else bulletin.body,
            issuer=payload.issuer if payload.issuer is not None else bulletin.issuer,
            issued_on=payload.issued_on or bulletin.issued_on,
        )
    except services.BulletinError as exc:
        raise _bulletin_error(exc, 422) from None
    return _bulletin(request, bulletin.pk)


@router.post(
    "/bulletins/{bulletin_id}/publish",
    response={200: BulletinDetailOut, **errors(404, 409)},
    summary="Publish a draft: its text, figures and files are frozen (the office only)",
)
def bulletin_publish(request: HttpRequest, bulletin_id: Id):
    bulletin = _bulletin(request, bulletin_id)
    scope = scope_of(request.user)
    if bulletin.is_published and scope.is_office:
        raise _published(bulletin)  # a second publish (a retry) is told, not redone
    if not rules.can_publish_bulletin(scope, bulletin):
        raise ApiError(403, "forbidden", _("Only the office publishes bulletins."))
    try:
        services.bulletin_publish(bulletin=bulletin, by=_signed_in(request))
    except services.BulletinError as exc:
        raise _bulletin_error(exc) from None
    return _bulletin(request, bulletin.pk)


# After /publish: its {fmt} would otherwise take that address.
@router.get(
    "/bulletins/{bulletin_id}/{fmt}",
    response={200: bytes, **errors(404)},
    openapi_extra={
        "responses": {
            200: {
                "description": "the file",
                "content": {t.split(";")[0]: {} for t in CONTENT_TYPES.values()},
            }
        }
    },
)
def bulletin_download(request: HttpRequest, bulletin_id: Id, fmt: Format):
    bulletin = get_for_user(request.user, selectors.bulletin_list(user=request.user), bulletin_id)
    field = getattr(bulletin, fmt)
    if not field:
        raise ApiError(404, *STATUS_MESSAGES[404])
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"督查通报_{bulletin.year}年第{bulletin.number}期.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
    # A draft changes; a published one is circulated but still private to signed-in people.
    response["Cache-Control"] = "private, no-store"
    return response


def _signed_in(request: HttpRequest) -> User:
    """The API's authentication has already refused an anonymous request (401)."""
    assert isinstance(request.user, User)
    return request.user
