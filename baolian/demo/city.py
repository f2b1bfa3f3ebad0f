"""The demo city: a realistic roster, the same for the same seed, labelled as demo data."""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from baolian.accounts.models import Role, User
from baolian.accounts.services import user_create
from baolian.demo.names import (
    COMMUNITY_FIRST,
    COMMUNITY_SECOND,
    GIVEN,
    LEADER_TITLES,
    STREETS,
    SURNAMES,
    UNIT_CATEGORIES,
    UNITS,
)
from baolian.roster import services
from baolian.roster.models import CampaignSettings, Community, Leader, Pairing, Street, Unit

UNIT_COUNT = 131
COMMUNITY_COUNT = 128
CAMPAIGN_START = date(2021, 4, 1)
# Demo logins are printed on the console; they are for a demo on 127.0.0.1, never a real city.
DEMO_PASSWORD = "baolian-demo-2021"
# Roughly where a south-China prefecture city centre lies; communities scatter around it.
CENTRE = (Decimal("23.6600"), Decimal("116.6300"))


@dataclass
class DemoLogin:
    username: str
    role: str
    bound_to: str


@dataclass
class DemoCity:
    streets: int
    communities: int
    units: int
    leaders: int
    pairings: int
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = DEMO_PASSWORD


class DemoRefused(Exception):
    """The database holds real (non-demo) roster data; the demo will not mix into it."""


class OtherDemoSeed(Exception):
    """A demo city of another seed is there; two cities must not mix (use --reset)."""

    def __init__(self, seed: int | None) -> None:
        super().__init__(seed)
        self.seed = seed


def roster_is_empty() -> bool:
    return not (Street.objects.exists() or Unit.objects.exists() or Pairing.objects.exists())


DEMO_USERNAMES = ("office", "inspector", "leader", "liaison", "street", "community")
DEMO_PEOPLE = {
    "office": "周敏",
    "inspector": "郑国强",
    "leader": "",  # shown by the leader's own name
    "liaison": "陈晓明",
    "street": "黄丽娟",
    "community": "林春燕",
}


# Apps that put activity on the demo city, each as baolian/demo/<name>.py with
# `build(rng: random.Random) -> None` (runs after the roster and logins exist) and
# `reset() -> None` (runs before the roster is removed), in this order.
ACTIVITY = ("visits", "problems", "support", "oversight")


def _activity_modules(order: tuple[str, ...] = ACTIVITY) -> list:
    modules = []
    for name in order:
        try:
            modules.append(importlib.import_module(f"baolian.demo.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"baolian.demo.{name}":
                raise
    return modules


@transaction.atomic
def demo_city_reset() -> None:
    """Remove the demo city and its logins, so another can be built.

    Accounts that are not bound to a roster row and are not demo logins (the IT person's own
    admin, say) stay. A database that is not a demo is left alone.
    """
    campaign = CampaignSettings.load()
    if not campaign.is_demo:
        if roster_is_empty():
            return
        raise DemoRefused
    for module in _activity_modules(tuple(reversed(ACTIVITY))):
        module.reset()
    User.objects.filter(
        Q(username__in=DEMO_USERNAMES)
        | Q(unit__isnull=False)
        | Q(street__isnull=False)
        | Q(community__isnull=False)
        | Q(leader__isnull=False)
    ).delete()
    Pairing.objects.all().delete()
    Community.objects.all().delete()
    Street.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    campaign.is_demo = False
    campaign.demo_seed = None
    campaign.save()


@transaction.atomic
def demo_city_build(*, seed: int = 2021) -> DemoCity:
    """Build the demo city. Refuses a database that holds a real roster."""
    campaign = CampaignSettings.load()
    if not roster_is_empty() and not campaign.is_demo:
        raise DemoRefused
    if not roster_is_empty() and campaign.demo_seed != seed:
        raise OtherDemoSeed(campaign.demo_seed)
    rng = random.Random(seed)

    streets = [
        services.street_upsert(
            name=name, kind=kind, district="示范区", code=f"9999{i:05d}", sort_order=i
        ).obj
        for i, (name, kind) in enumerate(STREETS, start=1)
    ]
    communities = _communities(rng, streets)
    units = [
        services.unit_upsert(
            name=name,
            category=_category(name),
            liaison_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            liaison_phone=f"139{rng.randrange(10**8):08d}",
            sort_order=i,
        ).obj
        for i, name in enumerate(UNITS[:UNIT_COUNT], start=1)
    ]
    leaders = _leaders(rng)
    _pairings(rng, units, communities, leaders)

    campaign.city_name = "示例市"
    campaign.office_name = "示例市创卫办（演示数据）"
    campaign.campaign_started_on = CAMPAIGN_START
    campaign.is_demo = True
    campaign.demo_seed = seed
    campaign.save()

    city = DemoCity(
        streets=len(streets),
        communities=len(communities),
        units=len(units),
        leaders=len(leaders),
        pairings=Pairing.objects.count(),
    )
    city.logins = _users()
    for module in _activity_modules():
        module.build(random.Random(f"{seed}-{module.__name__}"))
    return city


def _category(name: str) -> str:
    return next((cat for marker, cat in UNIT_CATEGORIES if marker in name), "事业单位")


def _communities(rng: random.Random, streets: list[Street]) -> list[Community]:
    per_street = [COMMUNITY_COUNT // len(streets)] * len(streets)
    for i in range(COMMUNITY_COUNT - sum(per_street)):
        per_street[i] += 1
    plan: list[list[str]] = []
    for street, count in zip(streets, per_street, strict=True):
        suffix = "村" if street.kind == Street.Kind.TOWN else "社区"
        names: list[str] = []
        while len(names) < count:
            name = rng.choice(COMMUNITY_FIRST) + rng.choice(COMMUNITY_SECOND) + suffix
            if name not in names and (not plan or name != plan[0][0]):
                names.append(name)
        plan.append(names)
    # The second street also has a community named like the first street's first one: the
    # (street, name) rule of DESIGN §2 in practice.
    plan[1][-1] = plan[0][0]

    communities = []
    for street, names in zip(streets, plan, strict=True):
        for name in names:
            lat = CENTRE[0] + Decimal(rng.randrange(-600, 600)) / 10000
            lon = CENTRE[1] + Decimal(rng.randrange(-600, 600)) / 10000
            communities.append(
                services.community_upsert(
                    street=street,
                    name=name,
                    kind=Community.Kind.VILLAGE
                    if name.endswith("村")
                    else Community.Kind.COMMUNITY,
                    latitude=lat,
                    longitude=lon,
                    sort_order=len(communities) + 1,
                ).obj
            )
    return communities


def _leaders(rng: random.Random) -> list[Leader]:
    leaders = []
    used: set[str] = set()
    for i, title in enumerate(LEADER_TITLES, start=1):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        while name in used:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        used.add(name)
        leaders.append(services.leader_upsert(name=name, title=title, sort_order=i).obj)
    return leaders


def _pairings(
    rng: random.Random, units: list[Unit], communities: list[Community], leaders: list[Leader]
) -> None:
    """Every community gets a unit, every unit a community; a few units take two."""
    shuffled = communities[:]
    rng.shuffle(shuffled)
    for i, unit in enumerate(units):
        leader = leaders[i * len(leaders) // len(units)]
        started = CAMPAIGN_START if rng.random() < 0.9 else date(2021, 5, rng.randint(1, 20))
        targets = [shuffled[i % len(shuffled)]]
        if i < len(shuffled) - len(units) or rng.random() < 0.03:
            targets.append(shuffled[-1 - i])
        for community in targets:
            services.pairing_upsert(
                unit=unit, community=community, leader=leader, started_on=started, ended_on=None
            )


def _users() -> list[DemoLogin]:
    first_pairing = Pairing.objects.select_related("unit", "community", "leader").first()
    assert first_pairing is not None
    community = first_pairing.community
    bindings = [
        (Role.ADMIN, {}),
        (Role.INSPECTOR, {}),
        (Role.LEADER, {"leader": first_pairing.leader}),
        (Role.LIAISON, {"unit": first_pairing.unit}),
        (Role.STREET, {"street": community.street}),
        (Role.COMMUNITY, {"community": community}),
    ]
    logins = []
    for username, (role, binding) in zip(DEMO_USERNAMES, bindings, strict=True):
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                full_name=DEMO_PEOPLE[username],
                check_password=False,
                **binding,
            )
        bound = next(iter(binding.values()), None)
        logins.append(DemoLogin(username, str(role.label), str(bound or "")))
    return logins
