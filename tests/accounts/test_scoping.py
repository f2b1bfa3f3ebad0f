"""What each role may see of the roster (DESIGN §3), asserted as exact sets."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from baolian.accounts.models import Role, User
from baolian.accounts.scoping import can_manage_roster, get_for_user, visible
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.factories import CommunityFactory, LeaderFactory, UnitFactory, UserFactory

MODELS = {
    "streets": Street,
    "communities": Community,
    "units": Unit,
    "leaders": Leader,
    "pairings": Pairing,
}


def _everything(city) -> dict[str, set]:
    return {
        "streets": {city.street1, city.street2},
        "communities": {city.c11, city.c12, city.c21, city.c22},
        "units": {city.unit_a, city.unit_b, city.unit_c},
        "leaders": {city.leader1, city.leader2},
        "pairings": set(city.pairings),
    }


def _expected(role: str, city) -> dict[str, set]:
    a_c11, b_c12, c_c21 = city.pairings
    return {
        "admin": _everything(city),
        "inspector": _everything(city),
        # leader2 leads unit_c at c21 (西湖镇)
        "leader": {
            "streets": {city.street2},
            "communities": {city.c21},
            "units": {city.unit_c},
            "leaders": {city.leader2},
            "pairings": {c_c21},
        },
        # unit_a is paired with c11 (东城街道) under leader1
        "liaison": {
            "streets": {city.street1},
            "communities": {city.c11},
            "units": {city.unit_a},
            "leaders": {city.leader1},
            "pairings": {a_c11},
        },
        # street2 has c21 (paired with unit_c) and c22 (not paired): both are its communities
        "street": {
            "streets": {city.street2},
            "communities": {city.c21, city.c22},
            "units": {city.unit_c},
            "leaders": {city.leader2},
            "pairings": {c_c21},
        },
        # c12 lies in street1 and is paired with unit_b under leader1
        "community": {
            "streets": {city.street1},
            "communities": {city.c12},
            "units": {city.unit_b},
            "leaders": {city.leader1},
            "pairings": {b_c12},
        },
    }[role]


ROLES = ["admin", "inspector", "leader", "liaison", "street", "community"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", list(MODELS))
def test_each_role_sees_exactly_its_part_of_the_roster(role, what, users, city):
    rows = list(visible(users[role], MODELS[what].objects.all()))
    assert len(rows) == len(set(rows)), "no row is listed twice"
    assert set(rows) == _expected(role, city)[what]


@pytest.mark.parametrize("what", list(MODELS))
def test_an_inactive_user_sees_nothing(what, users):
    liaison = users["liaison"]
    liaison.is_active = False
    liaison.save()
    assert not visible(liaison, MODELS[what].objects.all()).exists()


@pytest.mark.parametrize("what", list(MODELS))
def test_an_inactive_office_admin_sees_nothing(what, users):
    admin = users["admin"]
    admin.is_active = False
    admin.save()
    assert not visible(admin, MODELS[what].objects.all()).exists()


@pytest.mark.parametrize("what", list(MODELS))
def test_an_anonymous_user_sees_nothing(what, city):
    assert not visible(AnonymousUser(), MODELS[what].objects.all()).exists()


@pytest.mark.parametrize("what", list(MODELS))
def test_the_role_decides_not_a_superuser_flag_left_ticked(what, users, city):
    """An office admin moved to community officer in the admin keeps only the new scope."""
    demoted = UserFactory(role=Role.COMMUNITY, community=city.c12, is_superuser=True)
    community_officer = users["community"]
    assert set(visible(demoted, MODELS[what].objects.all())) == set(
        visible(community_officer, MODELS[what].objects.all())
    )


def test_a_liaison_sees_their_own_unit_before_it_is_paired(city):
    unpaired = UnitFactory(name="市新成立局")
    liaison = UserFactory(role=Role.LIAISON, unit=unpaired)
    assert list(visible(liaison, Unit.objects.all())) == [unpaired]


def test_a_leader_sees_their_own_page_before_leading_a_pairing(city):
    newcomer = LeaderFactory(name="新领导")
    leader = UserFactory(role=Role.LEADER, leader=newcomer)
    assert list(visible(leader, Leader.objects.all())) == [newcomer]


def test_a_street_sees_a_new_unpaired_community_of_its_own(users, city):
    new = CommunityFactory(street=city.street2, name="新建村")
    assert new in visible(users["street"], Community.objects.all())
    assert new not in visible(users["leader"], Community.objects.all())


def test_visible_keeps_the_callers_filters(users, city):
    rows = visible(users["admin"], Unit.objects.filter(name="市税务局"))
    assert list(rows) == [city.unit_b]
    rows = visible(users["liaison"], Unit.objects.filter(name="市税务局"))
    assert list(rows) == []


def test_get_for_user_returns_an_object_in_scope(users, city):
    assert get_for_user(users["liaison"], Unit.objects.all(), city.unit_a.pk) == city.unit_a
    assert get_for_user(users["street"], Community.objects.all(), city.c22.pk) == city.c22


@pytest.mark.parametrize(
    ("role", "model", "attr"),
    [
        ("liaison", Unit, "unit_c"),
        ("liaison", Community, "c12"),
        ("liaison", Street, "street2"),
        ("liaison", Leader, "leader2"),
        ("leader", Unit, "unit_a"),
        ("street", Community, "c11"),
        ("street", Street, "street1"),
        ("community", Community, "c11"),
        ("community", Unit, "unit_a"),
    ],
)
def test_get_for_user_raises_404_outside_the_scope(role, model, attr, users, city):
    with pytest.raises(Http404):
        get_for_user(users[role], model.objects.all(), getattr(city, attr).pk)


def test_get_for_user_raises_404_for_a_missing_or_malformed_pk(users, city):
    with pytest.raises(Http404):
        get_for_user(users["admin"], Unit.objects.all(), 999999)
    with pytest.raises(Http404):
        get_for_user(users["admin"], Unit.objects.all(), "not-a-number")


def test_get_for_user_raises_404_for_an_anonymous_user(city):
    with pytest.raises(Http404):
        get_for_user(AnonymousUser(), Unit.objects.all(), city.unit_a.pk)


def test_a_pairing_outside_scope_is_404(users, city):
    with pytest.raises(Http404):
        get_for_user(users["liaison"], Pairing.objects.all(), city.pairings[2].pk)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("inspector", False),
        ("leader", False),
        ("liaison", False),
        ("street", False),
        ("community", False),
    ],
)
def test_only_the_office_manages_the_roster(role, allowed, users):
    assert can_manage_roster(users[role]) is allowed


def test_an_anonymous_or_inactive_user_does_not_manage_the_roster(users):
    assert can_manage_roster(AnonymousUser()) is False
    admin = users["admin"]
    admin.is_active = False
    assert can_manage_roster(admin) is False


@pytest.mark.parametrize("what", list(MODELS))
def test_an_unknown_role_sees_nothing(what, users):
    User.objects.filter(pk=users["inspector"].pk).update(role="auditor")
    stranger = User.objects.get(pk=users["inspector"].pk)
    assert not visible(stranger, MODELS[what].objects.all()).exists()
    assert can_manage_roster(stranger) is False
