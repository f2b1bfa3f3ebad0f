from __future__ import annotations

import json

import pytest
from django.test import Client

from baolian.api.services import token_create


class Api:
    """A JSON client for /api/v1/: `api.get("/units")`, `api.post("/units", {...})`."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def _send(self, method: str, path: str, body: object = None, **extra: object):
        send = getattr(self.client, method)
        if body is None:
            return send(f"/api/v1{path}", **extra)
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return send(f"/api/v1{path}", data, content_type="application/json", **extra)

    def get(self, path: str, **extra: object):
        return self._send("get", path, **extra)

    def post(self, path: str, body: object = None, **extra: object):
        return self._send("post", path, body if body is not None else {}, **extra)

    def patch(self, path: str, body: object, **extra: object):
        return self._send("patch", path, body, **extra)

    def delete(self, path: str, **extra: object):
        return self._send("delete", path, **extra)


@pytest.fixture
def api_as(users):
    """api_as("liaison") → an Api signed in (session) as that role's user."""

    def make(role: str) -> Api:
        client = Client()
        client.force_login(users[role])
        return Api(client)

    return make


@pytest.fixture
def token_api(users):
    """token_api("liaison") → an Api that sends a fresh token of that role's user."""

    def make(role: str) -> Api:
        secret = token_create(user=users[role], name="test").secret
        return Api(Client(HTTP_AUTHORIZATION=f"Bearer {secret}"))

    return make


def error_of(response) -> dict:
    """The one error body, checked for its shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "message_en", "field"} <= set(error), error
    assert error["message"] and error["message_en"]
    return error
