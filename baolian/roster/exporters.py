"""The roster as rows, in the import layout (so an export imports back unchanged)."""

from __future__ import annotations

from collections.abc import Iterator

from baolian.accounts.models import User
from baolian.accounts.scoping import visible
from baolian.imports.engine import SheetSpec
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


def _label(options: dict[str, str], value: str) -> str:
    return next(label for label, code in options.items() if code == value)


def _headers(spec: type[SheetSpec]) -> list[str]:
    return [col.header for col in spec.columns]


def _streets(user: User) -> Iterator[list[object]]:
    for s in visible(user, Street.objects.all()):
        yield [s.name, _label(STREET_KINDS, s.kind), s.district, s.code]


def _communities(user: User) -> Iterator[list[object]]:
    rows = visible(user, Community.objects.select_related("street"))
    for c in rows:
        yield [
            c.name,
            _label(COMMUNITY_KINDS, c.kind),
            c.street.name,
            c.latitude,
            c.longitude,
            c.code,
        ]


def _units(user: User) -> Iterator[list[object]]:
    for u in visible(user, Unit.objects.all()):
        yield [u.name, u.category, u.liaison_name, u.liaison_phone]


def _leaders(user: User) -> Iterator[list[object]]:
    for leader in visible(user, Leader.objects.all()):
        yield [leader.name, leader.title]


def _pairings(user: User) -> Iterator[list[object]]:
    rows = visible(user, Pairing.objects.select_related("unit", "community__street", "leader"))
    for p in rows:
        yield [
            p.unit.name,
            p.community.name,
            p.community.street.name,
            p.leader.name if p.leader else "",
            p.started_on,
            p.ended_on,
        ]


def roster_sheets(user: User) -> list[Sheet]:
    """What `user` may see of the roster, one sheet per import sheet, in official order."""
    return [
        Sheet(StreetSheet.name, _headers(StreetSheet), _streets(user)),
        Sheet(CommunitySheet.name, _headers(CommunitySheet), _communities(user)),
        Sheet(UnitSheet.name, _headers(UnitSheet), _units(user)),
        Sheet(LeaderSheet.name, _headers(LeaderSheet), _leaders(user)),
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
