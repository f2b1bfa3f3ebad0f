"""The dashboard: each role sees its own scope; every figure links to its list; fresh after
a write."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baolian.accounts.scoping import scope_of
from baolian.dashboard import selectors
from baolian.dashboard.cache import figures_changed
from baolian.dashboard.selectors import Period
from baolian.problems.models import Problem, ProblemState
from baolian.visits import months
from baolian.visits.models import FlagReview, Visit, VisitFlag
from tests.factories_dashboard import make_visit

PERIOD = "from=2021-05-01&to=2021-06-30"


def data_as(user) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(f"/dashboard/data.json?{PERIOD}")
    assert response.status_code == 200
    return response.json()


def headline(data: dict, label_start: str) -> object:
    return next(h for h in data["headline"] if h["link"].startswith(label_start))


@pytest.mark.parametrize(
    ("role", "units", "visits", "streets"),
    [
        ("admin", ["市卫生健康局", "市税务局", "市档案馆"], 8, ["东城街道", "西湖镇"]),
        ("inspector", ["市卫生健康局", "市税务局", "市档案馆"], 8, ["东城街道", "西湖镇"]),
        ("leader", ["市档案馆"], 3, ["西湖镇"]),
        ("liaison", ["市卫生健康局"], 3, ["东城街道"]),
        ("street", ["市档案馆"], 3, ["西湖镇"]),
        ("community", ["市税务局"], 2, ["东城街道"]),
    ],
)
def test_each_role_sees_only_its_scope(june, users, role, units, visits, streets):
    data = data_as(users[role])
    assert data["charts"]["unit_average"]["units"] == units
    assert data["headline"][0]["value"] == visits
    assert [s["name"] for s in data["charts"]["visits_by_street"]["series"]] == streets
    funds = data["charts"]["funds"]["units"]
    assert set(funds) <= set(units)


def test_charts_carry_the_monthly_figures_and_the_lists_behind_them(june, users):
    data = data_as(users["admin"])
    by_street = data["charts"]["visits_by_street"]
    assert by_street["months"] == ["2021-05", "2021-06"]
    east = by_street["series"][0]
    assert east["data"] == [0, 5]
    assert east["links"][1] == (f"/visits/?from=2021-06-01&to=2021-06-30&street={june.street1.pk}")
    average = data["charts"]["unit_average"]
    # two judged months: A 3/2, B 2/2, C 3/2
    assert average["values"] == [1.5, 1.0, 1.5]
    assert average["quota"] == 3.0 and average["low_line"] == 1.0
    assert average["links"][0] == f"/visits/?{PERIOD}&unit={june.unit_a.pk}"
    assert data["charts"]["lag"]["late"] == [0, 1]
    assert data["charts"]["flags"]["values"] == [1]
    assert data["charts"]["flags"]["links"] == [f"/visits/?{PERIOD}&flag=reused_photo"]
    problems = data["charts"]["problems"]
    assert problems["found"] == [0, 2] and problems["closed"] == [0, 1]
    assert problems["closure_rate"] == [None, 50.0]
    assert data["charts"]["funds"]["invested"] == [2.0, 0.5]
    assert all(
        h["link"].startswith(("/visits/?", "/problems/?", "/support/?", "/rankings/?"))
        for h in data["headline"]
    )


def test_the_page_draws_from_json_script_and_has_no_inline_code(june, users):
    client = Client()
    client.force_login(users["leader"])
    page = client.get(f"/dashboard/?{PERIOD}").content.decode()
    assert '<script id="dashboard-data" type="application/json">' in page
    assert "vendor/echarts/echarts.min.js" in page
    scripts = [chunk.split(">", 1)[0] for chunk in page.split("<script")[1:]]
    assert all("src=" in s or "application/json" in s for s in scripts)
    assert 'style="' not in page
    assert 'href="/visits/?from=2021-05-01&amp;to=2021-06-30"' in page


def test_a_bad_date_is_said_and_the_page_still_answers(users):
    client = Client()
    client.force_login(users["admin"])
    response = client.get("/dashboard/?from=2021-13-01&to=2021-06-30")
    assert response.status_code == 200
    assert "2021-13-01" in response.content.decode()


def test_a_new_visit_shows_on_the_next_read(june, users):
    assert data_as(users["admin"])["headline"][0]["value"] == 8
    make_visit(june.unit_c, june.c21, date(2021, 6, 9))  # no service call, no version bump
    assert data_as(users["admin"])["headline"][0]["value"] == 9


def test_figures_changed_makes_the_next_read_fresh(june, users, monkeypatch):
    period = Period(date(2021, 5, 1), date(2021, 6, 30))
    scope = scope_of(users["admin"])
    selectors.dashboard_data(scope=scope, period=period)
    calls = []
    original = selectors._dashboard_data
    monkeypatch.setattr(
        selectors, "_dashboard_data", lambda s, p: calls.append(1) or original(s, p)
    )
    selectors.dashboard_data(scope=scope, period=period)
    assert calls == []  # served from the cache
    figures_changed()
    selectors.dashboard_data(scope=scope, period=period)
    assert calls == [1]


def test_an_edited_visit_shows_on_the_next_read(june, users):
    assert data_as(users["admin"])["headline"][0]["value"] == 8
    visit = Visit.objects.get(unit=june.unit_c, visited_on=date(2021, 5, 5))
    visit.visited_on = date(2021, 7, 5)  # moved out of the period
    visit.save()
    assert data_as(users["admin"])["headline"][0]["value"] == 7


def test_a_bulk_import_shows_on_the_next_read(june, users):
    assert data_as(users["admin"])["headline"][0]["value"] == 8
    template = Visit.objects.filter(unit=june.unit_c).first()
    Visit.objects.bulk_create(  # no signal: the highest id moves
        [
            Visit(
                unit=template.unit,
                community=template.community,
                visited_on=date(2021, 6, day),
                reported_at=template.reported_at,
            )
            for day in (1, 2)
        ]
    )
    # A bulk writer recounts the months it wrote; that moves no counter either.
    months.refresh(
        {(template.unit_id, template.community_id, months.month_index(date(2021, 6, 1)))}
    )
    assert data_as(users["admin"])["headline"][0]["value"] == 10


def test_communities_with_a_location_are_on_the_map_coloured_by_state(june, users):
    june.c11.latitude, june.c11.longitude = 23.66, 116.63
    june.c11.save()
    june.c21.latitude, june.c21.longitude = 23.70, 116.60
    june.c21.save()
    points = {p["name"]: p for p in data_as(users["admin"])["map"]["points"]}
    assert set(points) == {"桥东社区", "下津村"}
    assert points["桥东社区"]["state"] == "ok"
    assert points["下津村"]["state"] == "ok"  # visited in May, inside the period


def test_the_monthly_charts_are_fresh_after_a_problem_is_closed_or_a_flag_accepted(june, users):
    client = Client()
    client.force_login(users["admin"])
    page = client.get(f"/dashboard/?{PERIOD}").content.decode()
    data = data_as(users["admin"])
    assert data["charts"]["problems"]["closed"] == [0, 1]
    assert data["charts"]["flags"]["values"] == [1]
    problem = Problem.objects.get(found_on=date(2021, 6, 5))
    problem.state, problem.closed_on = ProblemState.CLOSED, date(2021, 6, 28)
    problem.save()
    flag = VisitFlag.objects.get()
    flag.review = FlagReview.ACCEPTED
    flag.save()
    data = data_as(users["admin"])
    assert data["charts"]["problems"]["closed"] == [0, 2]
    assert data["charts"]["problems"]["closure_rate"] == [None, 100.0]
    assert data["charts"]["flags"]["values"] == []
    # The page itself (its body is cached apart) draws the new figures too.
    fresh = client.get(f"/dashboard/?{PERIOD}").content.decode()
    assert fresh != page
    script = fresh.split('id="dashboard-data"', 1)[1]
    assert '"closed": [0, 2]' in script and '"closure_rate": [null, 100.0]' in script


def test_a_cold_dashboard_takes_as_many_queries_for_a_year_as_for_two_months(june, users):
    scope = scope_of(users["admin"])

    def queries(start: date) -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.build_page(scope=scope, period=Period(start, date(2021, 6, 30)))
        return len(ctx)

    two_months, a_year = queries(date(2021, 5, 1)), queries(date(2020, 7, 1))
    assert two_months == a_year < 25
