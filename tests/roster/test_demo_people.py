"""The demo's people are consistent: every login has a name, and the roster's own people
(the leader, the unit's liaison) are named as the roster names them."""

from __future__ import annotations

import pytest

from baolian.accounts.models import User
from baolian.demo.city import DEMO_USERNAMES, demo_city_build


@pytest.mark.django_db
def test_every_demo_login_is_named_and_the_roster_people_as_the_roster_names_them(client):
    demo_city_build(seed=11)  # one build: it takes seconds
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    assert all(u.full_name for u in users.values())
    assert len({u.full_name for u in users.values()}) == len(DEMO_USERNAMES)

    liaison, leader = users["liaison"], users["leader"]
    assert liaison.full_name == liaison.unit.liaison_name
    assert liaison.phone == liaison.unit.liaison_phone
    assert leader.full_name == leader.leader.name

    client.force_login(liaison)
    page = client.get(f"/units/{liaison.unit_id}/").content.decode()
    assert f"联络员：{liaison.full_name}" in page
    assert f"tel:{liaison.phone}" in page  # their own unit's number, whole
