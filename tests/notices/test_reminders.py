"""`baolian remind` tells the right people, once: problems, measures, unconfirmed visits."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from baolian.accounts.models import Role
from baolian.notices.models import Notice, NoticeKind
from baolian.notices.reminders import measure_messages, problem_messages, unconfirmed_messages
from baolian.notices.services import notice_send
from baolian.problems.models import ProblemState
from baolian.support.models import MeasureState
from baolian.visits.models import Confirmation
from tests.factories import UserFactory
from tests.factories_dashboard import make_measure, make_problem, make_visit

TODAY = date(2021, 6, 20)


def send_all(messages) -> int:
    return sum(len(notice_send(message=m).notices) for m in messages)


def recipients(kind: str) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def people(city, users):
    extra = {
        "c11": UserFactory(username="c11", role=Role.COMMUNITY, community=city.c11),
        "s1": UserFactory(username="s1", role=Role.STREET, street=city.street1),
        "liaison_b": UserFactory(
            username="liaison_b", role=Role.LIAISON, unit=city.unit_b, email="b@example.org"
        ),
    }
    return {**users, **extra}


def test_problem_near_its_deadline_tells_community_street_and_supporting_unit(city, people):
    make_problem(
        city.c12, found_on=date(2021, 6, 1), deadline=date(2021, 6, 22), supporting_unit=city.unit_b
    )
    make_problem(city.c11, found_on=date(2021, 6, 1), deadline=date(2021, 7, 30))  # far off
    make_problem(
        city.c21,
        found_on=date(2021, 5, 1),
        deadline=date(2021, 6, 1),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 5, 30),
    )
    assert send_all(problem_messages(TODAY)) == 3
    # c12 is the community user's; street1 holds c12; unit_b supports it
    assert recipients(NoticeKind.PROBLEM_DUE) == {"community", "s1", "liaison_b"}
    assert not Notice.objects.filter(kind=NoticeKind.PROBLEM_OVERDUE).exists()
    assert "2021年6月22日" in Notice.objects.filter(kind=NoticeKind.PROBLEM_DUE).first().body


def test_an_overdue_problem_is_told_once_and_again_only_when_its_deadline_moves(city, people):
    problem = make_problem(city.c11, found_on=date(2021, 5, 1), deadline=date(2021, 6, 10))
    assert send_all(problem_messages(TODAY)) == 2  # c11's officer and street1's
    assert send_all(problem_messages(TODAY)) == 0
    assert send_all(problem_messages(date(2021, 6, 25))) == 0  # same deadline, same thing
    assert recipients(NoticeKind.PROBLEM_OVERDUE) == {"c11", "s1"}
    problem.deadline = date(2021, 6, 18)  # extended, and missed again
    problem.save()
    assert send_all(problem_messages(TODAY)) == 2


def test_unconfirmed_visits_are_told_to_the_community_officer(city, people):
    make_visit(city.unit_b, city.c12, date(2021, 6, 3), confirmation=Confirmation.PENDING)
    make_visit(city.unit_b, city.c12, date(2021, 6, 5), confirmation=Confirmation.CONFIRMED)
    make_visit(city.unit_a, city.c11, date(2021, 6, 5), confirmation=Confirmation.PENDING)
    assert send_all(unconfirmed_messages(TODAY)) == 2
    assert recipients(NoticeKind.UNCONFIRMED) == {"community", "c11"}
    notice = Notice.objects.get(recipient__username="community")
    assert "1" in notice.subject and "市税务局" in notice.body
    assert send_all(unconfirmed_messages(TODAY)) == 0
    # a new visit to confirm is a new thing to tell
    make_visit(city.unit_b, city.c12, date(2021, 6, 9), confirmation=Confirmation.PENDING)
    assert send_all(unconfirmed_messages(TODAY)) == 1


def test_a_planned_measure_idle_too_long_is_told_to_its_units_liaison_by_email(city, people):
    make_measure(
        city.unit_b, city.c12, given_on=date(2021, 4, 1), state=MeasureState.PLANNED, content="修路"
    )
    make_measure(  # moved recently
        city.unit_a,
        city.c11,
        given_on=date(2021, 4, 1),
        state=MeasureState.PLANNED,
        progressed_on=date(2021, 6, 1),
    )
    make_measure(city.unit_a, city.c11, given_on=date(2021, 4, 1), state=MeasureState.DONE)
    assert send_all(measure_messages(TODAY)) == 1
    assert recipients(NoticeKind.MEASURE_IDLE) == {"liaison_b"}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["b@example.org"] and "修路" in mail.outbox[0].subject
    assert Notice.objects.get().emailed_at is not None
    assert send_all(measure_messages(TODAY)) == 0
    assert len(mail.outbox) == 1


def test_a_message_nobody_can_receive_is_not_an_error(city, users):
    make_visit(city.unit_c, city.c21, date(2021, 6, 3), confirmation=Confirmation.PENDING)
    assert send_all(unconfirmed_messages(TODAY)) == 0  # c21 has no officer account


def test_a_notice_another_run_has_claimed_is_not_sent_again(city, people):
    """Two crons at once: both insert (one insert is a no-op), only the first claim sends."""
    from django.utils import timezone

    make_measure(
        city.unit_b, city.c12, given_on=date(2021, 4, 1), state=MeasureState.PLANNED, content="修路"
    )
    (message,) = list(measure_messages(TODAY))
    # The other run got there first: its row exists and is claimed, its e-mail on the way.
    Notice.objects.create(
        recipient=people["liaison_b"],
        kind=message.kind,
        subject=message.subject,
        body=message.body,
        dedupe_key=message.dedupe_key,
        sent_at=timezone.now(),
    )
    assert notice_send(message=message).notices == []
    assert mail.outbox == []
    assert Notice.objects.count() == 1
