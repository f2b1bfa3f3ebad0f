"""The visit pages over HTTP: the phone form, lists with filters, the visit page, actions."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from baolian.visits.models import Confirmation, FlagKind, Visit, VisitKind
from tests.factories_visits import VisitFactory, VisitFlagFactory
from tests.visits.conftest import LONG_SUMMARY, photo


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(city, **overrides):
    pairing = city.pairings[0]
    data = {
        "client_id": str(uuid.uuid4()),
        "pairing": pairing.pk,
        "visited_on": "2021-05-10",
        "kinds": [VisitKind.INSPECTION.value, VisitKind.CLEANUP.value],
        "summary": LONG_SUMMARY,
        "findings": "垃圾清运不及时",
        "participants": "6",
        "photos": [SimpleUploadedFile("IMG_1.jpg", photo("page"), "image/jpeg")],
    }
    data.update(overrides)
    return data


def test_the_form_preselects_the_liaisons_only_community(users, city):
    response = client_for(users["liaison"]).get("/visits/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["pairing"] == city.pairings[0].pk
    html = response.content.decode()
    assert 'accept="image/*" multiple' in html
    assert "<script>" not in html  # no inline script: the page's JS is a static file


def test_repeated_posts_of_one_submission_give_one_visit(users, city):
    client = client_for(users["liaison"])
    data = form_data(city)
    first = client.post("/visits/new/", data, HTTP_ACCEPT="application/json")
    data["photos"] = [SimpleUploadedFile("IMG_1.jpg", photo("page"), "image/jpeg")]
    second = client.post("/visits/new/", data, HTTP_ACCEPT="application/json")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["visit"] == second.json()["visit"]
    assert second.json()["created"] is False
    # a plain form post (no JavaScript) of the same submission goes to the same visit
    data["photos"] = [SimpleUploadedFile("IMG_1.jpg", photo("page"), "image/jpeg")]
    third = client.post("/visits/new/", data)
    assert third.status_code == 302 and third.url == first.json()["url"]
    assert Visit.objects.count() == 1


def test_a_refused_visit_says_why_and_keeps_nothing(users, city):
    client = client_for(users["liaison"])
    response = client.post(
        "/visits/new/", form_data(city, visited_on="2021-03-01"), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert any("2021年4月1日" in error for error in response.json()["errors"])
    bad_photo = [SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")]
    response = client.post(
        "/visits/new/", form_data(city, photos=bad_photo), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400 and response.json()["errors"]
    page = client.post("/visits/new/", form_data(city, kinds=[]))
    assert page.status_code == 400 and "form" in page.context
    assert not Visit.objects.exists()


def test_the_office_reports_for_any_paired_unit(users, city):
    client = client_for(users["admin"])
    data = form_data(city, pairing=city.pairings[2].pk)
    response = client.post("/visits/new/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert Visit.objects.get().unit == city.unit_c


def test_a_liaison_cannot_post_another_units_pairing(users, city):
    response = client_for(users["liaison"]).post(
        "/visits/new/", form_data(city, pairing=city.pairings[1].pk), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_the_device_location_is_kept(users, city):
    data = form_data(city, latitude="23.6612001234", longitude="116.6401", accuracy="25")
    client_for(users["liaison"]).post("/visits/new/", data, HTTP_ACCEPT="application/json")
    visit = Visit.objects.get()
    assert str(visit.device_latitude) == "23.661200" and visit.device_accuracy_m == 25


@pytest.fixture
def several(city):
    a = VisitFactory(unit=city.unit_a, community=city.c11, visited_on=date(2021, 5, 3))
    b = VisitFactory(unit=city.unit_b, community=city.c12, visited_on=date(2021, 6, 3))
    c = VisitFactory(
        unit=city.unit_c,
        community=city.c21,
        visited_on=date(2021, 6, 9),
        leader=city.leader2,
        kinds=int(VisitKind.PUBLICITY),
    )
    VisitFlagFactory(visit=b, kind=FlagKind.LATE)
    return a, b, c


def listed(response) -> set[int]:
    return {visit.pk for visit in response.context["page"]}


def test_the_list_filters_and_counts(users, city, several):
    a, b, c = several
    client = client_for(users["inspector"])
    assert listed(client.get("/visits/")) == {a.pk, b.pk, c.pk}
    assert listed(client.get("/visits/?date_from=2021-06-01")) == {b.pk, c.pk}
    assert listed(client.get(f"/visits/?street={city.street2.pk}")) == {c.pk}
    assert listed(client.get(f"/visits/?unit={city.unit_a.pk}")) == {a.pk}
    assert listed(client.get(f"/visits/?leader={city.leader2.pk}")) == {c.pk}
    assert listed(client.get(f"/visits/?kind={VisitKind.PUBLICITY.value}")) == {c.pk}
    response = client.get("/visits/?flag=late")
    assert listed(response) == {b.pk} and response.context["total"] == 1
    assert dict(response.context["flag_counts"])[FlagKind.LATE] == 1
    # a filter that does not parse is left out, not an error page
    assert client.get("/visits/?date_from=yesterday&unit=abc").status_code == 200


def test_the_list_pages(users, city):
    VisitFactory.create_batch(55, unit=city.unit_a, community=city.c11)
    client = client_for(users["admin"])
    first = client.get("/visits/")
    assert len(first.context["page"]) == 50 and first.context["total"] == 55
    assert len(client.get("/visits/?page=2").context["page"]) == 5


def test_a_listed_row_shows_the_visit_in_chinese_and_escapes_what_people_typed(users, city):
    city.unit_a.name = "<b>市卫生健康局</b>"
    city.unit_a.save()
    visit = VisitFactory(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2021, 6, 30),
        leader=city.leader1,
        unit_head_led=True,
    )
    VisitFlagFactory(visit=visit, kind=FlagKind.LATE, reason='晚了"三天"')
    page = client_for(users["admin"]).get("/visits/").content.decode()
    row = page.split(f'href="/visits/{visit.pk}/"', 1)[1].split("</tr>", 1)[0]
    assert "2021年6月30日" in row
    assert "&lt;b&gt;市卫生健康局&lt;/b&gt;" in row and "<b>" not in row
    assert city.c11.name in row and city.c11.street.name in row
    assert f"{city.leader1.name} 单位领导" in row
    assert 'title="晚了&quot;三天&quot;"' in row and ">上报滞后</span>" in row
    assert "待确认" in row


@pytest.mark.parametrize(
    ("role", "units"),
    [
        ("admin", {"市卫生健康局", "市税务局", "市档案馆"}),
        ("liaison", {"市卫生健康局"}),
        ("leader", {"市档案馆"}),
        ("street", {"市档案馆"}),
        ("community", {"市税务局"}),
    ],
)
def test_each_role_lists_and_exports_only_its_visits(users, several, role, units):
    client = client_for(users[role])
    assert {v.unit.name for v in client.get("/visits/").context["page"]} == units
    response = client.get("/visits/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {row[2] for row in rows} == units


def test_the_export_follows_the_filter_and_keeps_formulas_as_text(users, city):
    VisitFactory(unit=city.unit_a, community=city.c11, summary="=HYPERLINK(1)")
    VisitFactory(unit=city.unit_b, community=city.c12)
    client = client_for(users["admin"])
    response = client.get(f"/visits/export.xlsx?unit={city.unit_a.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    summary = rows[0][9]
    assert summary.value == "=HYPERLINK(1)" and summary.data_type == "s"


def test_the_export_writes_the_reporting_time_as_local_date_and_time(users, city):
    # One writer (baolian.lib.xlsx) for every export; it now writes moments too.
    reported = timezone.make_aware(datetime(2021, 5, 11, 9, 30))
    VisitFactory(unit=city.unit_a, community=city.c11, reported_at=reported, summary="+86 电话")
    response = client_for(users["admin"]).get("/visits/export.xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    [row] = list(sheet.iter_rows(min_row=2))
    assert row[11].value == datetime(2021, 5, 11, 9, 30)
    assert row[11].number_format == "yyyy-mm-dd hh:mm"
    assert row[9].value == "+86 电话" and row[9].data_type == "s"


def test_the_visit_page_shows_photos_flags_and_distance(users, city, report):
    city.c11.latitude, city.c11.longitude = "23.661200", "116.640100"
    city.c11.save()
    visit, _ = report(summary="拍照", findings="")
    response = client_for(users["inspector"]).get(f"/visits/{visit.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert str(FlagKind.PHOTO_ONLY.label) in html or "拍照" in html
    assert "0 m" in html  # the photo was taken at the community
    assert "p0.jpg" in html


def test_the_community_confirms_or_disputes_over_http(users, city):
    visit = VisitFactory(unit=city.unit_b, community=city.c12)
    client = client_for(users["community"])
    response = client.post(f"/visits/{visit.pk}/confirm/", {"decision": "dispute", "reason": ""})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.confirmation == Confirmation.PENDING  # a dispute needs its reason
    client.post(f"/visits/{visit.pk}/confirm/", {"decision": "dispute", "reason": "没来过"})
    visit.refresh_from_db()
    assert visit.confirmation == Confirmation.DISPUTED and visit.dispute_reason == "没来过"
    assert visit.flags.filter(kind=FlagKind.DISPUTED).exists()


def test_after_answering_the_community_officer_sees_the_state_not_the_buttons(users, city):
    visit = VisitFactory(unit=city.unit_b, community=city.c12)
    client = client_for(users["community"])
    before = client.get(f"/visits/{visit.pk}/").content.decode()
    assert 'value="confirm"' in before and 'id="confirm-state"' not in before
    client.post(f"/visits/{visit.pk}/confirm/", {"decision": "confirm"})
    after = client.get(f"/visits/{visit.pk}/").content.decode()
    assert 'value="confirm"' not in after and 'value="dispute"' not in after
    state = after.split('id="confirm-state"', 1)[1].split("</p>", 1)[0]
    assert str(Confirmation.CONFIRMED.label) in state


def test_an_inspectors_review_is_recorded_and_shown(users, city):
    flag = VisitFlagFactory(visit=VisitFactory(unit=city.unit_a, community=city.c11))
    client = client_for(users["inspector"])
    client.post(f"/visits/flags/{flag.pk}/review/", {"review": "problem", "comment": "补报"})
    flag.refresh_from_db()
    assert flag.review == "problem" and flag.review_comment == "补报"
    page = client.get(f"/visits/{flag.visit_id}/").content.decode()
    assert "补报" in page


def test_a_deleted_visit_leaves_the_lists_but_keeps_its_row(users, city):
    visit = VisitFactory(unit=city.unit_a, community=city.c11)
    client = client_for(users["liaison"])
    assert client.post(f"/visits/{visit.pk}/delete/").status_code == 302
    assert Visit.objects.filter(pk=visit.pk, deleted_at__isnull=False).exists()
    assert client.get(f"/visits/{visit.pk}/").status_code == 404
    assert listed(client.get("/visits/")) == set()


def test_the_liaison_corrects_the_text_until_the_community_confirms(users, city):
    visit = VisitFactory(unit=city.unit_a, community=city.c11, summary="拍照", findings="")
    client = client_for(users["liaison"])
    data = {"kinds": [VisitKind.SURVEY.value], "participants": "5", "summary": LONG_SUMMARY}
    assert client.post(f"/visits/{visit.pk}/edit/", data).status_code == 302
    visit.refresh_from_db()
    assert visit.summary == LONG_SUMMARY and visit.participants == 5
    assert visit.kind_list == [VisitKind.SURVEY]
    assert client.post(f"/visits/{visit.pk}/edit/", {**data, "kinds": []}).status_code == 400
    visit.confirmation = Confirmation.CONFIRMED
    visit.save()
    assert client.get(f"/visits/{visit.pk}/edit/").status_code == 403


def test_the_history_names_who_changed_what(users, city):
    visit = VisitFactory(unit=city.unit_a, community=city.c11, participants=3)
    client = client_for(users["liaison"])
    data = {"kinds": [VisitKind.SURVEY.value], "participants": "7", "summary": LONG_SUMMARY}
    client.post(f"/visits/{visit.pk}/edit/", data)
    history = client.get(f"/visits/{visit.pk}/").context["history"]
    change = history[-1]
    assert change.actor == users["liaison"]
    assert ("参与人数", "3", "7") in change.changes


def test_the_history_shows_a_confirmation_in_words_not_its_code(users, city):
    visit = VisitFactory(unit=city.unit_b, community=city.c12)
    client = client_for(users["community"])
    client.post(f"/visits/{visit.pk}/confirm/", {"decision": "confirm", "reason": ""})
    history = client.get(f"/visits/{visit.pk}/").context["history"]
    assert ("社区确认", "待确认", "已确认") in history[-1].changes


def test_the_list_sorts_a_bound_users_visits_by_id_and_joins_only_the_page(users, city):
    """A leader's or a street's visits are found by unit or community, then sorted: the
    sort reads the visits' own columns (no join per visit sorted), the page's 50 rows are
    then read whole, newest first."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(60):
        VisitFactory(
            unit=city.unit_c, community=city.c21, visited_on=date(2021, 4, 1) + timedelta(n)
        )
    client = client_for(users["leader"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/visits/").context["page"]
    assert [v.visited_on for v in page] == [
        date(2021, 4, 1) + timedelta(n) for n in range(59, 9, -1)
    ]
    sorting = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "visits_visit"' in q["sql"] and "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert len(sorting) == 1
    assert "JOIN" not in sorting[0] and sorting[0].startswith('SELECT "visits_visit"."id" ')
