"""The home page shows a liaison's and a community officer's own month."""

from __future__ import annotations

from datetime import date

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baolian.accounts.scoping import scope_of
from baolian.dashboard.selectors import my_month
from baolian.problems.models import ProblemState
from baolian.visits.models import Confirmation
from tests.factories_dashboard import make_problem, make_visit


def home(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


@time_machine.travel("2021-06-20 10:00 +0800", tick=False)
def test_a_liaison_sees_visits_against_the_quota_and_what_is_left(city, users):
    make_visit(city.unit_a, city.c11, date(2021, 6, 3))
    make_visit(city.unit_a, city.c11, date(2021, 6, 9), confirmation=Confirmation.PENDING)
    make_visit(city.unit_b, city.c12, date(2021, 6, 9))  # another unit's
    month = my_month(scope=scope_of(users["liaison"]))
    assert (month.visits, month.required, month.needed, month.days_left) == (2, "3", 1, 10)
    assert month.unconfirmed == 1
    page = home(users["liaison"])
    assert 'class="my-month"' in page and "市卫生健康局" in page
    assert f"/visits/?from=2021-06-01&amp;to=2021-06-30&amp;unit={city.unit_a.pk}" in page


@time_machine.travel("2021-06-20 10:00 +0800", tick=False)
def test_a_community_officer_sees_visits_to_confirm_and_problems_due(city, users):
    make_visit(city.unit_b, city.c12, date(2021, 6, 9), confirmation=Confirmation.PENDING)
    make_problem(city.c12, found_on=date(2021, 6, 1), deadline=date(2021, 6, 10))
    make_problem(city.c12, found_on=date(2021, 6, 1), deadline=date(2021, 6, 25))
    make_problem(
        city.c12,
        found_on=date(2021, 6, 1),
        deadline=date(2021, 6, 5),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 6, 4),
    )
    make_problem(city.c11, found_on=date(2021, 6, 1), deadline=date(2021, 6, 10))  # not theirs
    month = my_month(scope=scope_of(users["community"]))
    assert (month.visits, month.unconfirmed) == (1, 1)
    assert (month.problems_overdue, month.problems_due) == (1, 1)
    assert "新桥社区" in home(users["community"])


def test_other_roles_have_no_month_panel(city, users):
    for role in ("admin", "inspector", "leader", "street"):
        assert 'class="my-month"' not in home(users[role])


def test_the_month_panel_is_fresh_after_a_write(city, users):
    """The panel is cached between writes: a confirmation changes its count at once."""
    today = date(2021, 6, 15)
    scope = scope_of(users["community"])
    visit = make_visit(city.unit_b, city.c12, today, confirmation=Confirmation.PENDING)
    before = my_month(scope=scope, today=today)
    assert before is not None and before.unconfirmed == 1
    with CaptureQueriesContext(connection) as queries:
        again = my_month(scope=scope, today=today)
    assert again == before and len(queries) == 1  # the cache's fingerprint, nothing else
    visit.confirmation = Confirmation.CONFIRMED
    visit.save()
    after = my_month(scope=scope, today=today)
    assert after is not None and after.unconfirmed == 0
