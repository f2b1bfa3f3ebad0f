"""Demo support measures: every category and state, at the reference bulletin's scale.

Invested funds from 2021-04-01 to 2021-06-30 add up to exactly 1,252,940 yuan (“投入帮扶资金
共125.294万元”), with 市生态环境局 and 市总工会 giving most, as the bulletin says. A few planned
measures have had no progress since April: the bulletin's 缺乏连贯性. Codes are stable.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from baolian.problems.models import Problem
from baolian.roster.models import Pairing
from baolian.support.models import Category, MeasureState, SupportMeasure

TARGET = Decimal("1252940.00")
START, END = date(2021, 4, 1), date(2021, 6, 30)
C, M = Category, MeasureState
CONTENT = {
    C.FUNDS: ["垃圾转运点改造资金", "巷道硬底化建设资金", "健康主题公园建设资金", "下水道清淤经费"],
    C.MATERIALS: [
        "垃圾桶和垃圾分类亭",
        "灭“四害”药品物品",
        "卫生环卫工具",
        "防疫用品",
        "创卫宣传栏",
    ],
    C.PROJECT: ["居民休闲活动花园改造", "公共健身器材安装", "交通指示牌设立", "高压水枪车捐赠"],
    C.COORDINATION: ["协调解决村民社保欠发问题", "协调电力部门迁移变压台", "协调增设消防栓"],
}
BIG_GIVERS = ("市生态环境局", "市总工会")


@transaction.atomic
def build(rng: random.Random) -> None:
    pairings = list(Pairing.objects.select_related("unit", "community").order_by("id"))
    if not pairings or SupportMeasure.objects.filter(code__startswith="DEMO-M").exists():
        return  # built already: the same seed changes nothing
    number = 0
    planned_amounts = []
    for pairing in pairings:
        big = pairing.unit.name in BIG_GIVERS
        count = 3 if big else rng.choice((0, 1, 1, 1, 2))
        for i in range(count):
            number += 1
            category = C.FUNDS if big and i == 0 else rng.choice(list(C))
            state = rng.choices(list(M), weights=(1, 2, 6))[0]
            if big and i == 0:
                state = M.DONE
            given_on = START + timedelta(days=rng.randrange((END - START).days + 1))
            amount = None
            if category != C.COORDINATION:
                scale = {C.FUNDS: 5000, C.PROJECT: 10000, C.MATERIALS: 800}[category]
                amount = Decimal(rng.randint(1, 12) * scale)
                if big and i == 0:
                    amount = Decimal(rng.randint(18, 25) * 10000)
            idle = state == M.PLANNED and rng.random() < 0.5
            measure = SupportMeasure.objects.create(
                code=f"DEMO-M{number:04d}",
                unit=pairing.unit,
                community=pairing.community,
                given_on=given_on,
                category=category,
                content=rng.choice(CONTENT[category]),
                amount_yuan=amount,
                state=state,
                progressed_on=given_on if idle else min(given_on + timedelta(days=20), END),
            )
            if state == M.PLANNED and amount is not None:
                planned_amounts.append(measure)
            open_problems = list(
                Problem.objects.filter(community=pairing.community).order_by("id")[:1]
            )
            if open_problems and rng.random() < 0.3:
                measure.problems.set(open_problems)
    _match_the_bulletin()


def _match_the_bulletin() -> None:
    """Scale the invested amounts so that they add up to the bulletin's 125.294万元 exactly."""
    invested = SupportMeasure.objects.filter(
        code__startswith="DEMO-M", given_on__range=(START, END), amount_yuan__isnull=False
    ).exclude(state=M.PLANNED)
    total = invested.aggregate(total=Sum("amount_yuan"))["total"] or Decimal(0)
    if not total:
        return
    rows = list(invested.order_by("id"))
    factor = TARGET / total
    for measure in rows:
        measure.amount_yuan = (measure.amount_yuan * factor).quantize(Decimal("100"))
    rest = TARGET - sum(m.amount_yuan for m in rows[1:])
    rows[0].amount_yuan = rest
    SupportMeasure.objects.bulk_update(rows, ["amount_yuan"])


def reset() -> None:
    from baolian.photos.models import Photo

    Photo.objects.filter(support_measure__code__startswith="DEMO-M").delete()
    SupportMeasure.objects.filter(code__startswith="DEMO-M").delete()
