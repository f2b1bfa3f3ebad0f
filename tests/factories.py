"""Factories for domain rows; every test builds the rows it needs."""

from __future__ import annotations

from datetime import date

import factory

from baolian.accounts.models import Role, User
from baolian.lib.text import community_key, name_key
from baolian.roster.models import Community, Leader, Pairing, Street, Unit


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    name = factory.Sequence(lambda n: f"测试{n}街道")
    key = factory.LazyAttribute(lambda o: name_key(o.name))
    sort_order = factory.Sequence(lambda n: n + 1)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"测试{n}社区")
    key = factory.LazyAttribute(lambda o: community_key(o.name))
    sort_order = factory.Sequence(lambda n: n + 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"市测试{n}局")
    key = factory.LazyAttribute(lambda o: name_key(o.name))
    sort_order = factory.Sequence(lambda n: n + 1)


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    key = factory.LazyAttribute(lambda o: name_key(o.name))
    title = "副市长"


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    unit = factory.SubFactory(UnitFactory)
    community = factory.SubFactory(CommunityFactory)
    leader = factory.SubFactory(LeaderFactory)
    started_on = date(2021, 4, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.INSPECTOR
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-9")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
