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


@pytest.mark.django_db
def test_demoting_an_office_admin_with_the_superuser_box_ticked_is_refused(client, users, city):
    client.force_login(users["admin"])
    colleague = User.objects.create_superuser("colleague", password="a-long-passphrase-77")
    page = client.get(f"/admin/accounts/user/{colleague.pk}/change/")
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in {"groups", "user_permissions", "password"}
    }
    data.update(
        role=Role.LIAISON,
        unit=city.unit_a.pk,
        is_superuser="on",
        is_staff="on",
        date_joined_0="2026-01-01",
        date_joined_1="08:00:00",
    )
    response = client.post(f"/admin/accounts/user/{colleague.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"]
    colleague.refresh_from_db()
    assert colleague.role == Role.ADMIN


@pytest.mark.django_db
def test_createsuperuser_makes_an_office_admin():
    from django.core.management import call_command

    call_command("createsuperuser", "--noinput", "--username", "it", "--email", "it@example.cn")
    user = User.objects.get(username="it")
    assert user.role == Role.ADMIN and user.is_superuser
