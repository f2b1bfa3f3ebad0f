"""List pages on a big roster, for every role, against the login page of the same stack.

    python -m bench.lists                               # 2,000 communities (quick)
    BAOLIAN_BENCH_COMMUNITIES=50000 python -m bench.lists   # the province-size roster

The goal (issue 5): every list page within 3x the login page's time, for every role. Lists
paginate, so a page's time should not grow with the roster; the table printed shows it.
Runs in its own process on a temporary SQLite file unless DATABASE_URL names another (empty)
database.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date

PAGES = ("/", "/streets/", "/communities/", "/units/", "/leaders/", "/search/?q=社区")
ROLES = ("admin", "inspector", "leader", "liaison", "street", "community")


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _line(label: str, best: float, median: float, ratio: str) -> None:
    print(f"{label:<36} best {best * 1e3:8.1f} ms  median {median * 1e3:8.1f} ms  {ratio}")


def _ok(client: object, path: str) -> object:
    response = client.get(path)  # type: ignore[attr-defined]
    if response.status_code != 200:  # a benchmark of an error page measures nothing
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return response


def _setup() -> None:
    from django.conf import settings

    if settings.configured:
        return
    folder = tempfile.mkdtemp(prefix="baolian-bench-lists-")
    os.environ.setdefault("BAOLIAN_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    os.environ["BAOLIAN_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def build_roster(communities: int) -> dict[str, object]:
    """`communities` communities in streets of 100, one pairing each, 25 per unit, 50
    leaders; one user per role bound to the first rows. Bulk writes: seconds, not minutes."""
    from baolian.accounts.models import Role, User
    from baolian.lib.text import community_key, name_key
    from baolian.roster.models import Community, Leader, Pairing, Street, Unit

    streets = Street.objects.bulk_create(
        Street(name=f"第{i}街道", key=name_key(f"第{i}街道"), sort_order=i)
        for i in range(1, communities // 100 + 2)
    )
    units = Unit.objects.bulk_create(
        Unit(
            name=f"市第{i}单位",
            key=name_key(f"市第{i}单位"),
            liaison_name="张三",
            liaison_phone="13912341234",
            sort_order=i,
        )
        for i in range(1, communities // 25 + 2)
    )
    leaders = Leader.objects.bulk_create(
        Leader(name=f"领导{i}", key=name_key(f"领导{i}"), sort_order=i) for i in range(1, 51)
    )
    rows = Community.objects.bulk_create(
        (
            Community(
                street=streets[i // 100],
                name=f"第{i}社区",
                key=community_key(f"第{i}社区"),
                sort_order=i,
            )
            for i in range(communities)
        ),
        batch_size=2000,
    )
    Pairing.objects.bulk_create(
        (
            Pairing(
                unit=units[i // 25],
                community=c,
                # a leader leads a run of units, as in the official roster
                leader=leaders[(i // 25) * len(leaders) // len(units)],
                started_on=date(2021, 4, 1),
            )
            for i, c in enumerate(rows)
        ),
        batch_size=2000,
    )
    # What an import does after writing (baolian.imports.runner): the planner sees the sizes.
    from baolian.lib.planner import refresh_statistics

    refresh_statistics()
    bindings = {
        "admin": {"is_staff": True, "is_superuser": True},
        "inspector": {},
        "leader": {"leader": leaders[0]},
        "liaison": {"unit": units[0]},
        "street": {"street": streets[0]},
        "community": {"community": rows[0]},
    }
    return {
        role: User.objects.create(username=f"bench-{role}", role=Role(role), **binding)
        for role, binding in bindings.items()
    }


def main() -> None:
    _setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    size = int(os.environ.get("BAOLIAN_BENCH_COMMUNITIES", "2000"))
    users = build_roster(size)
    print(f"list pages: {size} communities, {size} pairings, {size // 25 + 1} units")

    anonymous = Client()
    floor, floor_med = _best(lambda: _ok(anonymous, "/login/"), 10)
    _line("floor: GET /login/", floor, floor_med, "")
    worst = 0.0
    for role in ROLES:
        client = Client()
        client.force_login(users[role])
        for path in PAGES:
            best, med = _best(lambda c=client, p=path: _ok(c, p), 5)
            worst = max(worst, best / floor)
            _line(f"{role}: GET {path}", best, med, f"{best / floor:5.1f}x floor")
    print(f"slowest list page: {worst:.1f}x the login page (goal: at most 3x)")


if __name__ == "__main__":
    sys.exit(main())
