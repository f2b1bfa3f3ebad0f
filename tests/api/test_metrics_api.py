"""GET /api/v1/metrics returns what `baolian report --json` prints, for the caller's scope."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from datetime import timezone as tz

import pytest
from django.core.management import call_command

from baolian.visits.models import Visit, VisitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(city):
    for day in (5, 12, 19):
        Visit.objects.create(
            unit=city.unit_a,
            community=city.c11,
            visited_on=date(2021, 4, day),
            reported_at=datetime(2021, 4, day + 1, 2, tzinfo=tz.utc),
            kinds=VisitKind.CLEANUP,
            leader=city.leader1,
        )


def report_json(*args: str) -> dict:
    out = io.StringIO()
    call_command(
        "report", "--from", "2021-04-01", "--to", "2021-06-30", "--json", *args, stdout=out
    )
    return json.loads(out.getvalue())


def test_the_office_gets_exactly_what_report_json_prints(api_as, visits):
    response = api_as("admin").get("/metrics?from=2021-04-01&to=2021-06-30")
    assert response.status_code == 200
    assert response.json() == report_json()
    assert response.json()["visits_total"] == 3 and response.json()["activities_total"] == 3


def test_a_liaison_gets_the_figures_of_its_own_part(api_as, users, visits):
    mine = api_as("liaison").get("/metrics?from=2021-04-01&to=2021-06-30").json()
    assert mine == report_json("--as", users["liaison"].username)
    assert mine["units_total"] == 1 and mine["units_not_docked"] == []
