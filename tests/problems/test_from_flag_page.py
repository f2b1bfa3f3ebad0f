"""From a visit's page to a problem: the link is there, the form comes filled, dates shown."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from baolian.accounts.models import Role
from baolian.problems.models import FoundBy, Problem
from baolian.visits.models import FlagReview
from tests.factories import UserFactory
from tests.factories_visits import VisitFactory, VisitFlagFactory


def confirmed_flag(city, users):
    visit = VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 6, 15))
    return VisitFlagFactory(
        visit=visit,
        review=FlagReview.PROBLEM,
        review_comment="同一张照片用于两次包联行动",
        reviewed_by=users["inspector"],
        reviewed_at=timezone.now(),
    )


def test_a_confirmed_flag_links_to_listing_it_as_a_problem(client, city, users):
    flag = confirmed_flag(city, users)
    client.force_login(users["inspector"])
    page = client.get(f"/visits/{flag.visit_id}/").content.decode()
    assert f'href="/problems/new/?flag={flag.pk}"' in page
    assert f'href="/problems/new/?visit={flag.visit_id}"' in page  # its findings, too


def test_someone_who_cannot_list_problems_there_sees_no_link(client, city, users):
    flag = confirmed_flag(city, users)
    # 李明 leads the visiting unit: he reads its visits but lists no problems
    leader = UserFactory(username="liming", role=Role.LEADER, leader=city.leader1)
    client.force_login(leader)
    response = client.get(f"/visits/{flag.visit_id}/")
    assert response.status_code == 200
    assert "/problems/new/" not in response.content.decode()


def test_the_form_from_a_flag_is_filled_and_lists_a_problem_found_by_inspectors(
    client, city, users
):
    flag = confirmed_flag(city, users)
    client.force_login(users["inspector"])
    page = client.get(f"/problems/new/?flag={flag.pk}").content.decode()
    assert "同一张照片用于两次包联行动" in page
    # the date picker shows the date it was found (ISO; the locale's 2021/06/15 shows empty)
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page
    response = client.post(
        f"/problems/new/?flag={flag.pk}",
        {
            "community": city.c11.pk,
            "description": "同一张照片用于两次包联行动",
            "found_on": f"{timezone.localdate():%Y-%m-%d}",
            "deadline": "2099-06-30",
            "supporting_unit": city.unit_a.pk,
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == f"/problems/{problem.pk}/"
    assert (problem.found_by, problem.source_flag, problem.source_visit) == (
        FoundBy.INSPECTOR,
        flag,
        flag.visit,
    )
    page = client.get(f"/visits/{flag.visit_id}/").content.decode()
    assert f'href="/problems/{problem.pk}/"' in page  # the visit shows where it went


def test_the_form_from_a_visit_shows_the_visit_date_in_the_date_picker(client, city, users):
    visit = VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 6, 15))
    client.force_login(users["inspector"])
    page = client.get(f"/problems/new/?visit={visit.pk}").content.decode()
    assert 'value="2021-06-15"' in page


def test_a_flag_outside_ones_scope_is_not_found(client, city, users):
    flag = confirmed_flag(city, users)
    client.force_login(users["community"])  # 新桥社区's officer; the flag is 桥东社区's
    assert client.get(f"/problems/new/?flag={flag.pk}").status_code == 404


def test_a_problem_from_a_visit_links_back_and_shows_the_visits_photos_as_before(
    client, city, users
):
    from baolian.photos.services import photo_store
    from baolian.problems import services
    from tests.visits.conftest import photo

    visit = VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 6, 15))
    evidence = photo_store(data=photo("before"), name="IMG_1.jpg", visit=visit)
    problem = services.problem_create_from_visit(visit=visit, by=users["inspector"])
    client.force_login(users["inspector"])
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert f'href="/visits/{visit.pk}/"' in page
    assert f'src="/photos/{evidence.pk}/"' in page
