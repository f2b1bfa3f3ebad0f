"""Factories for visits and flags (tests build the rows they need)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

import factory
from django.utils import timezone

from baolian.visits.models import FlagKind, Visit, VisitFlag, VisitKind
from tests.factories import CommunityFactory, UnitFactory


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    client_id = factory.LazyFunction(uuid.uuid4)
    unit = factory.SubFactory(UnitFactory)
    community = factory.SubFactory(CommunityFactory)
    visited_on = date(2021, 5, 10)
    kinds = int(VisitKind.SURVEY | VisitKind.CLEANUP)
    summary = "检查背街小巷卫生，督促清理卫生死角三处，发放宣传资料一百份"
    findings = "农贸市场周边垃圾清运不及时"
    # Reported the same day, at noon: on time unless a test says otherwise.
    reported_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.combine(o.visited_on, time(12)))
    )


class VisitFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitFlag

    visit = factory.SubFactory(VisitFactory)
    kind = FlagKind.LATE
    reason = "上报晚了"
