"""Types every endpoint shares: text that the databases accept, ids in range, pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, ConfigDict
from pydantic import BaseModel as PydanticModel
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from baolian.api.errors import ErrorOut


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and a lone surrogate (valid in JSON's \u escapes) cannot
    # be encoded for either database: refused here as input, not discovered as a 500.
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("bad_unicode", "must be valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(_storable)]
# SQLite and PostgreSQL keep 64-bit integers; a larger id can name no row.
Id = Annotated[int, Field(ge=1, le=2**62)]


class In(Schema):
    """Input: an unknown field is an error (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid")


def form_json(model: type[PydanticModel], payload: str) -> PydanticModel:
    """A multipart request's JSON part (beside its files), validated like a JSON body."""
    try:
        return model.model_validate_json(payload)
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [{**e, "loc": ("form", "payload", *e["loc"])} for e in exc.errors()]
        ) from None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation documents, beside the ones every operation has."""
    return {status: ErrorOut for status in (400, 401, 403, 413, 422, 429, *statuses)}


class PagePagination(PaginationBase):
    """?page=1&page_size=50 → {count, page, page_size, items}; past the end, no items."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(50, ge=1, le=200)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, **params: Any) -> dict:
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": queryset.count(),
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": list(queryset[start : start + pagination.page_size]),
        }
