"""Creating users with a role and its binding."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baolian.accounts.models import ROLE_BINDING, Role, User
from baolian.roster.models import Community, Leader, Street, Unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    leader: Leader | None = None,
    unit: Unit | None = None,
    street: Street | None = None,
    community: Community | None = None,
    check_password: bool = True,
) -> User:
    """Create a user; an office admin also gets the Django admin."""
    bindings = {"leader": leader, "unit": unit, "street": street, "community": community}
    needed = ROLE_BINDING.get(role)
    if needed and bindings[needed] is None:
        raise ValidationError(
            _("A user with this role must be bound to a %(what)s.")
            % {"what": User._meta.get_field(needed).verbose_name}
        )
    user = User(
        username=username,
        role=role,
        full_name=full_name,
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
