"""A unit's visits month by month against the quota, pro rata to the active days (DESIGN §4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client

from baolian.visits.selectors import unit_months
from tests.factories_visits import VisitFactory


def test_each_month_counts_its_visits_against_its_share_of_the_quota(city):
    pairing = city.pairings[0]
    pairing.started_on = date(2021, 4, 16)  # half of April: 15 of 30 days
    pairing.save()
    for day in (date(2021, 4, 20), date(2021, 4, 25), *(date(2021, 5, d) for d in (3, 9))):
        VisitFactory(unit=city.unit_a, community=city.c11, visited_on=day)
    VisitFactory(unit=city.unit_b, community=city.c12, visited_on=date(2021, 5, 4))

    april, may, june = unit_months(unit=city.unit_a, today=date(2021, 6, 30))
    assert (april.year, april.month, april.visits, april.months) == (2021, 4, 2, Decimal("0.5"))
    assert april.required == Decimal("1.5") and april.met  # 2 ≥ 3 × 0.5
    assert may.visits == 2 and may.months == 1 and not may.met
    assert june.visits == 0 and not june.met


def test_the_fragment_is_on_the_units_page(users, city):
    VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 5, 3))
    client = Client()
    client.force_login(users["admin"])
    page = client.get(f"/units/{city.unit_a.pk}/").content.decode()
    assert f"/visits/unit/{city.unit_a.pk}/months/" in page
    fragment = client.get(f"/visits/unit/{city.unit_a.pk}/months/").content.decode()
    assert "2021年5月" in fragment
