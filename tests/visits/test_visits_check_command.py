"""`baolian visits_check`: a visit waiting too long for its community gets its flag."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.core.management import call_command

from baolian.visits.models import FlagKind
from tests.factories_visits import VisitFactory


def test_a_visit_left_unconfirmed_is_flagged_by_the_daily_check(city, users):
    visit = VisitFactory(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2021, 5, 10),
        reported_by=users["liaison"],
    )
    with time_machine.travel(date(2021, 5, 15)):
        call_command("visits_check", stdout=io.StringIO())
    assert not visit.flags.filter(kind=FlagKind.UNCONFIRMED).exists()
    with time_machine.travel(date(2021, 5, 30)):
        call_command("visits_check", stdout=io.StringIO())
    assert visit.flags.filter(kind=FlagKind.UNCONFIRMED).exists()


def test_a_visit_imported_from_the_ledger_is_not_flagged_unconfirmed(city):
    # No reporter: it came in by import, long after the fact; the community is not asked.
    visit = VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 5, 10))
    assert visit.reported_by is None
    with time_machine.travel(date(2021, 7, 30)):
        call_command("visits_check", stdout=io.StringIO())
    assert not visit.flags.filter(kind=FlagKind.UNCONFIRMED).exists()


def test_recount_mends_the_months_after_the_database_was_edited_directly(city):
    from baolian.oversight.metrics import period_metrics
    from baolian.visits.models import Visit

    VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 5, 10))
    may = {"start": date(2021, 5, 1), "end": date(2021, 5, 31)}
    assert period_metrics(**may).visits_total == 1
    Visit.objects.update(visited_on=date(2021, 6, 10))  # by hand: no signal, nothing recounted
    assert period_metrics(**may).visits_total == 1
    out = io.StringIO()
    call_command("visits_check", "--recount", stdout=out)
    assert "按月统计" in out.getvalue()
    assert period_metrics(**may).visits_total == 0
    assert period_metrics(start=date(2021, 6, 1), end=date(2021, 6, 30)).visits_total == 1
