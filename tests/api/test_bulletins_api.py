"""Bulletins written over the API as the office does on its pages: a draft for a period
(counted and written by the oversight app), its text edited, then published and frozen."""

from __future__ import annotations

from datetime import date

import pytest

from baolian.oversight.models import Bulletin
from baolian.oversight.services import bulletin_create
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_the_office_drafts_edits_and_publishes_a_bulletin(api_as, city):
    api = api_as("admin")
    drafted = api.post("/bulletins", {"from": "2021-04-01", "to": "2021-06-30"})
    assert drafted.status_code == 201, drafted.content
    draft = drafted.json()
    assert (draft["state"], draft["year"], draft["number"]) == ("draft", 2021, 1)
    assert draft["body"] and draft["cutoff"] is False
    edited = api.patch(
        f"/bulletins/{draft['id']}", {"body": "本期通报正文。", "issuer": "市创卫办"}
    )
    assert edited.status_code == 200, edited.content
    assert (edited.json()["body"], edited.json()["issuer"]) == ("本期通报正文。", "市创卫办")
    published = api.post(f"/bulletins/{draft['id']}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published" and "docx" in published.json()["formats"]
    bulletin = Bulletin.objects.get(pk=draft["id"])
    assert bulletin.published_by.username == "office" and bulletin.body == "本期通报正文。"


def test_a_draft_without_a_first_day_counts_from_the_campaign_start(api_as, city):
    response = api_as("inspector").post("/bulletins", {"to": "2021-06-30"})
    assert response.status_code == 201, response.content
    assert response.json()["cutoff"] is True and response.json()["period_end"] == "2021-06-30"


def test_a_published_bulletin_cannot_change_nor_be_published_again(api_as, city):
    bulletin = bulletin_create(start=date(2021, 4, 1), end=date(2021, 6, 30), cutoff=False, by=None)
    api = api_as("admin")
    assert api.post(f"/bulletins/{bulletin.pk}/publish").status_code == 200
    again = api.post(f"/bulletins/{bulletin.pk}/publish")
    assert again.status_code == 409 and error_of(again)["code"] == "already_published"
    edit = api.patch(f"/bulletins/{bulletin.pk}", {"body": "改写"})
    assert edit.status_code == 409
    assert Bulletin.objects.get(pk=bulletin.pk).body != "改写"


def test_bad_bulletin_input_is_422_with_the_field(api_as, city):
    api = api_as("admin")
    for body, field in (
        ({}, "to"),
        ({"to": "六月底"}, "to"),
        ({"from": "2021-07-01", "to": "2021-06-30"}, "to"),
        ({"from": "1900-01-01", "to": "2021-06-30"}, "from"),
        ({"to": "9999-12-31"}, "to"),
        ({"to": "2021-06-30", "number": 3}, "number"),
    ):
        response = api.post("/bulletins", body)
        assert response.status_code == 422, (body, response.content)
        assert error_of(response)["field"] == field, body
    draft = bulletin_create(start=date(2021, 4, 1), end=date(2021, 6, 30), cutoff=False, by=None)
    for body in ({"body": ""}, {"body": "   "}, {"issued_on": "明天"}):
        response = api.patch(f"/bulletins/{draft.pk}", body)
        assert response.status_code == 422, (body, response.content)
    assert not Bulletin.objects.exclude(pk=draft.pk).exists()


@pytest.mark.parametrize("role, status", [("leader", 403), ("liaison", 403), ("street", 403)])
def test_only_the_office_and_inspectors_draft(api_as, city, role, status):
    assert api_as(role).post("/bulletins", {"to": "2021-06-30"}).status_code == status
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize("role, status", [("inspector", 403), ("leader", 404), ("community", 404)])
def test_only_the_office_publishes(api_as, city, role, status):
    draft = bulletin_create(start=date(2021, 4, 1), end=date(2021, 6, 30), cutoff=False, by=None)
    response = api_as(role).post(f"/bulletins/{draft.pk}/publish")
    assert response.status_code == status
    assert Bulletin.objects.get(pk=draft.pk).state == "draft"


def test_a_draft_is_unseen_by_who_may_not_edit_it(api_as, city):
    draft = bulletin_create(start=date(2021, 4, 1), end=date(2021, 6, 30), cutoff=False, by=None)
    response = api_as("street").patch(f"/bulletins/{draft.pk}", {"body": "改写"})
    assert response.status_code == 404
    assert api_as("inspector").patch(f"/bulletins/{draft.pk}", {"body": "改写"}).status_code == 200
