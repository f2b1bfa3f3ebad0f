from __future__ import annotations

from baolian.accounts.scoping import visible
from baolian.roster.models import Unit


def test_the_liaison_sees_only_their_unit(users, city):
    assert list(visible(users["liaison"], Unit.objects.all())) == [city.unit_a]
