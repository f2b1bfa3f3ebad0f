"""Who may record and change support measures (DESIGN §3).

A unit's liaison records what their own unit gave, and only to a community it is paired with
on the measure's date (`PairingGrant.in_force_on`); the campaign office records for anyone.
Everybody else reads what their scope shows.
"""

from __future__ import annotations

from datetime import date

from baolian.accounts.models import Role
from baolian.accounts.scoping import Scope
from baolian.support.models import SupportMeasure


def can_record_support(scope: Scope, *, unit_id: int, community_id: int, day: date) -> bool:
    if scope.role == Role.ADMIN:
        return True
    if scope.role != Role.LIAISON or scope.unit_id != unit_id:
        return False
    grant = scope.pairing_for(unit_id, community_id)
    return grant is not None and grant.in_force_on(day)


def can_add_support(scope: Scope) -> bool:
    """Whether the "record a measure" page is open to this person at all."""
    return scope.role in (Role.ADMIN, Role.LIAISON)


def can_edit_support(scope: Scope, measure: SupportMeasure) -> bool:
    if scope.role == Role.ADMIN:
        return True
    return scope.role == Role.LIAISON and scope.unit_id == measure.unit_id
