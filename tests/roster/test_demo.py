from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from baolian.accounts.models import Role, User
from baolian.accounts.scoping import visible
from baolian.demo.city import demo_city_build
from baolian.roster.models import CampaignSettings, Community, Pairing, Street, Unit
from tests.factories import UnitFactory


def _snapshot() -> tuple[list, list, list]:
    return (
        list(Community.objects.values_list("street__name", "name", "latitude")),
        list(Unit.objects.values_list("name", "sort_order", "liaison_name")),
        list(Pairing.objects.values_list("unit__name", "community__name", "leader__name")),
    )


@pytest.mark.django_db
def test_the_demo_city_has_the_size_of_a_real_one():
    city = demo_city_build(seed=7)
    assert Street.objects.count() == 12
    assert Community.objects.count() == 128
    assert Unit.objects.count() == 131
    assert 12 <= city.leaders <= 16
    # every community is paired and every unit has a community
    assert not Community.objects.filter(pairings__isnull=True).exists()
    assert not Unit.objects.filter(pairings__isnull=True).exists()
    assert CampaignSettings.load().is_demo


@pytest.mark.django_db
def test_the_demo_city_is_the_same_for_the_same_seed():
    demo_city_build(seed=7)
    first = _snapshot()
    demo_city_build(seed=7)  # running it again changes nothing
    assert _snapshot() == first


@pytest.mark.django_db
def test_reset_then_another_seed_gives_another_city_of_the_same_size():
    demo_city_build(seed=1)
    first = _snapshot()
    call_command("demo", "--reset", "--seed", "2", stdout=io.StringIO())
    assert _snapshot() != first
    assert Community.objects.count() == 128 and Unit.objects.count() == 131
    assert User.objects.filter(username="liaison").exists()


@pytest.mark.django_db
def test_reset_refuses_a_database_with_a_real_roster():
    UnitFactory(name="市真实单位")
    with pytest.raises(CommandError):
        call_command("demo", "--reset", stdout=io.StringIO())
    assert Unit.objects.filter(name="市真实单位").exists()


@pytest.mark.django_db
def test_the_demo_has_a_community_name_shared_by_two_streets():
    demo_city_build(seed=3)
    names = list(Community.objects.values_list("name", flat=True))
    assert len(names) != len(set(names))


@pytest.mark.django_db
def test_each_demo_login_sees_only_its_part():
    demo_city_build(seed=5)
    liaison = User.objects.get(username="liaison")
    assert liaison.role == Role.LIAISON
    assert visible(liaison, Unit.objects.all()).count() == 1
    street = User.objects.get(username="street")
    assert visible(street, Street.objects.all()).count() == 1
    assert visible(User.objects.get(username="inspector"), Unit.objects.all()).count() == 131


@pytest.mark.django_db
def test_the_demo_refuses_a_database_with_a_real_roster():
    UnitFactory(name="市真实单位")
    with pytest.raises(CommandError):
        call_command("demo")
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_the_login_page_of_the_demo_names_the_demo_logins(client):
    assert 'id="demo-logins"' not in client.get("/login/").content.decode()
    demo_city_build(seed=1)
    page = client.get("/login/").content.decode()
    assert 'id="demo-logins"' in page and "liaison" in page
    assert (
        client.post("/login/", {"username": "liaison", "password": "baolian-demo-2021"}).status_code
        == 302
    )


@pytest.mark.django_db
def test_another_seed_without_reset_is_refused_instead_of_mixing_two_cities():
    demo_city_build(seed=1)
    before = _snapshot()
    with pytest.raises(CommandError):
        call_command("demo", "--seed", "2", stdout=io.StringIO())
    assert _snapshot() == before


@pytest.mark.django_db
def test_reset_keeps_an_account_that_is_not_a_demo_login():
    demo_city_build(seed=1)
    it = User.objects.create_superuser("it-admin", password="a-long-passphrase-77")
    call_command("demo", "--reset", "--seed", "3", stdout=io.StringIO())
    assert User.objects.filter(pk=it.pk).exists()


@pytest.mark.django_db
def test_reset_on_an_empty_database_deletes_no_account():
    it = User.objects.create_superuser("it-admin", password="a-long-passphrase-77")
    call_command("demo", "--reset", stdout=io.StringIO())
    assert User.objects.filter(pk=it.pk).exists()


@pytest.mark.django_db
def test_a_demo_built_before_seeds_were_recorded_is_taken_as_the_default_seed():
    from importlib import import_module

    from django.apps import apps

    demo_city_build(seed=2021)
    CampaignSettings.objects.update(demo_seed=None)  # as the column arrived, empty
    import_module("baolian.roster.migrations.0003_demo_seed").remember_the_default_seed(apps, None)
    call_command("demo", stdout=io.StringIO())  # what `make demo` runs: must not refuse
    assert CampaignSettings.load().demo_seed == 2021
