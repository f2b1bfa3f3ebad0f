"""Factories for problems and support measures, and photo bytes to upload."""

from __future__ import annotations

import io
import random
from datetime import date
from decimal import Decimal

import factory

from baolian.problems.models import Problem, ProblemState
from baolian.support.models import Category, MeasureState, SupportMeasure
from tests.factories import CommunityFactory, UnitFactory


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    community = factory.SubFactory(CommunityFactory)
    description = factory.Sequence(lambda n: f"卫生死角第{n}处")
    found_on = date(2021, 6, 1)
    deadline = date(2021, 6, 30)
    original_deadline = factory.LazyAttribute(lambda o: o.deadline)
    state = ProblemState.OPEN


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportMeasure

    unit = factory.SubFactory(UnitFactory)
    community = factory.SubFactory(CommunityFactory)
    given_on = date(2021, 6, 1)
    category = Category.FUNDS
    content = factory.Sequence(lambda n: f"帮扶资金第{n}笔")
    amount_yuan = Decimal("10000.00")
    state = MeasureState.DONE


def jpeg(seed: int = 0, size: tuple[int, int] = (64, 48)) -> bytes:
    """A real JPEG whose content differs with `seed` (distinct perceptual hashes)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(size[0] * size[1])
        ]
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def after_photo(problem: Problem, seed: int = 0) -> None:
    """Attach an after photo the way the photos module stores one."""
    from baolian.photos.services import photo_store

    photo_store(data=jpeg(seed), name=f"after{seed}.jpg", problem=problem, stage="after")
