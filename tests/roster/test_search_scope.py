"""Searching communities finds, for every role, exactly the visible communities whose name or
street matches: a bound user's search starts from the user's own communities (for the
database's planner) and must not find more, or fewer, than `visible` gives."""

from __future__ import annotations

import pytest

from baolian.accounts.scoping import visible
from baolian.lib.text import community_key, name_key
from baolian.roster.models import Community
from baolian.roster.selectors import community_list

ROLES = ("admin", "inspector", "leader", "liaison", "street", "community")


def _matches(community: Community, q: str) -> bool:
    street = community.street
    return (
        q.lower() in community.name.lower()
        or community_key(q).lower() in community.key.lower()
        or q.lower() in street.name.lower()
        or name_key(q).lower() in street.key.lower()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_search_finds_the_visible_communities_that_match_and_no_others(users, city, role):
    from tests.factories import PairingFactory

    # A unit paired in both streets: the bound users' communities are not their units' ids.
    PairingFactory(unit=city.unit_a, community=city.c22, leader=city.leader1)
    user = users[role]
    seen = list(visible(user, Community.objects.select_related("street")))
    assert seen  # every role of the fixture sees some communities
    for q in ("桥东", "社区", "东城", "西湖镇", "下津", "没有这个名字"):
        expected = {c.pk for c in seen if _matches(c, q)}
        found = {c.pk for c in community_list(user=user, q=q)}
        assert found == expected, (role, q)
    # A street narrows the search further, never widens it.
    found = {c.pk for c in community_list(user=user, q="桥东", street=city.street2)}
    assert found == {c.pk for c in seen if _matches(c, "桥东") and c.street_id == city.street2.pk}


@pytest.mark.django_db
def test_a_search_ignores_case_and_width_through_the_keys(users, city):
    """Names are matched as typed and keys as case-folded: a Latin letter typed in the other
    case, or full width, still finds the community (and its street)."""
    from baolian.roster.models import Street, Unit

    street = Street.objects.create(name="Ab开发区", key=name_key("Ab开发区"), sort_order=9)
    found = Community.objects.create(
        street=street, name="B座社区", key=community_key("B座社区"), sort_order=1
    )
    for q in ("b座", "B座", "Ｂ座", "aB开发", "ＡＢ开发"):
        assert found.pk in {c.pk for c in community_list(user=users["admin"], q=q)}, q
    assert found.pk not in {c.pk for c in community_list(user=users["admin"], q="C座")}
    from baolian.roster.selectors import unit_list

    Unit.objects.create(name="市IT中心", key=name_key("市IT中心"), sort_order=9)
    assert [u.name for u in unit_list(user=users["admin"], q="it中心")] == ["市IT中心"]


@pytest.mark.django_db
def test_a_latin_search_ignores_case_in_names_the_key_rewrites(users, city):
    """居委会 is keyed 社区: a search of part of it with Latin letters in another case is
    matched on the name itself, ignoring case."""
    found = Community.objects.create(
        street=city.street1, name="ABC居委会", key=community_key("ABC居委会"), sort_order=9
    )
    assert found.pk in {c.pk for c in community_list(user=users["admin"], q="bc居委")}
