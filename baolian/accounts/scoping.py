"""Who may see what (DESIGN §3), in one pattern that grows with the apps.

- A `Scope` is computed from the user alone: the role, the roster row the user is bound to,
  and the pairings that make up the user's world, *with their dates*. The pairings are held
  as one filter (`pairing_lookup`): querysets narrow by it inside the database
  (`Scope.within`), and the rows are read only when a rule needs their dates.
- Every domain queryset offers `visible_to(scope)`; `visible()` calls it. A model whose
  queryset declares no `visible_to` is invisible to everyone, so a new model is shut until
  its app says otherwise (accounts never imports the apps it guards).
- What a user may *do* is a named rule beside the model it guards (`roster.rules`,
  `visits.rules`, …): `can_<verb>_<thing>(scope, obj) -> bool`.

What pairing dates grant (decided here, tested in tests/accounts/test_pairing_dates.py):
- A pairing of any state (未开始, 在期, 已结束) makes its unit, community, street and leader
  readable to the bound people on it: history stays readable after a pairing ends, and a
  pairing that has not started is shown, marked 未开始.
- New reports (visits, support) need a pairing *in force on the day reported*
  (`roster.rules.can_report_for`): an ended pairing takes none after its end date, one not
  yet started takes none before its start. The unit's liaison reports; the office may
  record on a unit's behalf, under the same dates; nobody else reports for a unit.
- Wherever pairings are listed (detail pages, lists, the home page) one that is not in force
  today carries a badge: 未开始 before its start, 已结束 after its end.
- People's phone numbers (a unit's liaison phone, a user's own phone) are shown whole to the
  office and inspectors always, to a person their own, and to others only within a pairing
  in force today that both sides are on (`roster.rules.can_see_phone_of_unit`,
  `can_see_phone_of_user`); a liaison always sees their own unit's. Elsewhere — a street
  officer reading about a unit whose pairing in the street ended or has not started — they
  are masked (139****1234), in pages and exports alike: an ended pairing leaves no list of
  private numbers behind.

The role alone decides: Django's superuser flag only opens the admin site, and `User.clean()`
keeps it for office admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal, NamedTuple, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from baolian.accounts.models import Role, User
from baolian.lib.queries import ids_in

M = TypeVar("M", bound=Model)

SEES_EVERYTHING = frozenset({Role.ADMIN, Role.INSPECTOR})

# What `Scope.within` can narrow to, and the pairing's field that holds it.
Kind = Literal["pairing", "unit", "community", "street", "leader"]
_PAIRING_FIELD: dict[str, str] = {
    "pairing": "pk",
    "unit": "unit_id",
    "community": "community_id",
    "street": "community__street_id",
    "leader": "leader_id",
}
# Kinds a user has few of (a leader's thousand pairings are of a few dozen units and streets):
# their ids are read and passed as they are; communities and pairings stay a subquery.
_FEW = frozenset({"unit", "street", "leader"})
# Kinds that a role's binding decides alone: every pairing of the user's world has that one
# value (a liaison's pairings are all of their unit), so no pairing need be read.
_DECIDED_BY_BINDING: frozenset[tuple[Role, str]] = frozenset(
    {
        (Role.LIAISON, "unit"),
        (Role.LEADER, "leader"),
        (Role.STREET, "street"),
        (Role.COMMUNITY, "community"),
        (Role.COMMUNITY, "street"),
    }
)


def role_of(user: object) -> Role | None:
    if isinstance(user, Scope):
        return user.role
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    try:
        return Role(user.role)  # type: ignore[attr-defined]
    except ValueError:
        # A role written around the model's choices (raw SQL, an old row) grants nothing.
        return None


class PairingGrant(NamedTuple):
    """One pairing of the user's world, with the dates that decide what it allows.

    A named tuple rather than a frozen dataclass: a leader's scope on a province-size roster
    holds a thousand of them, built on every request, and a frozen dataclass's constructor
    was most of a signed-in page's fixed cost (issue 5)."""

    pairing_id: int
    unit_id: int
    community_id: int
    street_id: int
    leader_id: int | None
    started_on: date
    ended_on: date | None

    def in_force_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


@dataclass(frozen=True)
class Scope:
    """What one user is: role, binding and pairings. Computed once per request."""

    role: Role | None
    user_id: int | None = None
    unit_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None
    leader_id: int | None = None
    community_street_id: int | None = None  # a community officer's street
    # The pairings of the user's world as one filter of `Pairing`, e.g. ("leader_id", 7):
    # querysets narrow by it inside the database; `pairings` reads them only when a rule
    # needs their dates.
    pairing_lookup: tuple[str, int] | None = None

    # --- who ------------------------------------------------------------------------------
    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def sees_everything(self) -> bool:
        return self.role in SEES_EVERYTHING

    @property
    def is_office(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    # --- the world of a bound user ---------------------------------------------------------
    @cached_property  # read on the first rule that needs dates, once a request
    def pairings(self) -> tuple[PairingGrant, ...]:
        if self.pairing_lookup is None:
            return ()
        from baolian.roster.models import Pairing  # accounts is below roster

        lookup, value = self.pairing_lookup
        rows = (
            Pairing.objects.filter(**{lookup: value})
            .order_by("pk")
            .values_list(
                "pk",
                "unit_id",
                "community_id",
                "community__street_id",
                "leader_id",
                "started_on",
                "ended_on",
            )
        )
        return tuple(map(PairingGrant._make, rows))

    def within(self, column: str, kind: Kind) -> Q:
        """A filter: `column` holds the id of one of the user's <kind>s (those of the user's
        pairings, and the row the user is bound to). The same rows as
        `column__in=<kind>_ids`, but the database reads the pairings: a leader's thousand
        pairings are neither loaded nor sent back as a thousand parameters (issue 5).
        Only for bound users: the office and inspectors see everything."""
        own = self._bound_id(kind)
        if self.role is not None and (self.role, kind) in _DECIDED_BY_BINDING:
            return Q(**{f"{column}__in": [] if own is None else [own]})
        if self.pairing_lookup is None:
            return Q(**{f"{column}__in": [] if own is None else [own]})
        lookup, value = self.pairing_lookup
        if kind == "pairing" and column == "pk":
            return Q(**{lookup: value})
        if kind in _FEW:
            ids = self._few_ids(kind)
            return Q(ids_in(column, ids | {own} if own is not None else ids))
        from baolian.roster.models import Pairing

        theirs = Pairing.objects.filter(**{lookup: value}).order_by()
        narrowed = Q(**{f"{column}__in": theirs.values(_PAIRING_FIELD[kind])})
        return narrowed | Q(**{column: own}) if own is not None else narrowed

    def _few_ids(self, kind: Kind) -> frozenset[int]:
        """The distinct units, streets or leaders of the user's pairings: a few dozen, read
        once a request in one query. As a subquery, PostgreSQL's planner took a leader's
        streets for all 500 and compared each with every pairing (45 ms)."""
        found: dict[str, frozenset[int]] = self.__dict__.setdefault("_few", {})
        if kind not in found:
            from baolian.roster.models import Pairing

            assert self.pairing_lookup is not None
            lookup, value = self.pairing_lookup
            rows = Pairing.objects.filter(**{lookup: value}).order_by()
            found[kind] = frozenset(
                pk
                for pk in rows.values_list(_PAIRING_FIELD[kind], flat=True).distinct()
                if pk is not None
            )
        return found[kind]

    def _bound_id(self, kind: Kind) -> int | None:
        if kind == "unit":
            return self.unit_id
        if kind == "community":
            return self.community_id
        if kind == "street":
            return self.street_id if self.street_id is not None else self.community_street_id
        if kind == "leader":
            return self.leader_id
        return None

    @cached_property  # asked many times a request; the pairings do not change
    def pairing_ids(self) -> frozenset[int]:
        return frozenset(p.pairing_id for p in self.pairings)

    @cached_property  # asked many times a request; the pairings do not change
    def unit_ids(self) -> frozenset[int]:
        ids = {p.unit_id for p in self.pairings}
        if self.unit_id is not None:
            ids.add(self.unit_id)  # a liaison's own unit, even before it is paired
        return frozenset(ids)

    @cached_property  # asked many times a request; the pairings do not change
    def community_ids(self) -> frozenset[int]:
        ids = {p.community_id for p in self.pairings}
        if self.community_id is not None:
            ids.add(self.community_id)
        return frozenset(ids)

    @cached_property  # asked many times a request; the pairings do not change
    def street_ids(self) -> frozenset[int]:
        ids = {p.street_id for p in self.pairings}
        ids.update(i for i in (self.street_id, self.community_street_id) if i is not None)
        return frozenset(ids)

    @cached_property  # asked many times a request; the pairings do not change
    def leader_ids(self) -> frozenset[int]:
        ids = {p.leader_id for p in self.pairings if p.leader_id is not None}
        if self.leader_id is not None:
            ids.add(self.leader_id)
        return frozenset(ids)

    def pairing_for(self, unit_id: int, community_id: int) -> PairingGrant | None:
        return next(
            (p for p in self.pairings if p.unit_id == unit_id and p.community_id == community_id),
            None,
        )

    def shares_pairing_in_force(self, *, unit_id: int, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return any(p.unit_id == unit_id and p.in_force_on(day) for p in self.pairings)

    # --- building ---------------------------------------------------------------------------
    @classmethod
    def anonymous(cls) -> Scope:
        return cls(role=None)

    @classmethod
    def for_user(cls, user: object) -> Scope:
        """The user's scope, computed once and kept on the user object for the request."""
        if isinstance(user, Scope):
            return user
        cached = getattr(user, "_baolian_scope", None)
        if isinstance(cached, Scope):
            return cached
        scope = cls._compute(user)
        if isinstance(user, User):
            user._baolian_scope = scope  # type: ignore[attr-defined]
        return scope

    @classmethod
    def _compute(cls, user: object) -> Scope:
        role = role_of(user)
        if role is None:
            return cls.anonymous()
        assert isinstance(user, User)
        if role in SEES_EVERYTHING:
            return cls(role=role, user_id=user.pk)
        lookup = {
            Role.LEADER: ("leader_id", user.leader_id),
            Role.LIAISON: ("unit_id", user.unit_id),
            Role.STREET: ("community__street_id", user.street_id),
            Role.COMMUNITY: ("community_id", user.community_id),
        }.get(role)
        return cls(
            role=role,
            user_id=user.pk,
            unit_id=user.unit_id if role == Role.LIAISON else None,
            street_id=user.street_id if role == Role.STREET else None,
            community_id=user.community_id if role == Role.COMMUNITY else None,
            leader_id=user.leader_id if role == Role.LEADER else None,
            community_street_id=user.community.street_id if role == Role.COMMUNITY else None,
            # A role whose binding is missing (an old row) has no pairings, rather than
            # every pairing whose field is empty.
            pairing_lookup=lookup if lookup is not None and lookup[1] is not None else None,
        )


def scope_of(user: object) -> Scope:
    return Scope.for_user(user)


class ScopedQuerySet(Protocol):
    def visible_to(self, scope: Scope) -> QuerySet: ...


def visible(user: object, queryset: QuerySet[M]) -> QuerySet[M]:
    """`queryset` narrowed to the rows the user (or scope) may see."""
    scope = scope_of(user)
    if scope.is_anonymous:
        return queryset.none()
    narrow = getattr(queryset, "visible_to", None)
    if narrow is None:
        # A model that declares nothing is shown to nobody.
        return queryset.none()
    return narrow(scope)


def get_for_user(user: object, queryset: QuerySet[M], pk: object) -> M:
    """The row `pk` if the user may see it; 404 otherwise (also for a malformed pk)."""
    try:
        return visible(user, queryset).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def office_user() -> User:
    """The operator at the server's command line: sees what the campaign office sees."""
    return User(username="(command line)", role=Role.ADMIN, is_superuser=True, is_active=True)


# Kept here for the web shell and the import command; the roster's own rules are in
# baolian.roster.rules.
def can_manage_roster(user: object) -> bool:
    """Imports, roster edits, users, settings: the campaign office only."""
    return scope_of(user).is_office


def can_export_roster(user: object) -> bool:
    return not scope_of(user).is_anonymous
