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
