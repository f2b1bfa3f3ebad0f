"""The office creates users in the admin site; a half-made user is a form error, never a 500."""

from __future__ import annotations

import pytest

from baolian.accounts.models import Role, User

ADD = "/admin/accounts/user/add/"


def _add(client, **fields):
    data = {
        "username": "newcomer",
        "password1": "a-long-passphrase-77",
        "password2": "a-long-passphrase-77",
        "usable_password": "true",
        **fields,
    }
    return client.post(ADD, data)


@pytest.mark.django_db
def test_the_add_page_asks_for_the_role_and_its_binding(client, users):
    client.force_login(users["admin"])
    page = client.get(ADD).content.decode()
    for field in ("role", "unit", "street", "community", "leader"):
        assert f'name="{field}"' in page


@pytest.mark.django_db
def test_a_liaison_without_a_unit_is_refused_with_a_message(client, users):
    client.force_login(users["admin"])
    response = _add(client, role=Role.LIAISON)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"]
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_a_binding_that_does_not_belong_to_the_role_is_refused(client, users, city):
    client.force_login(users["admin"])
    response = _add(client, role=Role.INSPECTOR, unit=city.unit_a.pk)
    assert response.context["adminform"].form.errors["unit"]
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_a_liaison_with_a_unit_is_created_and_sees_their_unit(client, users, city):
    client.force_login(users["admin"])
    response = _add(client, role=Role.LIAISON, unit=city.unit_b.pk)
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert user.role == Role.LIAISON and user.unit == city.unit_b
