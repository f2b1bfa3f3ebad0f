"""Problem pages through HTTP: what each person sees and what their clicks change."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from baolian.problems.models import Problem, ProblemState
from baolian.visits.models import Visit
from tests.factories_problems import ProblemFactory, after_photo, jpeg


def client_for(client, user):
    client.force_login(user)
    return client


def test_a_community_officer_sees_their_own_problems_due_this_week_first(client, city, users):
    # today is Sunday 2021-06-20: the week ends today
    later = ProblemFactory(community=city.c12, description="公厕异味", deadline=date(2021, 7, 5))
    overdue = ProblemFactory(community=city.c12, description="沟渠污臭", deadline=date(2021, 6, 18))
    closed = ProblemFactory(
        community=city.c12,
        description="已清理死角",
        deadline=date(2021, 6, 1),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 6, 2),
    )
    today = ProblemFactory(community=city.c12, description="牛皮癣广告", deadline=date(2021, 6, 20))
    ProblemFactory(community=city.c11, description="别的社区的问题")
    page = client_for(client, users["community"]).get("/problems/").content.decode()
    assert "别的社区的问题" not in page
    positions = [page.index(p.description) for p in (overdue, today, later, closed)]
    assert positions == sorted(positions)


def test_the_list_filters_by_state_street_and_overdue(client, city, users):
    ProblemFactory(community=city.c11, description="甲问题", deadline=date(2021, 6, 1))
    ProblemFactory(community=city.c21, description="乙问题", state=ProblemState.RECTIFYING)
    c = client_for(client, users["inspector"])
    assert "乙问题" not in c.get("/problems/?overdue=on").content.decode()
    page = c.get(f"/problems/?state=rectifying&street={city.street2.pk}").content.decode()
    assert "乙问题" in page and "甲问题" not in page


def test_the_export_holds_only_what_the_person_may_see(client, city, users):
    ProblemFactory(community=city.c12, code="WT-12", description="=SUM(A1) 公厕")
    ProblemFactory(community=city.c11, code="WT-11")
    response = client_for(client, users["community"]).get("/problems/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["WT-12"]
    assert rows[1][4] == "=SUM(A1) 公厕"


def test_a_community_officer_marks_rectified_with_a_photo_and_an_inspector_closes(
    client, city, users
):
    problem = ProblemFactory(community=city.c12)
    c = client_for(client, users["community"])
    response = c.post(
        f"/problems/{problem.pk}/rectify/",
        {"note": "已清运垃圾", "photos": [SimpleUploadedFile("after.jpg", jpeg(3), "image/jpeg")]},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.state == ProblemState.RECTIFIED
    detail = c.get(f"/problems/{problem.pk}/").content.decode()
    photo = problem.photos.get()
    assert f"/photos/{photo.pk}/" in detail
    c.force_login(users["inspector"])
    assert c.post(f"/problems/{problem.pk}/close/", {"note": "通过"}).status_code == 302
    problem.refresh_from_db()
    assert problem.state == ProblemState.CLOSED


def test_a_refused_step_says_why_and_changes_nothing(client, city, users):
    problem = ProblemFactory(community=city.c12, state=ProblemState.RECTIFIED)
    c = client_for(client, users["inspector"])
    response = c.post(f"/problems/{problem.pk}/close/", {"note": ""}, follow=True)
    assert "整改后照片" in response.content.decode() or "photos after" in response.content.decode()
    problem.refresh_from_db()
    assert problem.state == ProblemState.RECTIFIED


def test_a_forged_verification_by_the_community_is_forbidden(client, city, users):
    problem = ProblemFactory(community=city.c12, state=ProblemState.RECTIFIED)
    after_photo(problem)
    response = client_for(client, users["community"]).post(f"/problems/{problem.pk}/close/")
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.state == ProblemState.RECTIFIED


def test_a_visits_findings_prefill_a_new_problem(client, city, users):
    visit = Visit.objects.create(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2021, 6, 15),
        findings="桥东3巷垃圾乱堆放",
        reported_at=datetime(2021, 6, 15, 8, tzinfo=timezone.utc),
    )
    c = client_for(client, users["liaison"])
    page = c.get(f"/problems/new/?visit={visit.pk}").content.decode()
    assert "桥东3巷垃圾乱堆放" in page
    response = c.post(
        f"/problems/new/?visit={visit.pk}",
        {
            "community": city.c11.pk,
            "description": "桥东3巷垃圾乱堆放",
            "found_on": "2021-06-15",
            "deadline": "2021-06-30",
        },
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.source_visit, problem.found_by_unit) == (visit, city.unit_a)
    # Someone else's visit is not found at all.
    assert (
        client_for(client, users["community"]).get(f"/problems/new/?visit={visit.pk}").status_code
        == 404
    )


def test_a_new_problem_with_a_deadline_before_it_was_found_is_refused(client, city, users):
    response = client_for(client, users["community"]).post(
        "/problems/new/",
        {
            "community": city.c12.pk,
            "description": "沟渠污臭",
            "found_on": "2021-06-10",
            "deadline": "2021-06-01",
        },
    )
    assert response.status_code == 400
    assert not Problem.objects.exists()


def test_the_figures_page_shows_rates_per_street(client, city, users):
    ProblemFactory(
        community=city.c11,
        found_on=date(2021, 6, 1),
        state=ProblemState.CLOSED,
        closed_on=date(2021, 6, 5),
    )
    ProblemFactory(community=city.c11, found_on=date(2021, 6, 2))
    page = (
        client_for(client, users["admin"])
        .get("/problems/stats/?from=2021-06-01&to=2021-06-30")
        .content.decode()
    )
    assert "50%" in page


def test_a_listed_row_says_state_lateness_extensions_and_rework_in_chinese(client, city, users):
    import time_machine

    with time_machine.travel("2021-07-05 10:00 +0800", tick=False):
        late = ProblemFactory(
            community=city.c11,
            description="<i>垃圾</i>" + "乱堆放" * 30,
            deadline=date(2021, 7, 1),
            extensions=2,
            sent_back=1,
        )
        ProblemFactory(community=city.c12, description="本周到期", deadline=date(2021, 7, 9))
        ProblemFactory(
            community=city.c12,
            description="已销号",
            deadline=date(2021, 6, 1),
            state=ProblemState.CLOSED,
        )
        page = client_for(client, users["admin"]).get("/problems/").content.decode()
    cells = [r.split("</tr>", 1)[0] for r in page.split("<tr>")[2:]]
    rows = {r.split("</a>", 1)[0].rsplit(">", 1)[1]: r for r in cells}
    late_row = next(r for text, r in rows.items() if text.startswith("&lt;i&gt;垃圾"))
    assert "<i>" not in late_row  # escaped
    assert 0 < late_row.count("乱堆放") < 30  # cut at 60 characters
    assert f'href="/problems/{late.pk}/"' in late_row
    assert "2021年7月1日" in late_row and city.c11.street.name in late_row
    assert "逾期" in late_row and "延期2次" in late_row and "退回1次" in late_row
    assert "本周到期" in rows and 'class="badge due"' in rows["本周到期"]
    assert 'class="badge overdue"' not in rows["已销号"]
