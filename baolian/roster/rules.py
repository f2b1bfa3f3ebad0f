"""What pairing dates allow (decided in `baolian.accounts.scoping`'s docstring).

Named rules, `can_<verb>_<thing>(scope, obj) -> bool`, read by pages, exports and, later,
visits and support. They take a `Scope` (or a user) and never query more than they must.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from baolian.accounts.models import Role, User
from baolian.accounts.scoping import Scope, scope_of
from baolian.roster.models import Community, Pairing, Unit


def _today(day: date | None) -> date:
    return day or timezone.localdate()


def can_report_for(scope: Scope | object, unit: Unit, community: Community, day: date) -> bool:
    """May a new report (visit, support measure) of `unit` at `community` on `day` be made?

    Only while a pairing of the two is in force on that day: an ended pairing keeps its
    history readable but takes no new reports, and one that has not started takes none yet.
    The unit's own liaison reports; the office may record on a unit's behalf (papers
    handed in at the office). Nobody else reports for a unit.
    """
    scope = scope_of(scope)
    if scope.is_office:
        return (
            Pairing.objects.filter(unit=unit, community=community).active_between(day, day).exists()
        )
    if scope.role != Role.LIAISON or scope.unit_id != unit.pk:
        return False
    grant = scope.pairing_for(unit.pk, community.pk)
    return grant is not None and grant.in_force_on(day)


def can_see_phone_of_unit(scope: Scope | object, unit: Unit, day: date | None = None) -> bool:
    """A unit's liaison phone: the office and inspectors always; the unit's own liaison;
    others only while they share a pairing in force with the unit."""
    scope = scope_of(scope)
    if scope.is_anonymous:
        return False
    if scope.sees_everything or scope.unit_id == unit.pk:
        return True
    return scope.shares_pairing_in_force(unit_id=unit.pk, day=_today(day))


def can_see_phone_of_user(scope: Scope | object, person: User, day: date | None = None) -> bool:
    """A user's own phone: the office and inspectors always; the person themself; others
    only while a pairing in force today is in both people's world."""
    scope = scope_of(scope)
    if scope.is_anonymous:
        return False
    if scope.sees_everything or scope.user_id == person.pk:
        return True
    theirs = scope_of(person)
    if theirs.sees_everything:
        # The office's and inspectors' own numbers are not tied to a pairing: they reach
        # people, not the other way round, so their numbers stay with the office.
        return False
    day = _today(day)
    mine = {p.pairing_id for p in scope.pairings if p.in_force_on(day)}
    return any(p.pairing_id in mine and p.in_force_on(day) for p in theirs.pairings)


def mask_phone(number: str) -> str:
    """139****1234: enough to recognise a number one already has, not to dial a new one."""
    number = (number or "").strip()
    if not number:
        return ""
    if len(number) < 8:
        return "****"
    return f"{number[:3]}****{number[-4:]}"


def unit_phone_for(scope: Scope | object, unit: Unit, day: date | None = None) -> str:
    """The unit's liaison phone as `scope` may see it: whole, or masked."""
    if can_see_phone_of_unit(scope, unit, day):
        return unit.liaison_phone
    return mask_phone(unit.liaison_phone)


def user_phone_for(scope: Scope | object, person: User, day: date | None = None) -> str:
    if can_see_phone_of_user(scope, person, day):
        return person.phone
    return mask_phone(person.phone)
