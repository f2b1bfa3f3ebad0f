"""Visits over the API: one visit per phone submission, photos stored with it or not at all,
a replay with another body refused, confirmation by the community only."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

from baolian.photos.models import Photo
from baolian.visits.models import Visit
from tests.api.conftest import Api, error_of

pytestmark = pytest.mark.django_db


def jpeg(colour=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, "JPEG")
    return out.getvalue()


def report(api: Api, body: dict, photos: list[tuple[str, bytes]] = ()):
    files = [_file(name, data) for name, data in photos]
    data = {"payload": json.dumps(body)}
    if files:
        data["photos"] = files
    return api.client.post("/api/v1/visits", data)


def _file(name: str, data: bytes):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def body(city) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "unit_id": city.unit_a.pk,
        "community_id": city.c11.pk,
        "visited_on": "2021-05-06",
        "kinds": [4, 8],
        "summary": "组织清理背街小巷卫生死角，张贴宣传画",
    }


def test_a_liaison_reports_a_visit_with_its_photo(api_as, body):
    response = report(api_as("liaison"), body, [("现场.jpg", jpeg())])
    assert response.status_code == 201, response.content
    visit = Visit.objects.get(client_id=body["client_id"])
    assert visit.photos.count() == 1 and sorted(response.json()["kinds"]) == [4, 8]
    assert response.json()["photos"][0]["display_url"].startswith("/photos/")


def test_the_same_submission_twice_is_one_visit(api_as, body):
    api = api_as("liaison")
    first = report(api, body, [("a.jpg", jpeg())])
    again = report(api, body, [("a.jpg", jpeg())])
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Visit.objects.count() == 1 and Photo.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [{"summary": "另一次活动"}, {"visited_on": "2021-05-07"}, {"kinds": [2]}],
)
def test_a_replayed_id_with_another_body_is_a_conflict_and_writes_nothing(api_as, body, change):
    api = api_as("liaison")
    assert report(api, body, [("a.jpg", jpeg())]).status_code == 201
    response = report(api, {**body, **change}, [("a.jpg", jpeg())])
    assert response.status_code == 409
    assert error_of(response)["code"] == "idempotency_conflict"
    visit = Visit.objects.get()
    assert visit.summary == body["summary"] and Photo.objects.count() == 1


def test_a_replayed_id_with_another_photo_is_a_conflict(api_as, body):
    api = api_as("liaison")
    assert report(api, body, [("a.jpg", jpeg())]).status_code == 201
    response = report(api, body, [("a.jpg", jpeg((10, 200, 10)))])
    assert response.status_code == 409 and Photo.objects.count() == 1


def test_a_visit_without_a_photo_is_refused(api_as, body):
    response = report(api_as("liaison"), body)
    assert response.status_code == 422 and error_of(response)["field"] == "photos"
    assert not Visit.objects.exists()


def test_a_file_that_is_not_a_photo_leaves_nothing_behind(api_as, body, settings):
    response = report(api_as("liaison"), body, [("x.jpg", b"<html>not a photo</html>")])
    assert response.status_code == 422
    assert error_of(response)["code"] == "photo_rejected"
    assert not Visit.objects.exists() and not Photo.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_path_in_a_photo_name_never_becomes_a_path_on_disk(api_as, body, settings, tmp_path):
    name = "../../../../tmp/evil.jpg"
    response = report(api_as("liaison"), body, [(name, jpeg())])
    assert response.status_code == 201
    photo = Photo.objects.get()
    stored = (Path(settings.MEDIA_ROOT) / photo.original.name).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and stored.is_file()
    assert ".." not in photo.original.name


def test_a_liaison_cannot_report_for_another_unit(api_as, body, city):
    response = report(
        api_as("liaison"), {**body, "unit_id": city.unit_c.pk, "community_id": city.c21.pk}
    )
    assert response.status_code == 404 and not Visit.objects.exists()


def test_a_visit_to_an_unpaired_community_is_refused_with_the_reason(api_as, body, city):
    response = report(api_as("liaison"), {**body, "community_id": city.c12.pk}, [("a", jpeg())])
    assert response.status_code in (404, 422)
    assert not Visit.objects.exists()


def test_bad_payloads_are_422_with_the_field(api_as, body):
    api = api_as("liaison")
    for change, field in (
        ({"kinds": [3]}, "kinds.0"),
        ({"kinds": []}, "kinds"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"unit_id": "one"}, "unit_id"),
        ({"extra": 1}, "extra"),
    ):
        response = report(api, {**body, **change}, [("a.jpg", jpeg())])
        assert response.status_code == 422, change
        assert error_of(response)["field"] == field
    assert not Visit.objects.exists()


def test_the_community_confirms_its_visit_and_no_other(api_as, users, city):
    body = {
        "client_id": str(uuid.uuid4()),
        "unit_id": city.unit_b.pk,
        "community_id": city.c12.pk,  # the community officer's own
        "visited_on": "2021-05-06",
        "kinds": [1],
        "summary": "调研",
    }
    visit_id = report(api_as("admin"), body, [("a.jpg", jpeg())]).json()["id"]
    community = api_as("community")
    done = community.post(f"/visits/{visit_id}/confirmation", {"confirmed": True})
    assert done.status_code == 200 and done.json()["confirmation"] == "confirmed"
    assert api_as("street").post(
        f"/visits/{visit_id}/confirmation", {"confirmed": True}
    ).status_code in (403, 404)
    disputed = community.post(f"/visits/{visit_id}/confirmation", {"confirmed": False})
    assert disputed.status_code == 422  # a dispute needs its reason
    assert Visit.objects.get(pk=visit_id).confirmation == "confirmed"


def test_lists_filter_and_detail_shows_flags(api_as, body, city):
    api = api_as("admin")
    report(api, body, [("a.jpg", jpeg())])
    listed = api.get(f"/visits?unit_id={city.unit_a.pk}&confirmation=pending").json()
    assert listed["count"] == 1
    assert api.get(f"/visits?unit_id={city.unit_b.pk}").json()["count"] == 0
    detail = api.get(f"/visits/{listed['items'][0]['id']}").json()
    assert {"kind", "label", "reason", "review"} <= set(detail["flags"][0])
    assert Client().get(detail["photos"][0]["display_url"]).status_code in (302, 401, 403)


@pytest.mark.parametrize(
    "text", ["'; DROP TABLE visits_visit; --", '<script>alert("x")</script>', "{{ 7*7 }}"]
)
def test_injection_strings_in_visit_problem_and_measure_texts_are_kept_and_escaped(
    api_as, users, body, city, text
):
    admin = api_as("admin")
    visit = report(admin, {**body, "summary": text, "findings": text}, [("a.jpg", jpeg())])
    assert visit.status_code == 201, visit.content
    assert Visit.objects.get().findings == text
    problem = admin.post(
        "/problems",
        {"community_id": city.c11.pk, "description": text, "place": text, "found_on": "2021-05-06"},
    )
    assert problem.status_code == 201 and problem.json()["description"] == text
    measure = admin.post(
        "/support",
        {
            "unit_id": city.unit_a.pk,
            "community_id": city.c11.pk,
            "given_on": "2021-05-06",
            "category": "coordination",
            "content": text,
            "state": "done",
        },
    )
    assert measure.status_code == 201 and measure.json()["content"] == text
    page = Client()
    page.force_login(users["admin"])
    html = page.get(f"/visits/{visit.json()['id']}/").content.decode()
    assert "<script>alert" not in html
