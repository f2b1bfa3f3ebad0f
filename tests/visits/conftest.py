"""Visits built through the public service, with drawn photos carrying real EXIF."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from baolian.demo import pictures
from baolian.visits import services
from baolian.visits.models import VisitKind

# Where the `city` fixture's 桥东社区 (street 1) is put for distance checks.
C11_LOCATION = (Decimal("23.661200"), Decimal("116.640100"))
LONG_SUMMARY = "检查背街小巷卫生，督促清理卫生死角三处，发放宣传资料一百份"


def taken(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30)


def photo(seed: object = "a", *, day: date = date(2021, 5, 10), **kwargs: object) -> bytes:
    """A photo taken on `day` at 桥东社区 unless said otherwise."""
    kwargs.setdefault("latitude", C11_LOCATION[0])
    kwargs.setdefault("longitude", C11_LOCATION[1])
    return pictures.jpeg(seed, taken_at=taken(day), **kwargs)


@pytest.fixture
def located(city):
    city.c11.latitude, city.c11.longitude = C11_LOCATION
    city.c11.save()
    return city


@pytest.fixture
def report(city, users):
    """report(user="liaison", **fields) → (visit, created) through `services.visit_report`."""

    def send(user: object = "liaison", **fields: object):
        if isinstance(user, str):
            user = users[user]
        day = fields.pop("visited_on", date(2021, 5, 10))
        photos = fields.pop("photos", None)
        if photos is None:
            photos = [photo(day=day)]
        uploads = [
            p if isinstance(p, services.PhotoUpload) else services.PhotoUpload(f"p{i}.jpg", p)
            for i, p in enumerate(photos)
        ]
        values = {
            "user": user,
            "client_id": fields.pop("client_id", uuid.uuid4()),
            "unit": city.unit_a,
            "community": city.c11,
            "visited_on": day,
            "kinds": [VisitKind.INSPECTION],
            "summary": LONG_SUMMARY,
            "findings": "垃圾清运不及时",
            "photos": uploads,
            "reported_at": timezone.make_aware(datetime(day.year, day.month, day.day, 18)),
        }
        values.update(fields)
        return services.visit_report(**values)

    return send


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
