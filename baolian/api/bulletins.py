"""Bulletins over the API: the list a person may see (published ones for everyone, drafts
for the office and inspectors) and each bulletin's files."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.
from datetime import date
from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from baolian.accounts.scoping import get_for_user
from baolian.api.errors import STATUS_MESSAGES, ApiError
from baolian.api.schemas import Id, PagePagination, errors
from baolian.oversight import selectors
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


@router.get("/bulletins", response={200: list[BulletinOut], **errors()})
@paginate(PagePagination)
def bulletin_list(request: HttpRequest):
    return selectors.bulletin_list(user=request.user)


@router.get("/bulletins/{bulletin_id}", response={200: BulletinOut, **errors(404)})
def bulletin_detail(request: HttpRequest, bulletin_id: Id):
    return get_for_user(request.user, selectors.bulletin_list(user=request.user), bulletin_id)


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
