"""Insert-or-update one row by its natural key, saying what changed (for previews and history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass
class Saved(Generic[M]):
    """A row after an upsert: created, or the fields that changed as (before, after)."""

    obj: M
    created: bool
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)


def show_value(model: type[models.Model], name: str, value: object) -> str:
    """A value as people read it: a kind's label (镇, not "town"), a row's name."""
    if value is None:
        return ""
    key = (model, name)
    if key not in _LABELS:
        field = model._meta.get_field(name)
        plain = not isinstance(field, models.Field) or field.is_relation or not field.choices
        # (a relation's choices are a whole table); labels stay lazy, shown in the language
        # of the moment
        _LABELS[key] = None if plain else dict(field.flatchoices)  # type: ignore[union-attr]
    labels = _LABELS[key]
    if labels is None:
        return str(value)
    return str(labels.get(value, value))


# (model, field) -> value -> label, for fields with choices; None for the others. An import
# shows thousands of values of the same few fields.
_LABELS: dict[tuple[type[models.Model], str], dict[Any, Any] | None] = {}


def apply_changes(obj: models.Model, values: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Set `values` on `obj`; return {field: (before, after)} of what really changed."""
    model = type(obj)
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if isinstance(old, Decimal) and new is not None:
            new = Decimal(new).quantize(old)
        if old != new:
            changes[name] = (show_value(model, name, old), show_value(model, name, new))
            setattr(obj, name, new)
    return changes


def new_row(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    obj = model(**lookup, **values)
    if hasattr(obj, "refresh_key"):
        obj.refresh_key()
    return obj


def upsert_now(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> Saved[M]:
    """Upsert one row in the database at once (a service, the admin, a write-through import)."""
    # order_by(): the models' default orders join other tables; a key lookup needs none
    obj = model._default_manager.filter(**lookup).order_by().first()
    if obj is None:
        obj = new_row(model, lookup, values)
        obj.full_clean()
        obj.save()
        return Saved(obj, created=True)
    changes = apply_changes(obj, values)
    if changes:
        obj.full_clean()
        obj.save(update_fields=list(changes))
    return Saved(obj, created=False, changes=changes)
