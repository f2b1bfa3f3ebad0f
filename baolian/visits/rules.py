"""Who may do what with visits (DESIGN §3). Named rules `can_<verb>_<thing>(scope, obj)`.

Seeing a visit is `Visit.objects.visible_to(scope)`; these rules decide the actions on a
visit the user can already see.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from baolian.accounts.models import Role
from baolian.accounts.scoping import Scope, scope_of
from baolian.lib.dates import format_cn
from baolian.roster.models import Community, Pairing, Unit
from baolian.visits.models import Confirmation, Visit, VisitFlag


def can_report_visits(scope: Scope) -> bool:
    """Whether the report page is offered at all: liaisons for their unit; the office and
    inspectors on behalf of any unit."""
    scope = scope_of(scope)
    return scope.sees_everything or (scope.role == Role.LIAISON and scope.unit_id is not None)


def can_report_visit(scope: Scope, unit: Unit, community: Community, day: date) -> bool:
    return visit_refusal(scope, unit=unit, community=community, day=day) is None


def visit_refusal(scope: Scope, *, unit: Unit, community: Community, day: date) -> str | None:
    """Why this visit cannot be reported by this user, in words for them; None when it can."""
    scope = scope_of(scope)
    if not can_report_visits(scope):
        return _("Your role cannot report visits.")
    if not scope.sees_everything and unit.pk != scope.unit_id:
        return _("You can report visits of your own unit only.")
    pairing = Pairing.objects.filter(unit=unit, community=community).first()
    if pairing is None:
        return _("%(unit)s is not paired with %(community)s.") % {
            "unit": unit.name,
            "community": community.name,
        }
    if day < pairing.started_on:
        return _(
            "The pairing of %(unit)s with %(community)s starts on %(start)s; a visit on "
            "%(day)s is before it."
        ) % {
            "unit": unit.name,
            "community": community.name,
            "start": format_cn(pairing.started_on),
            "day": format_cn(day),
        }
    if pairing.ended_on is not None and day > pairing.ended_on:
        return _(
            "The pairing of %(unit)s with %(community)s ended on %(end)s; a visit on %(day)s "
            "is after it."
        ) % {
            "unit": unit.name,
            "community": community.name,
            "end": format_cn(pairing.ended_on),
            "day": format_cn(day),
        }
    return None


def can_edit_visit(scope: Scope, visit: Visit) -> bool:
    """The office always; the unit's liaison until the community has confirmed it (a
    confirmed visit keeps what the community confirmed)."""
    scope = scope_of(scope)
    if visit.deleted_at is not None:
        return False
    if scope.is_office:
        return True
    return (
        scope.role == Role.LIAISON
        and visit.unit_id == scope.unit_id
        and visit.confirmation != Confirmation.CONFIRMED
    )


def can_delete_visit(scope: Scope, visit: Visit) -> bool:
    return can_edit_visit(scope, visit)


def can_confirm_visit(scope: Scope, visit: Visit) -> bool:
    """The community's own officer confirms or disputes a visit to it."""
    scope = scope_of(scope)
    return (
        scope.role == Role.COMMUNITY
        and visit.deleted_at is None
        and visit.community_id == scope.community_id
    )


def can_review_flag(scope: Scope, flag: VisitFlag) -> bool:
    """Flags are the inspection team's signals; the office may review them too."""
    return scope_of(scope).sees_everything


def can_export_visits(scope: Scope) -> bool:
    return not scope_of(scope).is_anonymous
