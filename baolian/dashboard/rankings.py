"""The unit scorecard, the monthly ranking and the red and black lists (红黑榜).

Each part of the score is a share between 0 and 1 computed from the metrics module's unit
row, and the score is the weighted mean of the parts, out of 100:

- quota attainment: average visits per month ÷ the quota, at most 1;
- leader-led share: visits led by a municipal leader ÷ visits (0 without visits);
- timeliness: visits reported on time ÷ visits (0 without visits);
- evidence quality: visits without an open evidence flag ÷ visits (0 without visits);
- problems cleared: problems closed ÷ problems found in its communities, at most 1
  (full marks when none was found: nothing was left to clear);
- support given: funds invested ÷ the most any ranked unit invested (0 when nobody gave).

Units rank by score, higher first; equal scores keep roster order (and share the place).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from baolian.dashboard.models import RankingSettings
from baolian.oversight.formatting import decimal, percent, wan
from baolian.oversight.metrics import Metrics, UnitRow

PARTS = ("quota", "leader", "timeliness", "evidence", "problems", "support")


@dataclass
class Part:
    key: str
    label: str
    share: Fraction  # 0..1
    weight: Decimal
    points: Decimal  # contribution to the score out of 100
    why: str

    @property
    def line(self) -> str:
        """ "次数达标 66.7% × 40 → 26.7" — how this part made its points."""
        return f"{self.label} {percent(self.share)} × {decimal(self.weight, 1)} → {self.points}"


@dataclass
class Scorecard:
    unit_id: int
    name: str
    sort_order: int
    score: Decimal
    parts: list[Part]
    rank: int = 0
    previous_rank: int | None = None
    red: bool = False
    black: bool = False
    black_reasons: list[str] = field(default_factory=list)
    row: UnitRow | None = None

    @property
    def change(self) -> int | None:
        """Places gained since the previous month (positive: moved up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


def _labels() -> dict[str, str]:
    return {
        "quota": _("Quota attainment"),
        "leader": _("Leader-led visits"),
        "timeliness": _("Timely reporting"),
        "evidence": _("Evidence quality"),
        "problems": _("Problems cleared"),
        "support": _("Support given"),
    }


def _shares(row: UnitRow, quota: Decimal, most_invested: Decimal) -> dict[str, tuple]:
    avg = row.average or Fraction(0)
    visits = row.visits
    shares: dict[str, tuple] = {}
    quota_f = Fraction(quota) if quota else Fraction(1)
    shares["quota"] = (
        min(avg / quota_f, Fraction(1)),
        _("%(avg)s visits a month against a quota of %(quota)s")
        % {"avg": decimal(row.average), "quota": decimal(Fraction(quota))},
    )
    if visits:
        shares["leader"] = (
            Fraction(row.leader_led, visits),
            _("%(n)s of %(visits)s visits led by a municipal leader")
            % {"n": row.leader_led, "visits": visits},
        )
        shares["timeliness"] = (
            Fraction(visits - row.late, visits),
            _("%(n)s of %(visits)s visits reported on time")
            % {"n": visits - row.late, "visits": visits},
        )
        shares["evidence"] = (
            Fraction(visits - row.flagged, visits),
            _("%(n)s of %(visits)s visits without an open evidence flag")
            % {"n": visits - row.flagged, "visits": visits},
        )
    else:
        no_visits = _("no visits in the month")
        shares["leader"] = shares["timeliness"] = shares["evidence"] = (Fraction(0), no_visits)
    if row.problems_found:
        shares["problems"] = (
            min(Fraction(row.problems_closed, row.problems_found), Fraction(1)),
            _("%(closed)s closed of %(found)s problems found")
            % {"closed": row.problems_closed, "found": row.problems_found},
        )
    else:
        shares["problems"] = (Fraction(1), _("no problems found: nothing left to clear"))
    if most_invested > 0:
        shares["support"] = (
            Fraction(row.invested) / Fraction(most_invested),
            _("%(amount)s万元 invested; the most by any unit: %(most)s万元")
            % {"amount": wan(row.invested), "most": wan(most_invested)},
        )
    else:
        shares["support"] = (Fraction(0), _("no unit invested funds in the month"))
    return shares


def _round(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scorecards(metrics: Metrics, settings: RankingSettings) -> list[Scorecard]:
    """Every unit of `metrics` scored, ranked and placed on the red or black list."""
    weights = settings.weights()
    total_weight = sum(weights.values()) or Decimal(1)
    labels = _labels()
    rows = [row for row in metrics.units if row.months]
    most = max((row.invested for row in rows), default=Decimal(0))
    cards = []
    for row in rows:
        shares = _shares(row, metrics.quota, most)
        exact_parts = {
            key: shares[key][0] * Fraction(weights[key]) * 100 / Fraction(total_weight)
            for key in PARTS
        }
        parts = [
            Part(
                key,
                labels[key],
                shares[key][0],
                weights[key],
                _round(exact_parts[key]),
                shares[key][1],
            )
            for key in PARTS
        ]
        cards.append(
            Scorecard(
                unit_id=row.unit_id,
                name=row.name,
                sort_order=row.sort_order,
                score=_round(sum(exact_parts.values(), Fraction(0))),
                parts=parts,
                row=row,
            )
        )
    cards.sort(key=lambda c: (-c.score, c.sort_order, c.unit_id))
    place = 0
    previous_score = None
    for index, card in enumerate(cards, start=1):
        if card.score != previous_score:
            place, previous_score = index, card.score
        card.rank = place
        _judge(card, settings)
    return cards


def _judge(card: Scorecard, settings: RankingSettings) -> None:
    row = card.row
    assert row is not None
    card.red = card.score >= settings.red_min_score and (
        row.meets_quota or not settings.red_needs_quota
    )
    if card.score < settings.black_max_score:
        card.black_reasons.append(
            _("score %(score)s below %(line)s")
            % {"score": card.score, "line": decimal(Decimal(settings.black_max_score), 1)}
        )
    if settings.black_below_low_line and row.below_low_line:
        card.black_reasons.append(
            _("%(avg)s visits a month, below the low line of %(low)s")
            % {"avg": decimal(row.average), "low": decimal(Fraction(row.low_line))}
        )
    card.black = bool(card.black_reasons)
    if card.black:
        card.red = False


def with_previous(cards: list[Scorecard], previous: Sequence[Scorecard]) -> list[Scorecard]:
    ranks = {c.unit_id: c.rank for c in previous}
    for card in cards:
        card.previous_rank = ranks.get(card.unit_id)
    return cards


def month_period(month: date) -> tuple[date, date]:
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def explain(card: Scorecard) -> str:
    """One line a unit can read: each part's share, weight and points, and why."""
    return "；".join(f"{p.line}（{p.why}）" for p in card.parts)
