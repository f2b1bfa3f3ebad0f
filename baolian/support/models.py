"""Support measures (帮扶措施): what a unit gave a community (DESIGN §2, §4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class Category(models.TextChoices):
    FUNDS = "funds", _("funds")  # 资金
    MATERIALS = "materials", _("materials")  # 物资
    PROJECT = "project", _("project")  # 项目
    COORDINATION = "coordination", _("coordination")  # 协调


class MeasureState(models.TextChoices):
    PLANNED = "planned", _("planned")  # 计划: pledged, not invested (DESIGN §4)
    IN_PROGRESS = "in_progress", _("in progress")  # 推进中
    DONE = "done", _("done")  # 已完成


class SupportMeasureQuerySet(models.QuerySet["SupportMeasure"]):
    def alive(self) -> SupportMeasureQuerySet:
        return self.filter(deleted_at__isnull=True)

    def between(self, start: date, end: date) -> SupportMeasureQuerySet:
        return self.filter(given_on__gte=start, given_on__lte=end)

    def invested(self) -> SupportMeasureQuerySet:
        """DESIGN §4: every category, any state but planned."""
        return self.exclude(state=MeasureState.PLANNED)

    def pledged(self) -> SupportMeasureQuerySet:
        return self.filter(state=MeasureState.PLANNED)

    def visible_to(self, scope: Scope) -> SupportMeasureQuerySet:
        if scope.sees_everything:
            return self
        if scope.role is None:
            return self.none()
        from baolian.accounts.models import Role

        if scope.role in (Role.LIAISON, Role.LEADER):
            return self.filter(scope.within("unit_id", "unit"))
        if scope.role == Role.STREET:
            return self.filter(community__street_id=scope.street_id)
        return self.filter(scope.within("community_id", "community"))


class SupportMeasure(models.Model):
    code = models.CharField(_("number"), max_length=64, null=True, blank=True, unique=True)
    unit = models.ForeignKey(
        "roster.Unit", on_delete=models.PROTECT, related_name="support_measures"
    )
    community = models.ForeignKey(
        "roster.Community", on_delete=models.PROTECT, related_name="support_measures"
    )
    given_on = models.DateField(_("date"), db_index=True)
    category = models.CharField(_("kind of support"), max_length=20, choices=Category)
    content = models.TextField(_("content"))
    # Exact yuan; optional for coordination.
    amount_yuan = models.DecimalField(
        _("amount (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    state = models.CharField(_("state"), max_length=20, choices=MeasureState)
    # The last day anything happened to it: a planned measure idle too long is "not followed up".
    progressed_on = models.DateField(_("last progress"), null=True, blank=True)
    problems = models.ManyToManyField(
        "problems.Problem", blank=True, related_name="support_measures"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = SupportMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("support measure")
        verbose_name_plural = _("support measures")
        indexes = [
            models.Index(fields=["unit", "given_on"]),
            # The planned measures not followed up, per unit (metrics: 缺乏连贯性), read from
            # the index alone: without it the count read every measure, by unit (90 ms of a
            # big city's dashboard on SQLite; 4 ms with it).
            models.Index(
                fields=["unit", "given_on", "progressed_on"],
                condition=models.Q(state="planned", deleted_at__isnull=True),
                name="support_planned_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.community}: {self.content[:30]}"
