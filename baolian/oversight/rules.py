"""Who may do what with reports and bulletins (DESIGN §3)."""

from __future__ import annotations

from baolian.accounts.models import Role
from baolian.accounts.scoping import Scope
from baolian.oversight.models import Bulletin


def can_view_report(scope: Scope) -> bool:
    """Office and inspectors: the whole city. Leaders: their own units (the metrics scope)."""
    return scope.sees_everything or scope.role == Role.LEADER


def can_draft_bulletin(scope: Scope) -> bool:
    """The office and the inspection team draft bulletins and pick typical cases."""
    return scope.sees_everything


def can_edit_bulletin(scope: Scope, bulletin: Bulletin) -> bool:
    return scope.sees_everything and not bulletin.is_published


def can_publish_bulletin(scope: Scope, bulletin: Bulletin) -> bool:
    """Publishing speaks for the office: only its staff."""
    return scope.is_office and not bulletin.is_published


def can_delete_bulletin(scope: Scope, bulletin: Bulletin) -> bool:
    return scope.is_office and not bulletin.is_published


def can_manage_letterhead(scope: Scope) -> bool:
    return scope.is_office
