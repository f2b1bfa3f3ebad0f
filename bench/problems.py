"""Problem and funds figures: `python -m bench problems`.

The figures per street and community (one grouped query) and the funds per unit, against
the floor of one COUNT grouped by community / one SUM over the same table in the same run.
N problems and N/4 measures over the demo roster (BAOLIAN_BENCH_PROBLEMS, default 5,000).
Runs on the embedded SQLite in a temporary folder (or DATABASE_URL if set).
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import date, timedelta
from decimal import Decimal


def main() -> None:
    folder = tempfile.mkdtemp(prefix="baolian-bench-")
    os.environ.setdefault("BAOLIAN_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count, Sum

    from bench.common import best as _best

    call_command("migrate", verbosity=0)
    from baolian.oversight import metrics as problems
    from baolian.problems.models import Problem, ProblemState
    from baolian.roster.models import Community, Pairing, Street
    from baolian.support import selectors as support
    from baolian.support.models import Category, MeasureState, SupportMeasure

    if not Street.objects.exists():
        from baolian.demo.city import demo_city_build

        demo_city_build(seed=2021)
    n = int(os.environ.get("BAOLIAN_BENCH_PROBLEMS", "5000"))
    rng = random.Random(1)
    communities = list(Community.objects.all())
    start = date(2021, 1, 1)
    Problem.objects.bulk_create(
        Problem(
            community=rng.choice(communities),
            description="bench",
            found_on=start + timedelta(days=rng.randrange(180)),
            deadline=start + timedelta(days=rng.randrange(30, 220)),
            state=rng.choice(list(ProblemState)),
            closed_on=start + timedelta(days=rng.randrange(60, 240)),
            sent_back=rng.choice((0, 0, 0, 1)),
        )
        for _ in range(n)
    )
    pairings = list(Pairing.objects.all())
    SupportMeasure.objects.bulk_create(
        SupportMeasure(
            unit_id=p.unit_id,
            community_id=p.community_id,
            given_on=start + timedelta(days=rng.randrange(180)),
            category=Category.FUNDS,
            content="bench",
            amount_yuan=Decimal(rng.randrange(100, 10**6)),
            state=rng.choice(list(MeasureState)),
        )
        for p in (rng.choice(pairings) for _ in range(n // 4))
    )
    start, end = date(2021, 4, 1), date(2021, 6, 30)

    def grouped_count() -> list:
        return list(Problem.objects.order_by().values("community_id").annotate(n=Count("id")))

    floor, _ = _best(grouped_count, 20)
    figures, median = _best(lambda: problems.problem_figures_by_street(start=start, end=end), 20)
    print(
        f"problem figures per street and community, {n} problems: {figures * 1000:.1f} ms "
        f"(median {median * 1000:.1f}), {figures / floor:.1f}× one grouped COUNT "
        f"({floor * 1000:.2f} ms)"
    )
    floor, _ = _best(lambda: SupportMeasure.objects.aggregate(s=Sum("amount_yuan")), 20)
    units, median = _best(lambda: support.funds_by_unit(start=start, end=end), 20)
    print(
        f"funds per unit, {n // 4} measures: {units * 1000:.1f} ms (median {median * 1000:.1f}), "
        f"{units / floor:.1f}× one SUM ({floor * 1000:.2f} ms)"
    )


if __name__ == "__main__":
    main()
