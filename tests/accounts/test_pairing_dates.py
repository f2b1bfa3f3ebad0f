"""What a pairing's dates grant (decided in baolian/accounts/scoping.py's docstring)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
import time_machine

from baolian.accounts.models import Role
from baolian.accounts.scoping import scope_of
from baolian.roster.rules import (
    can_report_for,
    can_see_phone_of_unit,
    can_see_phone_of_user,
    mask_phone,
    unit_phone_for,
)
from tests.factories import PairingFactory, UnitFactory, UserFactory

TODAY = date(2021, 9, 15)
PHONE = "13912341234"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2021, 9, 15), tick=False):
        yield


@pytest.fixture
def paired(city, users):
    """unit_a ↔ c11 in force since April; unit_a ↔ c12 ended in June; unit_a ↔ c22 from
    November. The liaison is unit_a's."""
    in_force = city.pairings[0]
    ended = PairingFactory(
        unit=city.unit_a,
        community=city.c12,
        leader=city.leader1,
        started_on=date(2021, 4, 1),
        ended_on=date(2021, 6, 30),
    )
    upcoming = PairingFactory(unit=city.unit_a, community=city.c22, started_on=date(2021, 11, 1))
    return in_force, ended, upcoming


# --- reports ---------------------------------------------------------------------------------


def test_a_liaison_may_report_within_a_pairing_in_force(paired, users, city):
    assert can_report_for(users["liaison"], city.unit_a, city.c11, TODAY)
    assert can_report_for(users["liaison"], city.unit_a, city.c11, date(2021, 4, 1))


def test_an_ended_pairing_takes_no_new_report_after_its_end(paired, users, city):
    assert can_report_for(users["liaison"], city.unit_a, city.c12, date(2021, 6, 30))
    assert not can_report_for(users["liaison"], city.unit_a, city.c12, date(2021, 7, 1))
    assert not can_report_for(users["liaison"], city.unit_a, city.c12, TODAY)


def test_a_pairing_not_yet_started_takes_no_report_before_its_start(paired, users, city):
    assert not can_report_for(users["liaison"], city.unit_a, city.c22, TODAY)
    assert can_report_for(users["liaison"], city.unit_a, city.c22, date(2021, 11, 1))


def test_no_report_without_a_pairing_or_for_another_unit(paired, users, city):
    assert not can_report_for(users["liaison"], city.unit_a, city.c21, TODAY)  # not paired
    assert not can_report_for(users["liaison"], city.unit_b, city.c12, TODAY)  # not theirs


def test_the_office_records_for_a_unit_under_the_same_dates(paired, users, city):
    office = users["admin"]
    assert can_report_for(office, city.unit_a, city.c11, TODAY)
    assert not can_report_for(office, city.unit_a, city.c12, TODAY)
    assert not can_report_for(office, city.unit_a, city.c22, TODAY)
    assert not can_report_for(office, city.unit_a, city.c21, TODAY)


@pytest.mark.parametrize("role", ["inspector", "leader", "street", "community"])
def test_other_roles_do_not_report_for_a_unit(role, paired, users, city):
    assert not can_report_for(users[role], city.unit_a, city.c11, TODAY)
    assert not can_report_for(users[role], city.unit_c, city.c21, TODAY)


# --- history stays readable -------------------------------------------------------------------


def test_an_ended_pairing_keeps_its_community_readable(paired, client, users, city):
    client.force_login(users["liaison"])
    page = client.get(f"/communities/{city.c12.pk}/")
    assert page.status_code == 200
    assert 'class="badge ended"' in page.content.decode()
    assert "已结束" in page.content.decode()


def test_an_ended_pairing_keeps_the_units_history_for_the_community(paired, client, users, city):
    client.force_login(users["community"])  # c12's officer
    assert client.get(f"/units/{city.unit_a.pk}/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/", "/units/", "/communities/", "/leaders/", "unit_detail", "community_detail"]
)
def test_a_pairing_not_started_is_marked_wherever_pairings_are_listed(
    url, paired, client, users, city
):
    client.force_login(users["liaison"])
    if url == "unit_detail":
        url = f"/units/{city.unit_a.pk}/"
    elif url == "community_detail":
        url = f"/communities/{city.c22.pk}/"
    page = client.get(url).content.decode()
    assert 'class="badge upcoming">未开始<' in page


def test_a_unit_under_a_leader_is_not_marked_while_one_of_its_pairings_is_in_force(
    paired, client, users
):
    client.force_login(users["admin"])
    page = client.get("/leaders/").content.decode()
    # leader1 leads unit_a at c11 (in force) and c12 (ended): unit_a is not marked ended;
    # the upcoming pairing's leader leads unit_a only there: marked 未开始
    assert 'class="badge ended"' not in page
    assert page.count('class="badge upcoming"') == 1


# --- phones ----------------------------------------------------------------------------------


def test_a_phone_is_masked_to_its_first_three_and_last_four_digits():
    assert mask_phone("13912341234") == "139****1234"
    assert mask_phone(" 0754-88881234 ") == "075****1234"
    assert mask_phone("12345") == "****"
    assert mask_phone("") == ""


@pytest.fixture
def phoned(city):
    for unit in (city.unit_a, city.unit_b, city.unit_c):
        unit.liaison_phone = PHONE
        unit.save()


@pytest.mark.parametrize("role", ["admin", "inspector"])
def test_the_office_and_inspectors_always_see_phones(role, phoned, paired, users, city):
    for unit in (city.unit_a, city.unit_b, city.unit_c):
        assert can_see_phone_of_unit(users[role], unit)


def test_a_liaison_sees_their_own_units_phone_even_unpaired(users, db):
    unit = UnitFactory(liaison_phone=PHONE)
    liaison = UserFactory(role=Role.LIAISON, unit=unit)
    assert unit_phone_for(liaison, unit) == PHONE


def test_a_community_sees_the_phone_of_a_unit_paired_with_it_in_force(phoned, users, city):
    # c12's officer; unit_b ↔ c12 is in force
    assert unit_phone_for(users["community"], city.unit_b) == PHONE


def test_a_community_sees_a_masked_phone_once_the_pairing_has_ended(phoned, paired, users, city):
    # unit_a ↔ c12 ended in June: history readable, number not
    assert not can_see_phone_of_unit(users["community"], city.unit_a)
    assert unit_phone_for(users["community"], city.unit_a) == "139****1234"


def test_a_phone_shows_from_the_day_the_pairing_starts(phoned, paired, users, city):
    street2 = UserFactory(role=Role.STREET, street=city.street2)
    # unit_a ↔ c22 (street 2) starts in November; unit_c ↔ c21 is in force
    assert not can_see_phone_of_unit(street2, city.unit_a)
    assert can_see_phone_of_unit(street2, city.unit_a, day=date(2021, 11, 1))
    assert can_see_phone_of_unit(street2, city.unit_c)


def test_the_unit_page_shows_a_masked_phone_outside_pairings_in_force(
    phoned, paired, client, users, city
):
    client.force_login(users["community"])
    ended = client.get(f"/units/{city.unit_a.pk}/").content.decode()
    assert "139****1234" in ended and PHONE not in ended and "tel:" not in ended
    in_force = client.get(f"/units/{city.unit_b.pk}/").content.decode()
    assert f'href="tel:{PHONE}"' in in_force


def test_the_export_masks_phones_as_the_pages_do(phoned, paired, client, users, city):
    client.force_login(users["community"])
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get("/roster/export.xlsx").streaming_content))
    )
    phones = {row[0]: row[3] for row in book["包联单位"].iter_rows(min_row=2, values_only=True)}
    assert phones == {"市卫生健康局": "139****1234", "市税务局": PHONE}
    client.force_login(users["admin"])
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get("/roster/export.xlsx").streaming_content))
    )
    assert {r[3] for r in book["包联单位"].iter_rows(min_row=2, values_only=True)} == {PHONE}


def test_a_users_phone_is_seen_within_a_shared_pairing_in_force(paired, users, city):
    officer = users["community"]  # c12: unit_b in force, unit_a ended
    officer.phone = PHONE
    officer.save()
    liaison_b = UserFactory(role=Role.LIAISON, unit=city.unit_b)
    assert can_see_phone_of_user(liaison_b, officer)
    assert not can_see_phone_of_user(users["liaison"], officer)  # unit_a: ended
    assert can_see_phone_of_user(officer, officer)  # one's own
    assert can_see_phone_of_user(users["inspector"], officer)
    assert not can_see_phone_of_user(users["street"], officer)  # street 2: no shared pairing


def test_after_the_pairing_ends_the_users_phone_is_masked(paired, users, city):
    liaison_b = UserFactory(role=Role.LIAISON, unit=city.unit_b)
    officer = users["community"]
    pairing = city.pairings[1]  # unit_b ↔ c12
    pairing.ended_on = TODAY - timedelta(days=1)
    pairing.save()
    reread = type(officer).objects.get(pk=officer.pk)  # a fresh request computes its scope anew
    assert not can_see_phone_of_user(scope_of(liaison_b), reread)
