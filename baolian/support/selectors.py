"""Reads of support measures and the funds figures (DESIGN §4).

- invested (投入帮扶资金): the sum of 金额 of measures of any category whose state is not
  计划, dated inside [start, end];
- pledged (拟投入): the same sum over planned measures;
- not followed up (缺乏连贯性): planned measures whose last progress (or, without any, their
  date) is more than `CampaignSettings.support_idle_days` days before today.
Sums are exact Decimals in yuan (Decimal("0.00") when there is nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Round

from baolian.accounts.scoping import Scope
from baolian.roster.models import CampaignSettings, Community, Unit
from baolian.support.models import MeasureState, SupportMeasure

ZERO = Decimal("0.00")


def _base(scope: Scope | None) -> QuerySet[SupportMeasure]:
    rows = SupportMeasure.objects.alive()
    return rows.visible_to(scope) if scope is not None else rows


def _narrow(
    rows: QuerySet[SupportMeasure], unit: Unit | None, community: Community | None
) -> QuerySet[SupportMeasure]:
    if unit is not None:
        rows = rows.filter(unit=unit)
    if community is not None:
        rows = rows.filter(community=community)
    return rows


def _sum(rows: QuerySet[SupportMeasure]) -> Decimal:
    total = rows.aggregate(total=Sum("amount_yuan"))["total"]
    return ZERO if total is None else Decimal(total).quantize(ZERO)


def funds_invested(
    *,
    start: date,
    end: date,
    scope: Scope | None = None,
    unit: Unit | None = None,
    community: Community | None = None,
) -> Decimal:
    """投入帮扶资金 in yuan, exact."""
    return _sum(_narrow(_base(scope).between(start, end).invested(), unit, community))


def funds_pledged(
    *,
    start: date,
    end: date,
    scope: Scope | None = None,
    unit: Unit | None = None,
    community: Community | None = None,
) -> Decimal:
    """拟投入 in yuan: planned measures dated inside the period."""
    return _sum(_narrow(_base(scope).between(start, end).pledged(), unit, community))


@dataclass
class FundsRow:
    """Totals of one unit or one community in a period."""

    subject: Unit | Community
    invested: Decimal = ZERO
    pledged: Decimal = ZERO
    measures: int = 0


def _money() -> DecimalField:
    return DecimalField(max_digits=16, decimal_places=2)


def _grouped(rows: QuerySet[SupportMeasure], key: str) -> dict[int, dict[str, object]]:
    planned = Q(state=MeasureState.PLANNED)
    zero = Value(ZERO, output_field=_money())
    return {
        row[key]: row
        for row in rows.order_by()
        .values(key)
        .annotate(
            invested=Coalesce(Sum("amount_yuan", filter=~planned), zero, output_field=_money()),
            pledged=Coalesce(Sum("amount_yuan", filter=planned), zero, output_field=_money()),
            measures=Count("id"),
        )
    }


def _row(subject: Unit | Community, found: dict[str, object] | None) -> FundsRow:
    if found is None:
        return FundsRow(subject)
    return FundsRow(
        subject,
        Decimal(found["invested"]).quantize(ZERO),  # type: ignore[arg-type]
        Decimal(found["pledged"]).quantize(ZERO),  # type: ignore[arg-type]
        int(found["measures"]),  # type: ignore[arg-type]
    )


def funds_rows(
    subjects: Iterable[Unit | Community], key: str, *, start: date, end: date, scope: Scope | None
) -> list[FundsRow]:
    """The totals of these units (`key` "unit_id") or communities ("community_id") in the
    period, in the order given: one grouped query over their measures alone."""
    subjects = list(subjects)
    rows = _base(scope).between(start, end).filter(**{f"{key}__in": [s.pk for s in subjects]})
    grouped = _grouped(rows, key)
    return [_row(subject, grouped.get(subject.pk)) for subject in subjects]


def giving_units(*, start: date, end: date, scope: Scope | None = None) -> QuerySet[Unit]:
    """Units with a measure in the period, in roster order: the rows of the totals per unit,
    to page through (a province's are thousands)."""
    units = Unit.objects.filter(pk__in=_base(scope).between(start, end).values("unit_id"))
    if scope is not None:
        units = units.visible_to(scope)
    return units.order_by("sort_order", "id")


def receiving_communities(
    *, start: date, end: date, scope: Scope | None = None
) -> QuerySet[Community]:
    """Communities with a measure in the period, in roster order (street, then community)."""
    communities = Community.objects.filter(
        pk__in=_base(scope).between(start, end).values("community_id")
    )
    if scope is not None:
        communities = communities.visible_to(scope)
    return communities.select_related("street").order_by(
        "street__sort_order", "street__id", "sort_order", "id"
    )


def funds_by_unit(*, start: date, end: date, scope: Scope | None = None) -> list[FundsRow]:
    """Per unit with a measure in the period, in roster order."""
    units = giving_units(start=start, end=end, scope=scope)
    return funds_rows(units, "unit_id", start=start, end=end, scope=scope)


def funds_by_community(*, start: date, end: date, scope: Scope | None = None) -> list[FundsRow]:
    """Per community with a measure in the period, in roster order (street, then community)."""
    communities = receiving_communities(start=start, end=end, scope=scope)
    return funds_rows(communities, "community_id", start=start, end=end, scope=scope)


def top_fund_units(
    *, start: date, end: date, scope: Scope | None = None, limit: int = 5
) -> list[FundsRow]:
    """The units that invested most (the bulletin's "资金帮扶力度较大"); ties in roster order.
    Units that invested nothing are never listed."""
    measures = _base(scope).between(start, end).invested()
    units = Unit.objects.all() if scope is None else Unit.objects.visible_to(scope)
    # Ranked in the database: a province's thousands of giving units are not all read for 5.
    ranked = (
        measures.filter(unit__in=units)
        .values("unit_id")
        # to the fen: SQLite sums decimals as floats (0.1 + 0.2 is not 0.3), which would
        # decide a tie instead of the roster's order
        .annotate(total=Round(Sum("amount_yuan"), 2))
        .filter(total__gt=0)
        .order_by("-total", "unit__sort_order", "unit_id")
    )
    ids = [row["unit_id"] for row in ranked[:limit]]
    found = Unit.objects.in_bulk(ids)
    return funds_rows([found[pk] for pk in ids], "unit_id", start=start, end=end, scope=scope)


def measures_not_followed_up(
    *, today: date, scope: Scope | None = None, idle_days: int | None = None
) -> QuerySet[SupportMeasure]:
    """Planned measures with no progress for more than `idle_days` (the campaign's setting)."""
    if idle_days is None:
        idle_days = CampaignSettings.load().support_idle_days
    cutoff = today - timedelta(days=idle_days)
    return (
        _base(scope)
        .pledged()
        .filter(Q(progressed_on__lt=cutoff) | Q(progressed_on__isnull=True, given_on__lt=cutoff))
        .select_related("unit", "community__street")
        .order_by("given_on", "id")
    )


def measures_for(
    *,
    scope: Scope,
    category: str | None = None,
    state: str | None = None,
    unit: Unit | int | None = None,
    community: Community | int | None = None,
    start: date | None = None,
    end: date | None = None,
    not_followed_up_on: date | None = None,
) -> QuerySet[SupportMeasure]:
    """The measures the scope sees, filtered; `not_followed_up_on` keeps only those that are
    not followed up on that day (`measures_not_followed_up`)."""
    rows = _base(scope)
    if not_followed_up_on is not None:
        idle = measures_not_followed_up(today=not_followed_up_on, scope=scope)
        rows = rows.filter(pk__in=idle.values("pk"))
    if category:
        rows = rows.filter(category=category)
    if state:
        rows = rows.filter(state=state)
    if unit is not None:
        rows = rows.filter(unit=unit)
    if community is not None:
        rows = rows.filter(community=community)
    if start is not None:
        rows = rows.filter(given_on__gte=start)
    if end is not None:
        rows = rows.filter(given_on__lte=end)
    return rows.select_related("unit", "community__street")
