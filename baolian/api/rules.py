"""What the API shows of people (DESIGN §3, accounts/scoping.py)."""

from __future__ import annotations

from baolian.accounts.scoping import Scope


def can_see_phone(scope: Scope, *, unit_id: int) -> bool:
    """The office and inspectors always; others only for a unit they share a pairing in force
    with today (the rule written in accounts/scoping.py)."""
    return scope.sees_everything or scope.shares_pairing_in_force(unit_id=unit_id)


def masked_phone(phone: str) -> str:
    """13912345678 → 139****5678: enough to recognise a number, not to call it."""
    phone = phone.strip()
    if not phone:
        return ""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
