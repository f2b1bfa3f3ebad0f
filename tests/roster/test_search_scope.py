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
