"""Photo files: only through a scoping check, for whoever may see what the photo is on."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tests.authz.matrix import NOT_FOUND, Case, only


def setup(world) -> None:
    from baolian.visits.models import Visit
    from tests.factories_photos import stored_photo

    # Unit C at 下津村 (street 2, leader 2): the leader's and the street officer's world.
    visit = Visit.objects.create(
        unit=world.city.unit_c,
        community=world.city.c21,
        visited_on=date(2026, 11, 2),
        reported_at=timezone.now(),
    )
    world.extra["photo_on_c21"] = stored_photo(101, visit=visit)


SEES_C21 = only({"admin", "inspector", "leader", "street"}, other=NOT_FOUND)

CASES = {
    "photos:display": Case(lambda w: f"/photos/{w.photo_on_c21.pk}/", SEES_C21),
    "photos:original": Case(lambda w: f"/photos/{w.photo_on_c21.pk}/original/", SEES_C21),
}
