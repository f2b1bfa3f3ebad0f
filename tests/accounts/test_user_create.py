"""baolian.accounts.services.user_create: a role, its binding, a strong password."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from baolian.accounts.models import Role, User
from baolian.accounts.services import user_create

STRONG = "Qiaodong-2021-spring"


@pytest.mark.parametrize(
    ("role", "binding"),
    [
        (Role.LEADER, "leader1"),
        (Role.LIAISON, "unit_a"),
        (Role.STREET, "street1"),
        (Role.COMMUNITY, "c11"),
    ],
)
def test_it_creates_a_bound_user_with_its_binding(role, binding, city):
    field = {"leader1": "leader", "unit_a": "unit", "street1": "street", "c11": "community"}[
        binding
    ]
    user = user_create(
        username="zhang",
        password=STRONG,
        role=role,
        full_name="张伟",
        **{field: getattr(city, binding)},
    )
    user.refresh_from_db()
    assert user.role == role
    assert user.binding == getattr(city, binding)
    assert user.full_name == "张伟"
    assert user.check_password(STRONG)
    assert not user.is_staff and not user.is_superuser


@pytest.mark.parametrize("role", [Role.LEADER, Role.LIAISON, Role.STREET, Role.COMMUNITY])
def test_it_rejects_a_bound_role_without_its_binding(role, db):
    with pytest.raises(ValidationError):
        user_create(username="zhang", password=STRONG, role=role)
    assert not User.objects.filter(username="zhang").exists()


def test_it_rejects_a_liaison_bound_to_a_street_instead_of_a_unit(city):
    with pytest.raises(ValidationError):
        user_create(username="zhang", password=STRONG, role=Role.LIAISON, street=city.street1)
    assert not User.objects.filter(username="zhang").exists()


def test_a_role_keeps_only_its_own_binding(city):
    user = user_create(
        username="zhang", password=STRONG, role=Role.LIAISON, unit=city.unit_a, street=city.street1
    )
    user.refresh_from_db()
    assert user.unit == city.unit_a
    assert user.street is None


def test_an_inspector_needs_no_binding_and_gets_none(city):
    user = user_create(username="du", password=STRONG, role=Role.INSPECTOR, unit=city.unit_a)
    user.refresh_from_db()
    assert user.unit is None
    assert not user.is_staff


@pytest.mark.parametrize(
    "password",
    [
        "short1!",  # shorter than 10
        "1234567890123",  # only digits
        "password123",  # a common password
        "zhangwei-admin",  # too like the username
    ],
)
def test_it_rejects_a_weak_password(password, city):
    with pytest.raises(ValidationError):
        user_create(username="zhangwei-admin", password=password, role=Role.INSPECTOR)
    assert not User.objects.filter(username="zhangwei-admin").exists()


def test_a_weak_password_is_accepted_only_when_the_check_is_turned_off(db):
    user = user_create(username="demo", password="demo", role=Role.INSPECTOR, check_password=False)
    assert user.check_password("demo")


def test_it_rejects_a_username_already_taken(db):
    user_create(username="zhang", password=STRONG, role=Role.INSPECTOR)
    with pytest.raises(ValidationError):
        user_create(username="zhang", password=STRONG, role=Role.INSPECTOR)
    assert User.objects.filter(username="zhang").count() == 1


def test_an_office_admin_gets_the_admin_site(db, client):
    user = user_create(username="office2", password=STRONG, role=Role.ADMIN)
    assert user.is_staff and user.is_superuser
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "admin/index.html" in [t.name for t in response.templates]


def test_a_non_admin_created_user_is_kept_out_of_the_admin_site(db, client):
    user = user_create(username="du", password=STRONG, role=Role.INSPECTOR)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
