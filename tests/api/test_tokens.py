"""API tokens: made by their owner, shown once, kept only as a digest, acting as the owner,
refused once revoked or expired, and counted by the login lockout when wrong."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from baolian.api.models import ApiToken
from baolian.api.services import token_create
from tests.api.conftest import Api, error_of

pytestmark = pytest.mark.django_db


def test_a_token_made_in_the_browser_is_shown_once_and_stored_only_as_its_digest(api_as):
    response = api_as("liaison").post("/tokens", {"name": "政务App", "days": 30})
    assert response.status_code == 201
    secret = response.json()["secret"]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.digest}
    listed = api_as("liaison").get("/tokens").json()
    assert listed[0]["prefix"] == secret[:10] and "secret" not in listed[0]


def test_a_token_acts_with_its_owners_scope(token_api, city):
    api = token_api("liaison")  # unit A
    assert [u["name"] for u in api.get("/units").json()["items"]] == ["市卫生健康局"]
    assert api.get(f"/units/{city.unit_c.pk}").status_code == 404
    assert api.post("/units", {"name": "市新局"}).status_code == 403


def test_a_revoked_token_is_refused(users, city):
    new = token_create(user=users["street"], name="数据平台")
    api = Api(Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}"))
    assert api.get("/units").status_code == 200
    owner = Client()
    owner.force_login(users["street"])
    assert Api(owner).delete(f"/tokens/{new.token.pk}").status_code == 204
    refused = api.get("/units")
    assert refused.status_code == 401 and error_of(refused)["code"] == "revoked_token"


def test_an_expired_token_is_refused(users, city):
    new = token_create(user=users["inspector"], name="短期", days=1)
    api = Api(Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}"))
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        refused = api.get("/units")
    assert refused.status_code == 401 and error_of(refused)["code"] == "expired_token"


def test_a_deactivated_owners_token_stops_working(users, city):
    new = token_create(user=users["inspector"], name="x")
    users["inspector"].is_active = False
    users["inspector"].save()
    api = Api(Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}"))
    assert api.get("/units").status_code == 401


def test_nobody_revokes_anothers_token(users, api_as):
    office_token = token_create(user=users["admin"], name="office").token
    for role in ("inspector", "liaison"):
        assert api_as(role).delete(f"/tokens/{office_token.pk}").status_code == 404
    office_token.refresh_from_db()
    assert office_token.revoked_at is None


def test_a_token_cannot_make_another_token(token_api):
    refused = token_api("admin").post("/tokens", {"name": "successor"})
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "token_cannot_create"
    assert ApiToken.objects.count() == 1


def test_wrong_tokens_lock_the_address_out_like_wrong_passwords(settings, users, city):
    settings.AXES_FAILURE_LIMIT = 3
    good = token_create(user=users["admin"], name="good").secret
    guesser = Api(Client(HTTP_AUTHORIZATION="Bearer bl_guess"))
    codes = [guesser.get("/units").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    # While locked out, even a right token from that address is refused.
    locked = Api(Client(HTTP_AUTHORIZATION=f"Bearer {good}")).get("/units")
    assert locked.status_code == 429 and error_of(locked)["code"] == "locked_out"


def test_a_malformed_authorization_header_is_refused_with_the_error_body(city, users):
    response = Api(Client(HTTP_AUTHORIZATION="Token abc")).get("/units")
    assert response.status_code == 401
    assert error_of(response)["code"] == "bad_authorization"


def test_the_tokens_page_shows_a_new_secret_once_and_revokes(users):
    client = Client()
    client.force_login(users["community"])
    made = client.post("/api/tokens/", {"name": "小程序", "days": "90"})
    assert made.status_code == 200
    secret = made.context["new"].secret
    assert secret in made.content.decode()
    assert "no-store" in made["Cache-Control"]
    again = client.get("/api/tokens/")
    assert secret not in again.content.decode() and "小程序" in again.content.decode()
    token = ApiToken.objects.get(user=users["community"])
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_tokens_page_refuses_an_empty_name(users):
    client = Client()
    client.force_login(users["community"])
    response = client.post("/api/tokens/", {"name": "   ", "days": "90"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_use_is_noted_with_time_and_address(users, city):
    new = token_create(user=users["admin"], name="x")
    Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}").get("/api/v1/units", REMOTE_ADDR="10.1.2.3")
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None and new.token.last_used_ip == "10.1.2.3"


def test_a_token_call_leaves_no_session_behind(users, city):
    from django.contrib.sessions.models import Session

    new = token_create(user=users["admin"], name="x")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}").get("/api/v1/units")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and not Session.objects.exists()
