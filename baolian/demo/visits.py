"""Demo visits: three months of outings with drawn photos, so every evidence check shows
something — reused photos, off-site photos, late reports, disputes, photo-only visits.

Stable codes (DEMO-V0001 …): building the same seed twice adds nothing.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from baolian.accounts.models import User
from baolian.demo import pictures
from baolian.photos.models import Photo
from baolian.photos.services import photo_files_cleanup, photo_store
from baolian.roster.models import Pairing
from baolian.visits import months
from baolian.visits.models import Confirmation, Visit, VisitFlag, VisitKind
from baolian.visits.services import visit_flags_refresh

# April to June 2021: the period of the reference bulletin ("截至6月底").
MONTHS = ((2021, 4), (2021, 5), (2021, 6))
PHOTO_SIZE = (256, 192)  # small: the demo builds in seconds; the checks do not need pixels
# Per unit and month, as the bulletin found: a few units go three times or more, most about
# once, many less ("平均每月低于1次").
EFFORT = ((0.12, (3, 4)), (0.4, (1, 1, 2)), (0.48, (0, 0, 1)))
NAMESPACE = uuid.UUID("6a1d3c1e-0f55-4d7b-8a9e-1b2c3d4e5f60")

SUMMARIES = (
    "开展背街小巷环境卫生整治，清理卫生死角{n}处，清运垃圾约{m}吨",
    "入户发放健康教育宣传资料{n}份，张贴创卫公益广告{m}张",
    "检查农贸市场“三防”设施和病媒生物防制情况，督促商户落实门前三包",
    "与社区召开创卫工作会商会，梳理问题清单{n}项，明确整改时限",
    "组织志愿者{n}人开展“周末大扫除”活动，清理小广告{m}处",
    "督查辖区餐饮店{n}家的卫生许可和从业人员健康证情况",
)
FINDINGS = (
    "",
    "部分楼道堆放杂物，存在消防和卫生隐患",
    "农贸市场周边垃圾清运不及时，有积水",
    "老旧小区化粪池盖板破损{n}处",
    "部分商户未落实门前三包责任",
    "",
)
THIN_SUMMARIES = ("开展活动", "到社区走访", "拍照留存")


def _mask(rng: random.Random) -> int:
    kinds = rng.sample(list(VisitKind)[:6], rng.choice((1, 1, 2, 2, 3)))
    return VisitKind.mask_of(kinds)


def _days(rng: random.Random, year: int, month: int, count: int, start: date) -> list[date]:
    first = max(date(year, month, 1), start)
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    span = (last - first).days
    if span < 0:
        return []
    return sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _offset(lat: Decimal, lon: Decimal, metres: float, rng: random.Random) -> tuple[float, float]:
    # About 111 km per degree; good enough to put a photo "over there".
    angle = rng.random() * 2 * math.pi
    return (
        float(lat) + metres * math.cos(angle) / 111_000,
        float(lon) + metres * math.sin(angle) / (111_000 * math.cos(math.radians(float(lat)))),
    )


def build(rng: random.Random) -> None:
    if Visit.objects.filter(code__startswith="DEMO-V").exists():
        return  # built already with this seed: nothing to add
    # Units without a demo login report through the office (recorded on their behalf): the
    # demo's visits were reported in the system, not imported from a ledger.
    office = User.objects.filter(username="office").first()
    liaisons = defaultdict(
        lambda: office, {u.unit_id: u for u in User.objects.filter(unit__isnull=False)}
    )
    pairings = list(
        Pairing.objects.select_related("unit", "community", "leader").order_by(
            "unit__sort_order", "id"
        )
    )
    effort = {}
    for pairing in pairings:
        if pairing.unit_id not in effort:
            roll, acc = rng.random(), 0.0
            for share, choices in EFFORT:
                acc += share
                if roll <= acc:
                    effort[pairing.unit_id] = choices
                    break
    # Tests that build the demo city many times ask for a sample of the pairings.
    scale = settings.DEMO_ACTIVITY_SCALE
    pairings = [p for p in pairings if rng.random() < scale]
    today = timezone.localdate()
    number = 0
    earlier_photos: list[bytes] = []
    with photo_files_cleanup(), months.deferred():
        for year, month in MONTHS:
            for pairing in pairings:
                share = rng.choice(effort[pairing.unit_id])
                for day in _days(rng, year, month, share, pairing.started_on):
                    number += 1
                    _visit(rng, number, pairing, day, liaisons, earlier_photos, today)


def _visit(
    rng: random.Random,
    number: int,
    pairing: Pairing,
    day: date,
    liaisons: dict[int, User],
    earlier_photos: list[bytes],
    today: date,
) -> None:
    community = pairing.community
    roll = rng.random()
    n, m = rng.randint(2, 30), rng.randint(2, 12)
    thin = roll < 0.06
    summary = rng.choice(THIN_SUMMARIES) if thin else rng.choice(SUMMARIES).format(n=n, m=m)
    findings = "" if thin else rng.choice(FINDINGS).format(n=n)
    lag = rng.choice((0, 0, 0, 1, 1, 2)) if rng.random() > 0.08 else rng.randint(4, 12)
    reported = timezone.make_aware(
        datetime.combine(day + timedelta(days=lag), time(rng.randint(9, 21), rng.randint(0, 59)))
    )
    confirm = rng.random()
    confirmation = Confirmation.CONFIRMED
    dispute = ""
    if confirm < 0.05:
        confirmation, dispute = Confirmation.DISPUTED, "当天社区未见该单位人员，活动情况与实际不符"
    elif confirm < 0.15:
        confirmation = Confirmation.PENDING
    visit = Visit.objects.create(
        client_id=uuid.uuid5(NAMESPACE, f"DEMO-V{number:04d}"),
        code=f"DEMO-V{number:04d}",
        unit=pairing.unit,
        community=community,
        visited_on=day,
        leader=pairing.leader if rng.random() < 0.3 else None,
        unit_head_led=rng.random() < 0.5,
        participants=rng.randint(3, 20),
        kinds=_mask(rng),
        summary=summary,
        findings=findings,
        reported_at=reported,
        reported_by=liaisons[pairing.unit_id],
        confirmation=confirmation,
        dispute_reason=dispute,
        confirmed_at=reported + timedelta(days=1) if confirmation != Confirmation.PENDING else None,
    )
    for index in range(2 if rng.random() < 0.1 else 1):
        _photo(rng, visit, index, earlier_photos)
    visit_flags_refresh(visit=visit, today=today)


def _photo(rng: random.Random, visit: Visit, index: int, earlier_photos: list[bytes]) -> Photo:
    community = visit.community
    roll = rng.random()
    name = f"IMG_{visit.visited_on:%Y%m%d}_{visit.pk:04d}{index}.jpg"
    if roll < 0.04 and earlier_photos:
        # The same photo sent again for another visit, as a chat app forwards it.
        data = pictures.recompressed(rng.choice(earlier_photos[-40:]), scale=0.9)
        return photo_store(data=data, name=name, visit=visit)
    taken_day = visit.visited_on
    if 0.04 <= roll < 0.08:
        taken_day -= timedelta(days=rng.randint(1, 5))
    lat = lon = None
    if community.has_location and roll < 0.85:
        distance = rng.uniform(4000, 9000) if 0.08 <= roll < 0.13 else rng.uniform(0, 400)
        lat, lon = _offset(community.latitude, community.longitude, distance, rng)
    stripped = 0.85 <= roll  # forwarded through a chat app: no EXIF left
    data = pictures.jpeg(
        f"demo-{visit.code}-{index}",
        taken_at=datetime.combine(taken_day, time(rng.randint(8, 17), rng.randint(0, 59))),
        latitude=lat,
        longitude=lon,
        size=PHOTO_SIZE,
        exif=not stripped,
        make=rng.choice(("HUAWEI", "Xiaomi", "OPPO", "vivo", "Apple")),
        model=rng.choice(("P40", "Mi 11", "Reno6", "X60", "iPhone 12")),
    )
    earlier_photos.append(data)
    return photo_store(data=data, name=name, visit=visit)


def reset() -> None:
    # Only ever called on a demo database: visits added by hand while trying it go too.
    visits = Visit.objects.all()
    photos = Photo.objects.filter(visit__in=visits)
    for photo in photos:
        for field in (photo.original, photo.display):
            if field and field.name:
                field.storage.delete(field.name)
    photos.delete()
    with months.deferred():
        VisitFlag.objects.all().delete()
        visits.delete()
