"""Demo problem lists: every state of the loop, some overdue, sent back or extended.

Dates follow the demo campaign (2021-04-01 to the end of June, as in the reference
bulletin), plus a few problems of the demo community officer's community found lately, so
that their list has something due this week. Codes are stable (DEMO-P0001 …): building the
same demo twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from baolian.accounts.models import Role, User
from baolian.problems.models import (
    Action,
    FoundBy,
    Problem,
    ProblemEvent,
    ProblemState,
    StandardItem,
)
from baolian.roster.models import Pairing

AS_OF = date(2021, 6, 30)
START = date(2021, 4, 1)
S = ProblemState

PROBLEMS = {
    "K01": ["楼道口卫生死角堆积杂物", "巷尾空地卫生死角", "绿化带内垃圾未清理"],
    "K02": ["巷口垃圾乱堆放", "建筑垃圾乱堆放未清运", "居民楼下杂物乱堆放"],
    "K03": ["电线杆牛皮癣小广告", "楼道墙面小广告未清理"],
    "K04": ["排水沟渠污臭", "河涌沟渠淤积有异味"],
    "K05": ["餐饮店未设防鼠板", "农贸市场熟食档口无纱窗"],
    "K06": ["沿街商铺门前三包未落实", "商铺店外占道堆放货物"],
    "K07": ["农贸市场地面湿滑积水", "农贸市场活禽区未分区"],
    "K08": ["公厕无人保洁有异味", "公厕洗手设施损坏"],
    "K09": ["健康教育宣传栏内容过期", "未设置健康教育宣传栏"],
    "K10": ["室内公共场所未张贴禁烟标识", "办事大厅有人吸烟无人劝阻"],
    "K11": ["垃圾桶破损未更换", "垃圾收集点周边污水横流"],
    "K12": ["老旧猪舍未拆除", "违规搭建铁皮棚"],
    "K13": ["天台积水容器孳生蚊虫", "废旧轮胎积水"],
}
PLACES = ["1巷口", "2号楼下", "文化广场东侧", "市场北门", "村委会旁", "河堤路段", "3巷尾"]
SEND_BACK_REASONS = ["墙角仍有杂物", "整改后照片看不清", "只清理了表面，沟底仍有淤泥"]
EXTEND_REASONS = ["需协调环卫车辆清运", "雨季施工暂缓", "需申请维修资金"]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def build(rng: random.Random) -> None:
    checks = {item.code: item for item in StandardItem.objects.filter(level="check")}
    pairings = list(Pairing.objects.select_related("community", "unit").order_by("id"))
    if not pairings or not checks:
        return
    office = User.objects.filter(role=Role.ADMIN).first()
    inspector = User.objects.filter(role=Role.INSPECTOR).first()
    community_user = User.objects.filter(role=Role.COMMUNITY).first()
    # The main sequence decides only how many problems each pairing has; each problem draws
    # from its own generator, so a second build (which skips existing rows) stays in step.
    base = rng.random()
    number = 0
    for pairing in pairings:
        for _n in range(rng.choice((0, 1, 2, 2, 3, 4))):
            number += 1
            own = random.Random(f"{base}-{number}")
            _problem(own, number, pairing, checks, office, inspector, community_user, AS_OF)
    # Lately found in the demo community officer's community: due this week, and overdue.
    mine = next(
        (p for p in pairings if community_user and p.community == community_user.community), None
    )
    if mine is not None:
        today = timezone.localdate()
        for offset in range(4):
            number += 1
            _problem(
                rng, number, mine, checks, office, inspector, community_user, today, recent=offset
            )


def _problem(
    rng: random.Random,
    number: int,
    pairing: Pairing,
    checks: dict[str, StandardItem],
    office: User | None,
    inspector: User | None,
    community_user: User | None,
    as_of: date,
    recent: int | None = None,
) -> None:
    code = f"DEMO-P{number:04d}"
    check = rng.choice(sorted(checks))
    description = rng.choice(PROBLEMS.get(check, ["卫生死角"]))
    if recent is not None:
        found = as_of - timedelta(days=10 + recent)
        deadline = as_of + timedelta(days=(-3, 0, 2, 12)[recent])
        state = (S.OPEN, S.RECTIFYING, S.OPEN, S.RECTIFIED)[recent]
    else:
        found = START + timedelta(days=rng.randrange((as_of - START).days - 5))
        deadline = found + timedelta(days=rng.choice((7, 15, 15, 30, 30, 45)))
        state = rng.choices(list(S), weights=(2, 2, 2, 5))[0]
    if Problem.objects.filter(code=code).exists():
        return
    finder = rng.choice((FoundBy.UNIT, FoundBy.UNIT, FoundBy.INSPECTOR, FoundBy.COMMUNITY))
    problem = Problem.objects.create(
        code=code,
        community=pairing.community,
        standard_item=checks[check],
        description=description,
        place=pairing.community.name + rng.choice(PLACES),
        found_on=found,
        found_by=finder,
        found_by_unit=pairing.unit if finder == FoundBy.UNIT else None,
        responsible=pairing.community.name + "居委会",
        supporting_unit=pairing.unit,
        deadline=deadline,
        original_deadline=deadline,
        state=S.OPEN,
    )
    events = [(Action.CREATE, "", S.OPEN, "", office, found)]
    day = found
    extended = rng.random() < 0.15
    if extended:
        new_deadline = deadline + timedelta(days=rng.choice((10, 15, 20)))
        day = min(deadline, as_of)
        events.append((Action.EXTEND, S.OPEN, S.OPEN, rng.choice(EXTEND_REASONS), office, day))
        problem.deadline, problem.extensions = new_deadline, 1
    if state in (S.RECTIFYING, S.RECTIFIED, S.CLOSED):
        day = min(day + timedelta(days=rng.randint(1, 4)), as_of)
        events.append((Action.START, S.OPEN, S.RECTIFYING, "", community_user, day))
    if state in (S.RECTIFIED, S.CLOSED):
        if rng.random() < 0.2:  # sent back once (返工)
            day = min(day + timedelta(days=rng.randint(1, 6)), as_of)
            events.append(
                (Action.RECTIFY, S.RECTIFYING, S.RECTIFIED, "已清理", community_user, day)
            )
            day = min(day + timedelta(days=rng.randint(1, 3)), as_of)
            reason = rng.choice(SEND_BACK_REASONS)
            events.append((Action.SEND_BACK, S.RECTIFIED, S.RECTIFYING, reason, inspector, day))
            problem.sent_back = 1
        day = min(day + timedelta(days=rng.randint(1, 12)), as_of)
        events.append(
            (Action.RECTIFY, S.RECTIFYING, S.RECTIFIED, "已整改完毕", community_user, day)
        )
        problem.rectified_on, problem.rectify_note = day, "已整改完毕"
    if state == S.CLOSED:
        day = min(day + timedelta(days=rng.randint(0, 5)), as_of)
        events.append((Action.CLOSE, S.RECTIFIED, S.CLOSED, "复核通过", inspector, day))
        problem.closed_on = day
    problem.state = state
    problem.save()
    ProblemEvent.objects.bulk_create(
        ProblemEvent(problem=problem, action=a, from_state=f, to_state=t, note=n, by=by, at=_at(d))
        for a, f, t, n, by, d in events
    )


def _photos(community: object) -> None:
    """Before and after photos for the demo community officer's problems: the page that
    shows them side by side is what a demo is for."""
    import io

    from PIL import Image, ImageDraw

    from baolian.photos.services import photo_files_cleanup, photo_store

    problems = Problem.objects.filter(
        community=community, code__startswith="DEMO-P", photos__isnull=True
    )
    with photo_files_cleanup():
        for problem in problems:
            stages = ["before"] + (["after"] if problem.state in (S.RECTIFIED, S.CLOSED) else [])
            for stage in stages:
                colour = (150, 110, 80) if stage == "before" else (90, 160, 110)
                image = Image.new("RGB", (320, 240), colour)
                draw = ImageDraw.Draw(image)
                for i in range(0, 320, 40):  # a pattern per problem: distinct perceptual hashes
                    draw.rectangle(
                        [i, (problem.pk * 37 + i) % 200, i + 20, 240], fill=(240, 240, 240)
                    )
                buffer = io.BytesIO()
                image.save(buffer, "JPEG", quality=70)
                photo_store(
                    data=buffer.getvalue(),
                    name=f"{problem.code}-{stage}.jpg",
                    problem=problem,
                    stage=stage,
                )


def reset() -> None:
    from baolian.photos.models import Photo

    Photo.objects.filter(problem__code__startswith="DEMO-P").delete()
    Problem.objects.filter(code__startswith="DEMO-P").delete()
