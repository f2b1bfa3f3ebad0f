"""List pages on a big roster, for every role, against the login page of the same stack.

    python -m bench.lists                               # 2,000 communities (quick)
    BAOLIAN_BENCH_COMMUNITIES=50000 python -m bench.lists   # the province-size roster

The goal (issue 5): every list page within 3x the login page's time, for every role. Lists
paginate, so a page's time should not grow with the roster: each page is measured first on
a 2,000-community roster (BAOLIAN_BENCH_SMALL), which then grows in place to the full size,
and the last column is its time there against its time at 2,000. Each page is timed in
turn with the login page and its ratio is taken against the login page of those same
seconds: this machine's speed drifts by half within a minute, and a floor measured once at
the start would put the drift in the ratios.
Runs in its own process on a temporary SQLite file unless DATABASE_URL names another (empty)
database.

Every list page of the product is measured, for every role that may open it: the roster's
lists, search, visits, problems, the standard, support, the inbox, the audit log, bulletins,
API tokens, the rankings and the admin's change lists. Beside the roster it writes a modest
activity (BAOLIAN_BENCH_VISITS, default 20,000 visits; a tenth as many problems, a twentieth
as many support measures, a flag on every 20th visit, 200 notices per user, 5,000 audit
entries), a tenth of it on the pairings of the bound users so that every role sees some.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date

PAGES = (
    "/",
    "/streets/",
    "/communities/",
    "/communities/?page=500",  # deep in the roster: keyed by the order index, not sorted
    "/units/",
    "/leaders/",
    "/search/?q=社区",
    "/visits/",
    "/visits/?street=1",
    "/problems/",
    "/problems/standard/",
    "/support/",
    "/inbox/",
    "/oversight/bulletins/",
    "/api/tokens/",
)
# Lists only the office may open (the others answer 403, see tests/authz).
OFFICE_PAGES = (
    "/audit/",
    "/inbox/sent/",
    "/admin/roster/community/",
    "/admin/roster/unit/",
    "/admin/roster/pairing/",
)
# Measured and printed, not held to the list goal: the whole ranking of every unit in a month
# is one table (not paginated) and is cached between writes by the dashboard.
OTHER_PAGES = ("/rankings/?month=2021-06",)
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


def empty_page(request: object) -> object:
    """The site's layout for a signed-in user with nothing in it: what every signed-in page
    costs before its own content (session, user, menu, unread count, campaign settings)."""
    from django.shortcuts import render

    return render(request, "base.html", {})


urlpatterns: list = []


def _urls() -> list:
    from django.contrib.auth.decorators import login_required
    from django.urls import include, path

    return [path("bench-empty/", login_required(empty_page)), path("", include("baolian.urls"))]


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


def build_roster(communities: int, *, total: int | None = None) -> dict[str, object]:
    """`communities` communities in streets of 100, one pairing each, 25 per unit, 50
    leaders; one user per role bound to the first rows. Bulk writes: seconds, not minutes.

    Called again with more, it adds the rows missing (the roster grows in place). `total`: the
    size it will grow to, so that each leader leads the same pairings at every size."""
    from baolian.accounts.models import Role, User
    from baolian.lib.text import community_key, name_key
    from baolian.roster.models import Community, Leader, Pairing, Street, Unit

    total = total or communities
    streets = list(Street.objects.order_by("sort_order"))
    streets += Street.objects.bulk_create(
        Street(name=f"第{i}街道", key=name_key(f"第{i}街道"), sort_order=i)
        for i in range(len(streets) + 1, communities // 100 + 2)
    )
    units = list(Unit.objects.order_by("sort_order"))
    units += Unit.objects.bulk_create(
        Unit(
            name=f"市第{i}单位",
            key=name_key(f"市第{i}单位"),
            liaison_name="张三",
            liaison_phone="13912341234",
            sort_order=i,
        )
        for i in range(len(units) + 1, communities // 25 + 2)
    )
    leaders = list(Leader.objects.order_by("sort_order")) or Leader.objects.bulk_create(
        Leader(name=f"领导{i}", key=name_key(f"领导{i}"), sort_order=i) for i in range(1, 51)
    )
    have = Community.objects.count()
    rows = Community.objects.bulk_create(
        (
            Community(
                street=streets[i // 100],
                name=f"第{i}社区",
                key=community_key(f"第{i}社区"),
                sort_order=i,
            )
            for i in range(have, communities)
        ),
        batch_size=2000,
    )
    Pairing.objects.bulk_create(
        (
            Pairing(
                unit=units[i // 25],
                community=c,
                # a leader leads a run of units, as in the official roster
                leader=leaders[(i // 25) * len(leaders) // (total // 25 + 1)],
                started_on=date(2021, 4, 1),
            )
            for i, c in enumerate(rows, start=have)
        ),
        batch_size=2000,
    )
    # What an import does after writing (baolian.imports.runner): the planner sees the sizes.
    from baolian.lib.queries import refresh_statistics

    refresh_statistics()
    first = Community.objects.order_by("sort_order").first()
    bindings = {
        "admin": {"is_staff": True, "is_superuser": True},
        "inspector": {},
        "leader": {"leader": leaders[0]},
        "liaison": {"unit": units[0]},
        "street": {"street": streets[0]},
        "community": {"community": first},
    }
    return {
        role: User.objects.get_or_create(
            username=f"bench-{role}", defaults={"role": Role(role), **binding}
        )[0]
        for role, binding in bindings.items()
    }


def build_activity(visits: int, users: dict[str, object]) -> None:
    """Visits, flags, problems, support measures, notices and audit entries over the roster:
    bulk writes, a tenth of them on the first unit's pairings (the bound users' part)."""
    import random
    import uuid
    from datetime import datetime, timedelta
    from datetime import timezone as tz

    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from baolian.notices.models import Notice
    from baolian.problems.models import Problem, ProblemState
    from baolian.roster.models import CampaignSettings, Community, Pairing
    from baolian.support.models import Category, MeasureState, SupportMeasure
    from baolian.visits import months
    from baolian.visits.models import Visit, VisitFlag

    # The campaign began with the activity: the pages' default period (campaign start to
    # today) holds it, as it does in a city during its campaign.
    settings = CampaignSettings.load()
    settings.campaign_started_on = date(2021, 4, 1)
    settings.save()
    rng = random.Random(5)
    pairings = list(Pairing.objects.order_by("pk").values_list("unit_id", "community_id"))
    own = pairings[:25]

    def pick() -> tuple[int, int]:
        return rng.choice(own) if rng.random() < 0.1 else rng.choice(pairings)

    first = date(2021, 4, 1)
    rows = []
    for _ in range(visits):
        unit_id, community_id = pick()
        day = first + timedelta(days=rng.randrange(90))
        rows.append(
            Visit(
                client_id=uuid.UUID(int=rng.getrandbits(128)),
                unit_id=unit_id,
                community_id=community_id,
                visited_on=day,
                kinds=rng.randrange(1, 128),
                reported_at=datetime(day.year, day.month, day.day, 12, tzinfo=tz.utc),
                summary="调研指导创卫工作",
            )
        )
    Visit.objects.bulk_create(rows, batch_size=5000)
    ids = list(Visit.objects.order_by("pk").values_list("pk", flat=True))
    VisitFlag.objects.bulk_create(
        (VisitFlag(visit_id=pk, kind="photo_only", reason="bench") for pk in ids[::20]),
        batch_size=5000,
    )
    months.rebuild()  # bulk inserts send no signal: the visits are counted by month here
    Problem.objects.bulk_create(
        (
            Problem(
                community_id=pick()[1],
                description="垃圾乱堆放",
                found_on=(found := first + timedelta(days=rng.randrange(90))),
                deadline=found + timedelta(days=30),
                state=rng.choice(list(ProblemState)),
            )
            for _ in range(visits // 10)
        ),
        batch_size=5000,
    )
    SupportMeasure.objects.bulk_create(
        (
            SupportMeasure(
                unit_id=(pair := pick())[0],
                community_id=pair[1],
                given_on=first + timedelta(days=rng.randrange(90)),
                category=Category.FUNDS,
                content="捐赠",
                amount_yuan=rng.randrange(100, 100_000),
                state=rng.choice(list(MeasureState)),
            )
            for _ in range(visits // 20)
        ),
        batch_size=5000,
    )
    now = datetime.now(tz.utc)
    Notice.objects.bulk_create(
        Notice(
            recipient=user,
            kind="reminder",
            subject=f"提醒 {n}",
            body="请按时上报包联行动",
            dedupe_key=f"bench-{n}",
            sent_at=now,
            read_at=now if n % 2 else None,
        )
        for user in users.values()
        for n in range(200)
    )
    community_type = ContentType.objects.get_for_model(Community)
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                content_type=community_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=f"第{pk}社区",
                action=LogEntry.Action.UPDATE,
                changes={"name": [f"旧{pk}", f"第{pk}社区"]},
                timestamp=now,
            )
            for pk in range(1, 5001)
        ),
        batch_size=5000,
    )
    from django.db import connection

    from baolian.lib.queries import refresh_statistics

    refresh_statistics()
    if connection.vendor == "postgresql":
        # What autovacuum does a little after a bulk write; measured before it, the planner
        # still believes the tables empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# best, median, and the login page's best measured in turn with it (the floor beside it)
Timings = dict[str, tuple[float, float, float]]


def _beside(floor: Callable[[], object], page: Callable[[], object], repeat: int) -> tuple:
    """A page timed in turn with the login page, each ratio against the floor measured in
    the same seconds: this machine's speed drifts by half within a minute."""
    pages, floors = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        page()
        pages.append(time.perf_counter() - start)
    return min(pages), statistics.median(pages), min(floors)


def _measure(users: dict[str, object], repeat: int) -> Timings:
    """The login page, the empty layout and every list page, each beside the login page."""
    from django.test import Client

    anonymous = Client()

    def login() -> object:
        return _ok(anonymous, "/login/")

    timings: Timings = {"floor: GET /login/": (*_best(login, repeat * 2), 0.0)}
    # Not a list: the fixed cost a signed-in page pays before its own content, for reading
    # the ratios below (issue 5's goal leaves a list what is left of 3x after it).
    for role in ("admin", "leader"):
        client = Client()
        client.force_login(users[role])
        timings[f"{role}: empty signed-in layout"] = _beside(
            login, lambda c=client: _ok(c, "/bench-empty/"), repeat
        )
    for role in ROLES:
        client = Client()
        client.force_login(users[role])
        for path in PAGES + (OFFICE_PAGES if role == "admin" else ()) + OTHER_PAGES:
            timings[f"{role}: GET {path}"] = _beside(
                login, lambda c=client, p=path: _ok(c, p), repeat
            )
    return timings


def main() -> None:
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    size = int(os.environ.get("BAOLIAN_BENCH_COMMUNITIES", "2000"))
    # The same pages on a small roster first, then on the big one it grows into: a list that
    # costs the same at both sizes does not grow with the roster, whatever the floor.
    small = min(int(os.environ.get("BAOLIAN_BENCH_SMALL", "2000")), size)
    users = build_roster(small, total=size)
    visits = int(os.environ.get("BAOLIAN_BENCH_VISITS", "20000"))
    build_activity(visits, users)
    repeat = int(os.environ.get("BAOLIAN_BENCH_REPEAT", "10"))

    # `python -m` runs this file as __main__; Django imports it again as bench.lists.
    from django.conf import settings
    from django.urls import clear_url_caches

    import bench.lists as as_urlconf

    as_urlconf.urlpatterns[:] = _urls()
    settings.ROOT_URLCONF = "bench.lists"
    clear_url_caches()

    before = _measure(users, repeat) if small < size else None
    if before is not None:
        build_roster(size, total=size)
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    print(
        f"list pages: {size} communities, {size} pairings, {size // 25 + 1} units; "
        f"{visits} visits, {visits // 10} problems, {visits // 20} support measures"
        + (f"; growth against the same roster at {small} communities" if before else "")
    )
    after = _measure(users, repeat)
    worst, worst_page, over, most_growth, most_grown = 0.0, "", 0, 0.0, ""
    for label, (best, median, floor) in after.items():
        if label.startswith("floor"):
            _line(label, best, median, "")
            continue
        ratio = f"{best / floor:5.1f}x floor"
        path = label.split(" ", 2)[-1]
        if before is not None:
            then, _, then_floor = before[label]
            growth = (best / floor) / (then / then_floor)
            ratio += f"  {growth:4.2f}x its time at {small}"
            if "GET" in label and path not in OTHER_PAGES and growth > most_growth:
                most_growth, most_grown = growth, label
        if path in OTHER_PAGES:
            ratio += "  (not held to the list goal)"
        elif "GET" in label:
            over += best / floor > 3
            if best / floor > worst:
                worst, worst_page = best / floor, label
        _line(label, best, median, ratio)
    print(
        f"slowest list page: {worst:.1f}x the login page ({worst_page}); "
        f"{over} page×role over 3x (goal: none)"
    )
    if before is not None:
        print(
            f"most growth of a list page from {small} to {size} communities: "
            f"{most_growth:.2f}x ({most_grown})"
        )


if __name__ == "__main__":
    sys.exit(main())
