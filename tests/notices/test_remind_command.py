"""`baolian remind`: units behind the monthly pace and their leaders are told how many visits
are still needed, once; the command is safe to run twice."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from baolian.accounts.models import Role
from baolian.notices.models import Notice, NoticeKind
from baolian.notices.reminders import units_behind_pace
from tests.factories import UserFactory
from tests.factories_dashboard import make_visit


@pytest.fixture
def people(city, users):
    # liaison (unit A) exists; one for unit C; leader user is bound to leader2 (unit C);
    # one for leader1 (units A, B).
    return {
        **users,
        "liaison_c": UserFactory(username="liaison_c", role=Role.LIAISON, unit=city.unit_c),
        "leader1": UserFactory(username="leader1", role=Role.LEADER, leader=city.leader1),
    }


def remind(day: str) -> str:
    out = StringIO()
    call_command("remind", "--date", day, stdout=out)
    return out.getvalue()


def test_a_unit_behind_a_steady_pace_is_told_how_many_visits_it_still_needs(city, people):
    # By 20 June a steady pace to 3 visits has 2 done; A has 2, B 1, C 0.
    make_visit(city.unit_a, city.c11, date(2021, 6, 2))
    make_visit(city.unit_a, city.c11, date(2021, 6, 15))
    make_visit(city.unit_b, city.c12, date(2021, 6, 8))
    behind = {p.name: p.needed for p in units_behind_pace(date(2021, 6, 20))}
    assert behind == {"市税务局": 2, "市档案馆": 3}

    remind("2021-06-20")
    pace = Notice.objects.filter(kind=NoticeKind.PACE)
    assert {(n.recipient.username, n.subject) for n in pace} == {
        ("liaison_c", pace.get(recipient__username="liaison_c").subject)
    }  # unit B has no liaison account; unit A is on pace
    assert "3" in pace.get().subject and "市档案馆" in pace.get().subject
    lag = Notice.objects.filter(kind=NoticeKind.LEADER_LAG)
    assert {n.recipient.username for n in lag} == {"leader", "leader1"}
    assert "市税务局" in lag.get(recipient__username="leader1").body
    assert "市卫生健康局" not in lag.get(recipient__username="leader1").body


def test_running_twice_tells_nobody_again(city, people):
    first = remind("2021-06-20")
    count = Notice.objects.count()
    assert count > 0 and f"{count} notices sent" in first
    second = remind("2021-06-21")
    assert "0 notices sent" in second
    assert Notice.objects.count() == count


def test_a_new_visit_that_still_leaves_the_unit_behind_is_told_afresh(city, people):
    remind("2021-06-20")
    make_visit(city.unit_c, city.c21, date(2021, 6, 21))
    remind("2021-06-22")
    subjects = sorted(
        Notice.objects.filter(kind=NoticeKind.PACE, recipient__username="liaison_c").values_list(
            "subject", flat=True
        )
    )
    assert len(subjects) == 2  # 3 needed, then 2 needed


def test_early_in_the_month_nobody_is_behind_yet(city, people):
    assert units_behind_pace(date(2021, 6, 9)) == []


def test_a_bad_date_is_refused_with_a_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("remind", "--date", "June")
