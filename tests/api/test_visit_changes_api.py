"""After a visit is sent, over the API as on its page: its editor corrects it (fields, photos
added or taken off) or deletes it (softly), and an inspector reviews its evidence flags."""

from __future__ import annotations

import uuid

import pytest

from baolian.photos.models import Photo
from baolian.visits.models import Confirmation, FlagKind, FlagReview, Visit, VisitFlag
from tests.api.conftest import error_of
from tests.api.test_visits_api import _file, jpeg, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_id(api_as, city) -> int:
    body = {
        "client_id": str(uuid.uuid4()),
        "unit_id": city.unit_a.pk,
        "community_id": city.c11.pk,
        "visited_on": "2021-05-06",
        "kinds": [4],
        "summary": "清理卫生死角",
    }
    response = report(api_as("liaison"), body, [("现场.jpg", jpeg())])
    assert response.status_code == 201, response.content
    return response.json()["id"]


def add_photos(api, visit_id: int, *photos: tuple[str, bytes]):
    data = {"photos": [_file(name, data) for name, data in photos]} if photos else {}
    return api.client.post(f"/api/v1/visits/{visit_id}/photos", data)


def test_the_liaison_corrects_only_the_fields_sent(api_as, visit_id, city):
    response = api_as("liaison").patch(
        f"/visits/{visit_id}",
        {"summary": "  清理卫生死角，张贴宣传画 ", "kinds": [4, 8], "leader_id": city.leader1.pk},
    )
    assert response.status_code == 200, response.content
    visit = Visit.objects.get(pk=visit_id)
    assert visit.summary == "清理卫生死角，张贴宣传画"
    assert sorted(int(k) for k in visit.kind_list) == [4, 8]
    assert visit.leader_id == city.leader1.pk
    assert str(visit.visited_on) == "2021-05-06" and visit.photos.count() == 1


def test_a_date_outside_the_pairing_or_in_the_future_is_refused_and_changes_nothing(
    api_as, visit_id
):
    api = api_as("liaison")
    for day in ("2001-01-01", "2999-01-01"):
        response = api.patch(f"/visits/{visit_id}", {"visited_on": day, "summary": "改"})
        assert response.status_code == 422, response.content
        assert error_of(response)["field"] == "visited_on"
    assert Visit.objects.get(pk=visit_id).summary == "清理卫生死角"


def test_bad_edits_are_422_with_the_field(api_as, visit_id):
    api = api_as("liaison")
    for body, field in (
        ({"kinds": []}, "kinds"),
        ({"kinds": [3]}, "kinds.0"),
        ({"participants": 0}, "participants"),
        ({"unit_id": 1}, "unit_id"),  # the unit stays: an unknown field, not ignored
        ({"remove_photos": [999999]}, "remove_photos"),
    ):
        response = api.patch(f"/visits/{visit_id}", body)
        assert response.status_code == 422, (body, response.content)
        assert error_of(response)["field"] == field, body


def test_photos_are_added_and_taken_off_but_never_the_last_one(api_as, visit_id):
    api = api_as("liaison")
    added = add_photos(api, visit_id, ("补拍.jpg", jpeg((10, 200, 10))))
    assert added.status_code == 200, added.content
    photos = [p["id"] for p in added.json()["photos"]]
    assert len(photos) == 2
    removed = api.patch(f"/visits/{visit_id}", {"remove_photos": [photos[0]]})
    assert removed.status_code == 200, removed.content
    assert [p["id"] for p in removed.json()["photos"]] == [photos[1]]
    # Detached, not deleted: the office keeps it.
    assert Photo.objects.get(pk=photos[0]).visit_id is None
    last = api.patch(f"/visits/{visit_id}", {"remove_photos": [photos[1]]})
    assert last.status_code == 422 and error_of(last)["field"] == "photos"
    assert no_photo_sent(api, visit_id).status_code == 422


def no_photo_sent(api, visit_id):
    return add_photos(api, visit_id)


def test_a_file_that_is_not_a_photo_is_refused_and_adds_nothing(api_as, visit_id):
    response = add_photos(api_as("liaison"), visit_id, ("x.jpg", b"not a picture"))
    assert response.status_code == 422
    assert error_of(response)["code"] == "photo_rejected"
    assert Visit.objects.get(pk=visit_id).photos.count() == 1


def test_a_confirmed_visit_is_the_office_s_to_correct(api_as, visit_id):
    Visit.objects.filter(pk=visit_id).update(confirmation=Confirmation.CONFIRMED)
    refused = api_as("liaison").patch(f"/visits/{visit_id}", {"summary": "改"})
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"
    assert add_photos(api_as("liaison"), visit_id, ("a.jpg", jpeg())).status_code == 403
    assert api_as("admin").patch(f"/visits/{visit_id}", {"summary": "改"}).status_code == 200


@pytest.mark.parametrize("role, status", [("inspector", 403), ("street", 404), ("leader", 404)])
def test_who_may_not_edit_is_refused(api_as, visit_id, role, status):
    response = api_as(role).patch(f"/visits/{visit_id}", {"summary": "改"})
    assert response.status_code == status
    assert api_as(role).delete(f"/visits/{visit_id}").status_code == status
    assert Visit.objects.get(pk=visit_id).deleted_at is None


def test_a_deleted_visit_stays_for_the_history_and_is_gone_from_the_api(api_as, visit_id):
    api = api_as("liaison")
    response = api.delete(f"/visits/{visit_id}")
    assert response.status_code == 204
    assert Visit.objects.get(pk=visit_id).deleted_at is not None
    assert api.get(f"/visits/{visit_id}").status_code == 404
    again = api.delete(f"/visits/{visit_id}")
    assert again.status_code == 404 and error_of(again)["code"] == "not_found"


@pytest.fixture
def flag(visit_id) -> VisitFlag:
    return VisitFlag.objects.create(
        visit_id=visit_id, kind=FlagKind.values[0], reason="照片缺少拍摄时间"
    )


def test_an_inspector_accepts_a_flag_or_confirms_it_as_a_problem(api_as, flag):
    api = api_as("inspector")
    accepted = api.post(f"/visits/flags/{flag.pk}/review", {"review": "accepted"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["review"] == "accepted" and accepted.json()["reviewed_at"]
    problem = api.post(
        f"/visits/flags/{flag.pk}/review", {"review": "problem", "comment": " 照片系翻拍 "}
    )
    assert problem.status_code == 200
    flag.refresh_from_db()
    assert (flag.review, flag.review_comment) == (FlagReview.PROBLEM, "照片系翻拍")
    flags = api.get(f"/visits/{flag.visit_id}").json()["flags"]
    assert [f["review_comment"] for f in flags if f["id"] == flag.pk] == ["照片系翻拍"]


def test_a_flag_confirmed_as_a_problem_needs_a_comment(api_as, flag):
    response = api_as("admin").post(f"/visits/flags/{flag.pk}/review", {"review": "problem"})
    assert response.status_code == 422 and error_of(response)["field"] == "comment"
    bad = api_as("admin").post(f"/visits/flags/{flag.pk}/review", {"review": "open"})
    assert bad.status_code == 422 and error_of(bad)["field"] == "review"
    flag.refresh_from_db()
    assert flag.review == FlagReview.OPEN


@pytest.mark.parametrize("role, status", [("liaison", 403), ("community", 404), ("street", 404)])
def test_only_inspectors_and_the_office_review_flags(api_as, flag, role, status):
    response = api_as(role).post(f"/visits/flags/{flag.pk}/review", {"review": "accepted"})
    assert response.status_code == status
    flag.refresh_from_db()
    assert flag.review == FlagReview.OPEN
