"""`Scope.within`: the database narrows by the user's pairings, with the same rows as the
loaded id sets, and a list page of a bound user never loads the pairings (issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baolian.accounts.models import Role, User
from baolian.accounts.scoping import Scope, scope_of, visible
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.factories import CommunityFactory, LeaderFactory, StreetFactory, UnitFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "pairing": Pairing,
    "unit": Unit,
    "community": Community,
    "street": Street,
    "leader": Leader,
}
ROLES = (Role.LEADER, Role.LIAISON, Role.STREET, Role.COMMUNITY)

# The database fixture spans the examples: each one writes inside a transaction it undoes.
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

pairing = st.tuples(
    st.integers(0, 3),  # unit
    st.integers(0, 5),  # community
    st.one_of(st.none(), st.integers(0, 2)),  # leader
)


def _binding(role: Role, at: int, streets, communities, units, leaders) -> dict:
    if role == Role.LEADER:
        return {"leader": leaders[at % len(leaders)]}
    if role == Role.LIAISON:
        return {"unit": units[at % len(units)]}
    if role == Role.STREET:
        return {"street": streets[at % len(streets)]}
    return {"community": communities[at % len(communities)]}


@examples
@given(
    pairings=st.lists(pairing, max_size=12),
    role=st.sampled_from(ROLES),
    at=st.integers(0, 5),
)
def test_within_gives_the_rows_of_the_loaded_id_sets(pairings, role, at, db):
    with transaction.atomic():
        streets = [StreetFactory() for _ in range(2)]
        communities = [CommunityFactory(street=streets[i % 2]) for i in range(6)]
        units = [UnitFactory() for _ in range(4)]
        leaders = [LeaderFactory() for _ in range(3)]
        for unit, community, leader in pairings:
            Pairing.objects.get_or_create(
                unit=units[unit],
                community=communities[community],
                defaults={
                    "leader": None if leader is None else leaders[leader],
                    "started_on": date(2021, 4, 1),
                },
            )
        user = User.objects.create(
            username="someone",
            role=role,
            **_binding(role, at, streets, communities, units, leaders),
        )
        for kind, model in KINDS.items():
            narrowed = set(
                model.objects.filter(scope_of(user).within("pk", kind)).values_list("pk", flat=True)
            )
            loaded = Scope.for_user(User.objects.get(pk=user.pk))
            expected = set(getattr(loaded, f"{kind}_ids")) & set(
                model.objects.values_list("pk", flat=True)
            )
            assert narrowed == expected, (role, kind)
        transaction.set_rollback(True)


def test_a_scope_with_no_binding_gives_nothing_not_every_unled_pairing(city):
    """A leader without a leader row (the database refuses one; a user built in code is not
    checked): `leader_id IS NULL` would match every pairing without a leader."""
    Pairing.objects.filter(pk=city.pairings[0].pk).update(leader=None)
    scope = scope_of(User(username="unbound", role=Role.LEADER, is_active=True))
    assert scope.pairings == ()
    for kind, model in KINDS.items():
        assert not model.objects.filter(scope.within("pk", kind)).exists(), kind


@pytest.mark.parametrize("role", ["leader", "liaison", "street", "community"])
def test_a_bound_users_lists_read_no_pairing_into_memory(role, users, client):
    """The lists narrow inside the database: the pairings are loaded only when a rule needs
    their dates (a leader's thousand pairings on a province's roster)."""
    user = users[role]
    for model in (Street, Community, Unit, Leader, Pairing):
        list(visible(user, model.objects.all()))
    assert "pairings" not in vars(scope_of(user))
