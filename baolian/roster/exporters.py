"""The roster as rows, in the import layout (so an export imports back unchanged)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from baolian.accounts.models import User
from baolian.accounts.scoping import scope_of, visible
from baolian.imports.specs import SheetSpec
from baolian.lib.xlsx import Sheet
from baolian.roster.importers import (
    COMMUNITY_KINDS,
    STREET_KINDS,
    CommunitySheet,
    LeaderSheet,
    PairingSheet,
    StreetSheet,
    UnitSheet,
)
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from baolian.roster.rules import can_see_phone_of_unit, mask_phone

CHUNK = 2000
# The columns of each sheet, in the import layout's order.
STREET_FIELDS = ("name", "kind", "district", "code")
COMMUNITY_FIELDS = ("name", "kind", "street__name", "latitude", "longitude", "code")
UNIT_FIELDS = ("name", "category", "liaison_name", "liaison_phone")
LEADER_FIELDS = ("name", "title")
PAIRING_FIELDS = (
    "unit__name",
    "community__name",
    "community__street__name",
    "leader__name",
    "started_on",
    "ended_on",
)


def _headers(spec: type[SheetSpec]) -> list[str]:
    return [col.header for col in spec.columns]


def _rows(user: User, queryset: QuerySet[Any], *fields: str) -> Iterator[Sequence[object]]:
    """The visible rows as plain values, fetched in chunks: memory stays flat on any size."""
    return visible(user, queryset).values_list(*fields).iterator(chunk_size=CHUNK)


def _streets(user: User) -> Iterator[list[object]]:
    street_kind: dict[object, object] = {
        code: label for label, code in reversed(STREET_KINDS.items())
    }
    for name, kind, district, code in _rows(user, Street.objects.all(), *STREET_FIELDS):
        yield [name, street_kind.get(kind, kind), district, code]


def _units(user: User) -> Iterator[list[object]]:
    scope = scope_of(user)
    for pk, name, category, liaison, phone in _rows(user, Unit.objects.all(), "pk", *UNIT_FIELDS):
        # Phones outside the user's pairings in force go out masked, as on the pages.
        shown = phone if can_see_phone_of_unit(scope, Unit(pk=pk)) else mask_phone(phone)
        yield [name, category, liaison, shown]


def _communities(user: User) -> Iterator[list[object]]:
    kinds: dict[object, object] = {code: label for label, code in COMMUNITY_KINDS.items()}
    rows = _rows(user, Community.objects.all(), *COMMUNITY_FIELDS)
    for name, kind, street, lat, lon, code in rows:
        yield [name, kinds.get(kind, kind), street, lat, lon, code]


def _pairings(user: User) -> Iterator[Sequence[object]]:
    rows = _rows(user, Pairing.objects.all(), *PAIRING_FIELDS)
    for unit, community, street, leader, started_on, ended_on in rows:
        yield [unit, community, street, leader or "", started_on, ended_on]


def roster_sheets(user: User) -> list[Sheet]:
    """What `user` may see of the roster, one sheet per import sheet, in official order."""
    return [
        Sheet(StreetSheet.name, _headers(StreetSheet), _streets(user)),
        Sheet(CommunitySheet.name, _headers(CommunitySheet), _communities(user)),
        Sheet(UnitSheet.name, _headers(UnitSheet), _units(user)),
        Sheet(
            LeaderSheet.name,
            _headers(LeaderSheet),
            _rows(user, Leader.objects.all(), *LEADER_FIELDS),
        ),
        Sheet(PairingSheet.name, _headers(PairingSheet), _pairings(user)),
    ]


def workbook_sheets(user: User) -> list[Sheet]:
    """The roster, then every app's sheets (AppConfig.export_sheets: user -> [Sheet]), in the
    import order, so `baolian export` and the export page give a workbook that imports back."""
    from django.apps import apps

    sheets = roster_sheets(user)
    for config in apps.get_app_configs():
        export = getattr(config, "export_sheets", None)
        if export is not None:
            sheets.extend(export(user))
    return sheets
