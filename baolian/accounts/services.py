"""Creating users with a role and its binding."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from baolian.accounts.models import ROLE_BINDING, Role, User
from baolian.roster.models import Community, Leader, Street, Unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    phone: str = "",
    leader: Leader | None = None,
    unit: Unit | None = None,
    street: Street | None = None,
    community: Community | None = None,
    check_password: bool = True,
) -> User:
    """Create a user; an office admin also gets the Django admin.

    Only the binding the role uses is kept; `User.clean()` refuses a role without it.
    """
    bindings = {"leader": leader, "unit": unit, "street": street, "community": community}
    needed = ROLE_BINDING.get(role)
    user = User(
        username=username,
        role=role,
        full_name=full_name,
        phone=phone,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,  # the office may do everything, the admin site included
        **{name: value for name, value in bindings.items() if name == needed},
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
