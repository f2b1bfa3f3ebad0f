"""Finding roster rows by the names people type, for the sheets that refer to them.

Inside an import each table is read once and searched in memory (rows the same file creates
included); outside one, each lookup is a query.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from baolian.imports.rows import current
from baolian.imports.specs import RowInvalid
from baolian.lib.text import community_key, name_key
from baolian.roster.models import Community, Leader, Street, Unit

M = TypeVar("M", bound=models.Model)


def _by_key(model: type[M], key: str) -> M | None:
    context = current()
    if context is None:
        return model._default_manager.filter(key=key).order_by().first()
    return context.first(model, key=key)


def find_street(name: str, column: str) -> Street:
    street = _by_key(Street, name_key(name))
    if street is None:
        raise RowInvalid(
            _("Unknown street/town “%(name)s”: add it to the 街道镇 sheet or fix its row.")
            % {"name": name},
            column,
        )
    return street


def find_community(name: str, street_name: str | None, column: str) -> Community:
    key = community_key(name)
    street = find_street(street_name, "street") if street_name else None
    context = current()
    if context is None:
        candidates = Community.objects.filter(key=key).select_related("street")
        if street is not None:
            candidates = candidates.filter(street=street)
        found: list[Community] = list(candidates[:5])
    elif street is not None:
        found = context.find(Community, street=street, key=key)
    else:
        found = context.find(Community, key=key)
    if not found:
        raise RowInvalid(
            _(
                "Unknown community/village “%(name)s”%(where)s: add it to the 社区村 sheet "
                "or fix its row."
            )
            % {"name": name, "where": f"（{street_name}）" if street_name else ""},
            column,
        )
    if len(found) > 1:
        raise RowInvalid(
            _(
                "There is a “%(name)s” in several streets (%(streets)s): fill in 所属街道镇 "
                "to say which one."
            )
            % {"name": name, "streets": "、".join(c.street.name for c in found[:5])},
            column,
        )
    return found[0]


def find_unit(name: str, column: str) -> Unit:
    unit = _by_key(Unit, name_key(name))
    if unit is None:
        raise RowInvalid(
            _("Unknown unit “%(name)s”: add it to the 包联单位 sheet or fix its row.")
            % {"name": name},
            column,
        )
    return unit


def find_leader(name: str, column: str) -> Leader:
    leader = _by_key(Leader, name_key(name))
    if leader is None:
        raise RowInvalid(
            _("Unknown leader “%(name)s”: add them to the 包联领导 sheet or fix their row.")
            % {"name": name},
            column,
        )
    return leader
