"""Every URL × every role gets the status its case expects (see matrix.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.authz.matrix import EXEMPT, EXEMPT_PREFIXES, ROLES, World, all_cases, setups, url_names


@pytest.fixture
def world(city, users) -> World:
    w = World(city=city, users=users)
    for setup in setups():
        setup(w)
    return w


def test_every_url_has_a_case():
    cases = all_cases()
    missing = [
        f"{name or '(unnamed)'}  {pattern}"
        for name, pattern in url_names()
        if name not in cases
        and name not in EXEMPT
        and not name.startswith(EXEMPT_PREFIXES)
        and not (not name and pattern.startswith("admin/"))
    ]
    assert not missing, "URLs without an authorization case in tests/authz/cases_*.py:\n" + (
        "\n".join(missing)
    )


def test_no_case_names_a_url_that_is_gone():
    names = {name for name, _pattern in url_names()}
    assert not set(all_cases()) - names


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_its_case_says(role, world):
    wrong = []
    for name, case in sorted(all_cases().items()):
        client = Client()  # one per case: a logout case must not log out the next one
        if role != "anon":
            client.force_login(world.users[role])
        path = case.path(world)
        send = getattr(client, case.method)
        data = case.data(world) if case.data else None
        if case.json is not None:
            response = send(path, json.dumps(case.json(world)), content_type="application/json")
        elif data is not None:
            response = send(path, data)
        else:
            response = send(path)
        expected = case.expect[role]
        if response.status_code != expected:
            wrong.append(
                f"{name} {case.method.upper()} {path}: {response.status_code} ≠ {expected}"
            )
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
