"""Each evidence flag on hand-built visits: raised with a readable reason, and only then."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from baolian.demo import pictures
from baolian.roster.models import CampaignSettings
from baolian.support.models import SupportMeasure
from baolian.visits import services
from baolian.visits.models import FlagKind, FlagReview
from tests.factories_visits import VisitFactory
from tests.visits.conftest import photo

DAY = date(2021, 5, 10)


def kinds(visit) -> set[str]:
    return set(visit.flags.values_list("kind", flat=True))


def flag(visit, kind):
    return visit.flags.get(kind=kind)


def test_a_photo_used_before_names_the_other_visit_its_unit_and_date(report, located):
    picture = photo("scene")
    first, _ = report(photos=[picture])
    second, _ = report(photos=[picture], visited_on=date(2021, 5, 20))
    assert FlagKind.REUSED_PHOTO not in kinds(first)
    reused = flag(second, FlagKind.REUSED_PHOTO)
    assert reused.other_visit == first
    assert "市卫生健康局" in reused.reason and "2021年5月10日" in reused.reason


def test_a_recompressed_copy_of_a_photo_counts_as_reused(report, located):
    picture = photo("scene")
    first, _ = report(photos=[picture])
    second, _ = report(photos=[pictures.recompressed(picture)], visited_on=date(2021, 5, 21))
    assert flag(second, FlagKind.REUSED_PHOTO).other_visit == first


def test_different_photos_are_not_reused(report, located):
    report(photos=[photo("one")])
    second, _ = report(photos=[photo("two")], visited_on=date(2021, 5, 21))
    assert FlagKind.REUSED_PHOTO not in kinds(second)


def test_a_photo_taken_on_another_day(report, located):
    visit, _ = report(photos=[photo(day=date(2021, 5, 1))])
    reason = flag(visit, FlagKind.OTHER_DAY).reason
    assert "2021年5月1日" in reason and "2021年5月10日" in reason
    same_day, _ = report(photos=[photo("b")], visited_on=DAY)
    assert FlagKind.OTHER_DAY not in kinds(same_day)


def test_a_photo_taken_far_from_the_community(report, located):
    # 0.05° of latitude is about 5.6 km
    far = photo(latitude=Decimal("23.711200"), longitude=Decimal("116.640100"))
    visit, _ = report(photos=[far])
    assert "5.6 km" in flag(visit, FlagKind.FAR_AWAY).reason
    near, _ = report(photos=[photo("near", latitude=Decimal("23.663000"))])
    assert FlagKind.FAR_AWAY not in kinds(near)  # 200 m: inside the 1 km radius


def test_the_radius_is_the_campaign_setting(report, located):
    campaign = CampaignSettings.load()
    campaign.far_radius_m = 100
    campaign.save()
    visit, _ = report(photos=[photo(latitude=Decimal("23.663000"))])
    assert FlagKind.FAR_AWAY in kinds(visit)


def test_a_phone_far_from_the_community_when_sending(report, located):
    location = services.Location(Decimal("23.800000"), Decimal("116.640100"), 20)
    visit, _ = report(location=location)
    assert "15.4 km" in flag(visit, FlagKind.FAR_AWAY).reason


def test_no_distance_flag_without_a_community_location(report, city):
    visit, _ = report(photos=[photo(latitude=Decimal("30.0"), longitude=Decimal("120.0"))])
    assert FlagKind.FAR_AWAY not in kinds(visit)


def test_photos_without_metadata_are_a_weak_signal(report, located):
    bare = pictures.jpeg("bare", exif=False)
    visit, _ = report(photos=[bare])
    assert FlagKind.NO_METADATA in kinds(visit)
    with_exif, _ = report(photos=[photo("x")])
    assert FlagKind.NO_METADATA not in kinds(with_exif)


def test_a_photo_only_visit(report, located):
    visit, _ = report(summary="拍照", findings="")
    assert FlagKind.PHOTO_ONLY in kinds(visit)
    described, _ = report(summary="拍照", findings="垃圾桶破损两处")
    assert FlagKind.PHOTO_ONLY not in kinds(described)


def test_a_thin_visit_without_photos_is_not_photo_only(city, located):
    # 走过场、拍照片 is photos and nothing else; a short imported record with no photo is not.
    visit = VisitFactory(
        unit=city.unit_a, community=city.c11, visited_on=DAY, summary="检查", findings=""
    )
    services.visit_flags_refresh(visit=visit)
    assert FlagKind.PHOTO_ONLY not in kinds(visit)


def test_a_support_measure_that_day_is_substance(report, located, city):
    SupportMeasure.objects.create(
        unit=city.unit_a,
        community=city.c11,
        given_on=DAY,
        category="materials",
        content="垃圾桶20个",
        state="done",
    )
    visit, _ = report(summary="捐赠", findings="")
    assert FlagKind.PHOTO_ONLY not in kinds(visit)


def test_the_photo_only_length_is_the_campaign_setting(report, located):
    campaign = CampaignSettings.load()
    campaign.photo_only_below_chars = 100
    campaign.save()
    visit, _ = report(findings="")
    assert FlagKind.PHOTO_ONLY in kinds(visit)


@pytest.mark.parametrize(("days", "flagged"), [(3, False), (4, True)])
def test_late_is_more_than_the_allowed_days(report, located, days, flagged):
    reported = timezone.make_aware(datetime(2021, 5, 10 + days, 23, 0))
    visit, _ = report(reported_at=reported)
    assert (FlagKind.LATE in kinds(visit)) is flagged


@pytest.mark.parametrize(("waited", "flagged"), [(7, False), (8, True)])
def test_not_confirmed_within_the_allowed_days(report, located, waited, flagged):
    visit, _ = report()
    services.visit_flags_refresh(visit=visit, today=DAY + timedelta(days=waited))
    assert (FlagKind.UNCONFIRMED in kinds(visit)) is flagged


def test_a_confirmed_visit_is_not_unconfirmed(report, located, users, city):
    city.c11.pk  # noqa: B018
    community = users["community"]
    community.community = city.c11
    community.save()
    visit, _ = report()
    services.visit_flags_refresh(visit=visit, today=DAY + timedelta(days=30))
    assert FlagKind.UNCONFIRMED in kinds(visit)
    services.visit_confirm(user=_fresh(community), visit=visit, confirmed=True)
    assert FlagKind.UNCONFIRMED not in kinds(visit)


def test_a_disputed_visit_is_flagged_with_the_reason(report, located, users, city):
    community = users["community"]
    community.community = city.c11
    community.save()
    visit, _ = report()
    services.visit_confirm(
        user=_fresh(community), visit=visit, confirmed=False, reason="当天没有人来过"
    )
    assert "当天没有人来过" in flag(visit, FlagKind.DISPUTED).reason


def test_a_dispute_needs_a_reason(report, located, users, city):
    community = users["community"]
    community.community = city.c11
    community.save()
    visit, _ = report()
    with pytest.raises(services.VisitRefused):
        services.visit_confirm(user=_fresh(community), visit=visit, confirmed=False, reason=" ")


def test_a_reviewed_flag_keeps_its_judgement_when_its_cause_goes(report, located, users, city):
    community = users["community"]
    community.community = city.c11
    community.save()
    visit, _ = report()
    services.visit_flags_refresh(visit=visit, today=DAY + timedelta(days=30))
    unconfirmed = flag(visit, FlagKind.UNCONFIRMED)
    services.flag_review(
        user=users["inspector"], flag=unconfirmed, review=FlagReview.ACCEPTED, comment="已电话核实"
    )
    services.visit_confirm(user=_fresh(community), visit=visit, confirmed=True)
    kept = flag(visit, FlagKind.UNCONFIRMED)
    assert kept.review == FlagReview.ACCEPTED
    assert kept.review_comment == "已电话核实"
    assert kept.reviewed_by == users["inspector"]


def test_only_inspectors_and_the_office_review_flags(report, located, users):
    visit, _ = report(summary="拍照", findings="")
    photo_only = flag(visit, FlagKind.PHOTO_ONLY)
    with pytest.raises(services.VisitRefused):
        services.flag_review(user=users["liaison"], flag=photo_only, review=FlagReview.ACCEPTED)
    with pytest.raises(services.VisitRefused):  # a problem needs its comment
        services.flag_review(user=users["admin"], flag=photo_only, review=FlagReview.PROBLEM)
    services.flag_review(
        user=users["admin"], flag=photo_only, review=FlagReview.PROBLEM, comment="走过场"
    )
    assert flag(visit, FlagKind.PHOTO_ONLY).review == FlagReview.PROBLEM


def _fresh(user):
    """The user as a new request sees them (the scope is computed once per user object)."""
    return type(user).objects.get(pk=user.pk)
