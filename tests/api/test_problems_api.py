"""Problems through their loop and support measures, over the API: the apps' rules decide,
a refused step changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from baolian.problems.models import Problem
from baolian.support.models import SupportMeasure
from tests.api.conftest import Api, error_of

pytestmark = pytest.mark.django_db


def step(api: Api, problem_id: int, action: str, note: str = "", photo: bool = False, **more):
    data = {"payload": json.dumps({"action": action, "note": note, **more})}
    if photo:
        out = io.BytesIO()
        Image.new("RGB", (60, 40), (20, 120, 200)).save(out, "JPEG")
        out.seek(0)
        out.name = "after.jpg"
        data["photos"] = out
    return api.client.post(f"/api/v1/problems/{problem_id}/transitions", data)


@pytest.fixture
def problem_id(api_as, city) -> int:
    response = api_as("street").post(
        "/problems",
        {"community_id": city.c21.pk, "description": "垃圾乱堆放", "found_on": "2021-05-06"},
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_problem_goes_round_the_loop_and_keeps_its_history(api_as, problem_id):
    street, inspector = api_as("street"), api_as("inspector")
    assert step(street, problem_id, "start", "已安排清运").json()["state"] == "rectifying"
    done = step(street, problem_id, "rectify", "已清运完毕", photo=True)
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "rectified"
    closed = step(inspector, problem_id, "close", "复核通过")
    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "closed"
    actions = [event["action"] for event in closed.json()["events"]]
    assert actions[-3:] == ["start", "rectify", "close"]


def test_rectifying_without_an_after_photo_is_refused_and_changes_nothing(api_as, problem_id):
    street = api_as("street")
    step(street, problem_id, "start")
    response = step(street, problem_id, "rectify", "已整改")
    assert response.status_code == 422
    assert error_of(response)["code"] == "refused"
    assert Problem.objects.get(pk=problem_id).state == "rectifying"


def test_a_step_the_state_does_not_allow_is_refused(api_as, problem_id):
    response = step(api_as("inspector"), problem_id, "close", "复核")
    assert response.status_code in (403, 422)
    assert Problem.objects.get(pk=problem_id).state == "open"


def test_extending_needs_a_deadline(api_as, problem_id):
    response = step(api_as("street"), problem_id, "extend", "雨季")
    assert response.status_code == 422 and error_of(response)["field"] == "deadline"


def test_an_unknown_step_is_422(api_as, problem_id):
    response = step(api_as("street"), problem_id, "delete")
    assert response.status_code == 422 and error_of(response)["field"] == "action"


def test_a_liaison_records_a_measure_only_within_a_pairing_in_force(api_as, city):
    api = api_as("liaison")
    body = {
        "unit_id": city.unit_a.pk,
        "community_id": city.c11.pk,
        "given_on": "2021-05-06",
        "category": "funds",
        "content": "拨付环境整治资金",
        "amount_yuan": "20000.00",
        "state": "done",
    }
    created = api.post("/support", body)
    assert created.status_code == 201, created.content
    assert SupportMeasure.objects.get().amount_yuan == 20000
    before = api.post("/support", {**body, "given_on": "2021-03-01"})  # before the pairing
    assert before.status_code == 403
    negative = api.post("/support", {**body, "amount_yuan": "-5"})
    assert negative.status_code == 422 and error_of(negative)["field"] == "amount_yuan"
    assert SupportMeasure.objects.count() == 1
    assert api.get("/support").json()["count"] == 1


def _listing(api: Api, body: dict, *photos: tuple[str, bytes]):
    data: dict = {"payload": json.dumps(body)}
    files = []
    for name, content in photos:
        handle = io.BytesIO(content)
        handle.name = name
        files.append(handle)
    if files:
        data["photos"] = files
    return api.client.post("/api/v1/problems", data)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 120, 20)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def listing(city) -> dict:
    return {"community_id": city.c21.pk, "description": "沟渠污臭", "found_on": "2021-05-06"}


def test_a_problem_is_listed_with_its_before_photos(api_as, listing):
    response = _listing(api_as("street"), listing, ("前1.jpg", _jpeg()), ("前2.jpg", _jpeg()))
    assert response.status_code == 201, response.content
    problem = Problem.objects.get(pk=response.json()["id"])
    assert sorted(problem.photos.values_list("stage", flat=True)) == ["before", "before"]


def test_a_listing_with_a_file_that_is_not_a_photo_writes_nothing(api_as, listing):
    response = _listing(api_as("street"), listing, ("x.jpg", b"not a picture"))
    assert response.status_code == 422 and error_of(response)["field"] == "photos"
    assert not Problem.objects.exists()


def test_bad_listings_are_422_or_400_with_the_field(api_as, listing):
    api = api_as("street")
    missing = api.client.post("/api/v1/problems", {"photos": io.BytesIO(_jpeg())})
    assert missing.status_code == 422 and error_of(missing)["field"] == "payload"
    wrong = _listing(api, {**listing, "found_on": "昨天"})
    assert wrong.status_code == 422 and error_of(wrong)["field"] == "found_on"
    as_json = api.post("/problems", {**listing, "description": ""})
    assert as_json.status_code == 422 and error_of(as_json)["field"] == "description"
    broken = api.post("/problems", '{"community_id": ')
    assert broken.status_code == 400 and error_of(broken)["code"] == "malformed_json"
    assert not Problem.objects.exists()


def test_a_leader_may_not_list_a_problem_even_with_photos(api_as, listing):
    response = _listing(api_as("leader"), listing, ("前.jpg", _jpeg()))
    assert response.status_code == 403 and error_of(response)["code"] == "forbidden"
    assert not Problem.objects.exists()


@pytest.fixture
def measure_id(api_as, city) -> int:
    body = {
        "unit_id": city.unit_a.pk,
        "community_id": city.c11.pk,
        "given_on": "2021-05-06",
        "category": "funds",
        "content": "拨付环境整治资金",
        "amount_yuan": "20000.00",
        "state": "planned",
    }
    created = api_as("liaison").post("/support", body)
    assert created.status_code == 201, created.content
    return created.json()["id"]


def test_a_liaison_moves_its_measure_on_and_only_the_fields_sent_change(api_as, measure_id):
    response = api_as("liaison").patch(
        f"/support/{measure_id}", {"state": "in_progress", "amount_yuan": "25000.50"}
    )
    assert response.status_code == 200, response.content
    measure = SupportMeasure.objects.get(pk=measure_id)
    assert (measure.state, str(measure.amount_yuan)) == ("in_progress", "25000.50")
    assert measure.content == "拨付环境整治资金" and measure.category == "funds"


def test_a_measure_links_problems_of_its_own_community_only(api_as, measure_id, city):
    here = Problem.objects.create(community=city.c11, description="垃圾", found_on="2021-05-06")
    there = Problem.objects.create(community=city.c12, description="污水", found_on="2021-05-06")
    api = api_as("admin")
    refused = api.patch(f"/support/{measure_id}", {"problem_ids": [there.pk]})
    assert refused.status_code == 422 and error_of(refused)["field"] == "problems"
    linked = api.patch(f"/support/{measure_id}", {"problem_ids": [here.pk]})
    assert linked.status_code == 200
    assert list(SupportMeasure.objects.get(pk=measure_id).problems.all()) == [here]


def test_bad_measure_changes_are_refused_and_change_nothing(api_as, measure_id):
    api = api_as("liaison")
    for body, status, field in (
        ({"amount_yuan": "-1"}, 422, "amount_yuan"),
        ({"state": "cancelled"}, 422, "state"),
        ({"unit_id": 3}, 422, "unit_id"),
        ({"given_on": "2021-03-01"}, 403, "given_on"),  # before the pairing started
    ):
        response = api.patch(f"/support/{measure_id}", body)
        assert response.status_code == status, (body, response.content)
        assert error_of(response)["field"] == field
    assert SupportMeasure.objects.get(pk=measure_id).state == "planned"


@pytest.mark.parametrize("role, status", [("inspector", 403), ("street", 404), ("community", 404)])
def test_who_may_not_change_a_measure_is_refused(api_as, measure_id, role, status):
    response = api_as(role).patch(f"/support/{measure_id}", {"state": "done"})
    assert response.status_code == status
    assert SupportMeasure.objects.get(pk=measure_id).state == "planned"
