"""The one place that decides what a user may see and change (DESIGN §3).

Every page, export and API call loads rows through `visible()` or `get_for_user()`; a row a
user may not see is a 404, never data. The role alone decides: Django's superuser flag only
opens the admin site, and `User.clean()` keeps it for office admins.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from baolian.accounts.models import Role, User
from baolian.roster.models import Community, Leader, Pairing, Street, Unit

M = TypeVar("M", bound=Model)

SEES_EVERYTHING = {Role.ADMIN, Role.INSPECTOR}


def role_of(user: User) -> Role | None:
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        # A role written around the model's choices (raw SQL, an old row) grants nothing.
        return None


def _pairing_filter(user: User, role: Role) -> Q:
    """Which pairings a bound user's world is made of."""
    if role == Role.LEADER:
        return Q(leader_id=user.leader_id)
    if role == Role.LIAISON:
        return Q(unit_id=user.unit_id)
    if role == Role.STREET:
        return Q(community__street_id=user.street_id)
    if role == Role.COMMUNITY:
        return Q(community_id=user.community_id)
    return Q(pk__in=[])


def visible(user: User, queryset: QuerySet[M]) -> QuerySet[M]:
    """`queryset` narrowed to the rows `user` may see."""
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role in SEES_EVERYTHING:
        return queryset
    pairings = Pairing.objects.filter(_pairing_filter(user, role))
    model = queryset.model
    if model is Pairing:
        return queryset.filter(pk__in=pairings.values("pk"))
    if model is Unit:
        own = Q(pk__in=pairings.values("unit_id"))
        if role == Role.LIAISON:
            own |= Q(pk=user.unit_id)  # their unit, even before it is paired
        return queryset.filter(own)
    if model is Leader:
        own = Q(pk__in=pairings.values("leader_id"))
        if role == Role.LEADER:
            own |= Q(pk=user.leader_id)
        return queryset.filter(own)
    if model is Community:
        own = Q(pk__in=pairings.values("community_id"))
        if role == Role.STREET:
            own |= Q(street_id=user.street_id)
        elif role == Role.COMMUNITY:
            own |= Q(pk=user.community_id)
        return queryset.filter(own)
    if model is Street:
        own = Q(pk__in=pairings.values("community__street_id"))
        if role == Role.STREET:
            own |= Q(pk=user.street_id)
        elif role == Role.COMMUNITY:
            own |= Q(communities=user.community_id)
        return queryset.filter(own).distinct()
    # A model nobody taught this function about is not shown at all.
    return queryset.none()


def get_for_user(user: User, queryset: QuerySet[M], pk: object) -> M:
    try:
        return visible(user, queryset).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- what a user may change ----------------------------------------------------------------


def can_manage_roster(user: User) -> bool:
    """Imports, roster edits, users, settings: the campaign office only."""
    return role_of(user) == Role.ADMIN


def can_export_roster(user: User) -> bool:
    return role_of(user) is not None


def office_user() -> User:
    """The operator at the server's command line: sees what the campaign office sees."""
    return User(username="(command line)", role=Role.ADMIN, is_superuser=True, is_active=True)
