"""Writes to the roster: imports and the demo go through here. The admin site's forms edit
rows directly (Django's own validation, plus the key check in roster/admin.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models, transaction

from baolian.lib.text import community_key, name_key
from baolian.lib.upsert import Saved, upsert_now
from baolian.roster.models import Community, Leader, Pairing, Street, Unit

# Kept under their old names: other sheets import them from here (see baolian.imports.sheets).
_upsert = upsert_now


def _given(**values: object) -> dict[str, object]:
    """Keyword arguments left out (None) mean "keep what is there"."""
    return {key: value for key, value in values.items() if value is not None}


@transaction.atomic
def street_upsert(
    *,
    name: str,
    kind: str | None = None,
    district: str | None = None,
    code: str | None = None,
    sort_order: int | None = None,
) -> Saved[Street]:
    return _upsert(
        Street,
        {"key": name_key(name)},
        _given(name=name, kind=kind, district=district, code=code, sort_order=sort_order),
    )


@transaction.atomic
def community_upsert(
    *,
    street: Street,
    name: str,
    kind: str | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    code: str | None = None,
    sort_order: int | None = None,
    clear_location: bool = False,
) -> Saved[Community]:
    values = _given(
        name=name,
        kind=kind,
        latitude=latitude,
        longitude=longitude,
        code=code,
        sort_order=sort_order,
    )
    if clear_location:
        values.update(latitude=None, longitude=None)
    return _upsert(Community, {"street": street, "key": community_key(name)}, values)


@transaction.atomic
def unit_upsert(
    *,
    name: str,
    category: str | None = None,
    liaison_name: str | None = None,
    liaison_phone: str | None = None,
    sort_order: int | None = None,
) -> Saved[Unit]:
    return _upsert(
        Unit,
        {"key": name_key(name)},
        _given(
            name=name,
            category=category,
            liaison_name=liaison_name,
            liaison_phone=liaison_phone,
            sort_order=sort_order,
        ),
    )


@transaction.atomic
def leader_upsert(
    *, name: str, title: str | None = None, sort_order: int | None = None
) -> Saved[Leader]:
    return _upsert(
        Leader, {"key": name_key(name)}, _given(name=name, title=title, sort_order=sort_order)
    )


_KEEP = object()


@transaction.atomic
def pairing_upsert(
    *,
    unit: Unit,
    community: Community,
    started_on: date,
    leader: Leader | None | object = _KEEP,
    ended_on: date | None | object = _KEEP,
) -> Saved[Pairing]:
    """Pair a unit with a community (one pairing per pair; its dates and leader can change).

    `leader` and `ended_on` left out keep what is recorded; passed as None they clear it.
    """
    values: dict[str, object] = {"started_on": started_on}
    if leader is not _KEEP:
        values["leader"] = leader
    if ended_on is not _KEEP:
        values["ended_on"] = ended_on
    return _upsert(Pairing, {"unit": unit, "community": community}, values)


def next_sort_order(model: type[models.Model]) -> int:
    top = model._default_manager.aggregate(top=models.Max("sort_order"))["top"]
    return (top or 0) + 1
