"""Users and their roles (DESIGN §3)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Campaign office")
    INSPECTOR = "inspector", _("Inspector")
    LEADER = "leader", _("Municipal leader")
    LIAISON = "liaison", _("Unit liaison")
    STREET = "street", _("Street officer")
    COMMUNITY = "community", _("Community officer")


# Which roster row each role is bound to; the scoping rules read it.
ROLE_BINDING = {
    Role.LEADER: "leader",
    Role.LIAISON: "unit",
    Role.STREET: "street",
    Role.COMMUNITY: "community",
}


class BaolianUserManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: object,
    ) -> User:
        # `baolian createsuperuser` makes the office's first account.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.COMMUNITY)
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    leader = models.ForeignKey(
        "roster.Leader", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("leader")
    )
    unit = models.ForeignKey(
        "roster.Unit", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("unit")
    )
    street = models.ForeignKey(
        "roster.Street", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("street")
    )
    community = models.ForeignKey(
        "roster.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("community"),
    )

    objects = BaolianUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A bound role without its binding would see nothing, or worse, be guessed at.
            models.CheckConstraint(
                condition=~models.Q(role="leader") | models.Q(leader__isnull=False),
                name="leader_user_has_leader",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="liaison") | models.Q(unit__isnull=False),
                name="liaison_user_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="street") | models.Q(street__isnull=False),
                name="street_user_has_street",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="community") | models.Q(community__isnull=False),
                name="community_user_has_community",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        """A bound role needs its binding, and only that one (forms show this, not a 500)."""
        super().clean()
        needed = ROLE_BINDING.get(Role(self.role)) if self.role in Role.values else None
        errors = {}
        if needed and getattr(self, f"{needed}_id") is None:
            errors[needed] = _("A user with this role must be bound to a %(what)s.") % {
                "what": self._meta.get_field(needed).verbose_name
            }
        for other in ROLE_BINDING.values():
            if other != needed and getattr(self, f"{other}_id") is not None:
                errors[other] = _("Only a %(role)s user is bound to this.") % {
                    "role": Role(next(r for r, f in ROLE_BINDING.items() if f == other)).label
                }
        if self.role != Role.ADMIN and (self.is_superuser or self.is_staff):
            # The admin site can do everything; only the campaign office may enter it.
            errors["role"] = _(
                "Only a campaign office user may be staff or superuser: untick those boxes "
                "or keep the role."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def binding(self) -> object | None:
        field = ROLE_BINDING.get(Role(self.role))
        return getattr(self, field) if field else None
