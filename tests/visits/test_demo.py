"""The demo city's visits: every evidence check shows something, and a rebuild adds nothing."""

from __future__ import annotations

from baolian.demo.city import demo_city_build
from baolian.photos.models import Photo
from baolian.visits.models import FlagKind, Visit, VisitFlag


def test_the_demo_has_visits_with_photos_and_every_kind_of_flag(db, settings):
    settings.DEMO_ACTIVITY_SCALE = 1
    demo_city_build(seed=2021)
    visits = Visit.objects.count()
    assert visits > 300
    assert Photo.objects.filter(visit__isnull=False).count() >= visits
    assert set(VisitFlag.objects.values_list("kind", flat=True)) == set(FlagKind.values)
    demo_city_build(seed=2021)  # the same seed again adds nothing
    assert Visit.objects.count() == visits
