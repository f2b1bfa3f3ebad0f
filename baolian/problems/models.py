"""The national standard as data, problem lists against it, and the rectification loop
(DESIGN §2, §4: 待整改 → 整改中 → 已整改 → 已销号, 退回 → 整改中)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class StandardItemQuerySet(models.QuerySet["StandardItem"]):
    def visible_to(self, scope: Scope) -> StandardItemQuerySet:
        # The standard is public knowledge: everyone signed in reads it.
        return self if scope.role is not None else self.none()


class StandardItem(models.Model):
    """A category, an item （一）… of the national standard, or a checklist entry under one."""

    class Level(models.TextChoices):
        CATEGORY = "category", _("standard category")
        ITEM = "item", _("standard item")
        CHECK = "check", _("checklist entry")

    # Stable key of the shipped file (C1, I10, K03): reloading the file updates, never doubles.
    code = models.CharField(_("code"), max_length=20, unique=True, null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    # Items are numbered continuously across categories: （一） is 1.
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("wording"), max_length=300)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # The shipped wording is not certain: the office should check it against the text.
    uncertain = models.BooleanField(_("wording to be checked"), default=False)
    sort_order = models.PositiveIntegerField(default=0, db_index=True)

    objects = StandardItemQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")

    def __str__(self) -> str:
        if self.number:
            return f"{self.label}{self.title}"
        return self.title

    @property
    def label(self) -> str:
        """（十）for item 10, as the standard numbers its items; empty for others."""
        from baolian.lib.numerals import cn_numeral

        return f"（{cn_numeral(self.number)}）" if self.number else ""

    @property
    def category(self) -> StandardItem | None:
        """The category this entry sits under (itself for a category)."""
        node: StandardItem | None = self
        while node is not None and node.level != self.Level.CATEGORY:
            node = node.parent
        return node


class ProblemState(models.TextChoices):
    OPEN = "open", _("to rectify")  # 待整改
    RECTIFYING = "rectifying", _("rectifying")  # 整改中
    RECTIFIED = "rectified", _("rectified, awaiting check")  # 已整改
    CLOSED = "closed", _("closed")  # 已销号


class FoundBy(models.TextChoices):
    UNIT = "unit", _("unit")
    INSPECTOR = "inspector", _("inspector")
    COMMUNITY = "community", _("community")
    OTHER = "other", _("other")


class ProblemQuerySet(models.QuerySet["Problem"]):
    def alive(self) -> ProblemQuerySet:
        return self.filter(deleted_at__isnull=True)

    def found_between(self, start: date, end: date) -> ProblemQuerySet:
        return self.filter(found_on__gte=start, found_on__lte=end)

    def closed_between(self, start: date, end: date) -> ProblemQuerySet:
        return self.filter(state=ProblemState.CLOSED, closed_on__gte=start, closed_on__lte=end)

    def overdue_at(self, day: date) -> ProblemQuerySet:
        """DESIGN §4: not closed, deadline before `day` (the period's end)."""
        return self.exclude(state=ProblemState.CLOSED).filter(deadline__lt=day)

    def visible_to(self, scope: Scope) -> ProblemQuerySet:
        if scope.sees_everything:
            return self
        if scope.role is None:
            return self.none()
        from baolian.accounts.models import Role

        if scope.role == Role.STREET:
            return self.filter(community__street_id=scope.street_id)
        return self.filter(scope.within("community_id", "community"))


class Problem(models.Model):
    code = models.CharField(_("number"), max_length=64, null=True, blank=True, unique=True)
    community = models.ForeignKey(
        "roster.Community", on_delete=models.PROTECT, related_name="problems"
    )
    standard_item = models.ForeignKey(
        StandardItem, on_delete=models.PROTECT, null=True, blank=True, related_name="problems"
    )
    description = models.TextField(_("description"))
    place = models.CharField(_("exact place"), max_length=200, blank=True)
    found_on = models.DateField(_("found on"), db_index=True)
    found_by = models.CharField(_("found by"), max_length=10, choices=FoundBy, default=FoundBy.UNIT)
    found_by_unit = models.ForeignKey(
        "roster.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    found_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responsible = models.CharField(_("responsible party"), max_length=200, blank=True)
    supporting_unit = models.ForeignKey(
        "roster.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    original_deadline = models.DateField(_("first deadline"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)  # 延期
    sent_back = models.PositiveSmallIntegerField(_("times sent back"), default=0)  # 返工
    state = models.CharField(
        _("state"), max_length=12, choices=ProblemState, default=ProblemState.OPEN
    )
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectify_note = models.TextField(_("rectification note"), blank=True)
    closed_on = models.DateField(_("verified and closed on"), null=True, blank=True)
    source_visit = models.ForeignKey(
        "visits.Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="problems"
    )
    # An evidence flag an inspector confirmed as a problem (走过场 seen on the spot, say).
    source_flag = models.ForeignKey(
        "visits.VisitFlag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [
            models.Index(fields=["community", "state"]),
            # Everything the period's problem figures read (metrics.py), so counting them
            # reads this index alone, never the rows.
            models.Index(
                fields=[
                    "community",
                    "found_on",
                    "state",
                    "closed_on",
                    "rectified_on",
                    "deadline",
                    "deleted_at",
                ],
                name="problems_figures_idx",
            ),
            # The problems closed month by month (the dashboard's series), from the index.
            models.Index(
                fields=["state", "found_on", "closed_on", "rectified_on", "deleted_at"],
                name="problems_closed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def is_overdue_on(self, day: date) -> bool:
        return (
            self.state != ProblemState.CLOSED and self.deadline is not None and self.deadline < day
        )


class ProblemEventQuerySet(models.QuerySet["ProblemEvent"]):
    def visible_to(self, scope: Scope) -> ProblemEventQuerySet:
        return self.filter(problem__in=Problem.objects.visible_to(scope))


class Action(models.TextChoices):
    CREATE = "create", _("listed")
    START = "start", _("rectification started")
    RECTIFY = "rectify", _("marked rectified")
    CLOSE = "close", _("verified and closed")
    SEND_BACK = "send_back", _("sent back")
    EXTEND = "extend", _("deadline extended")
    IMPORT = "import", _("changed by import")


class ProblemEvent(models.Model):
    """Every transition, extension and note: who, when, why."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action)
    # For an extension: the deadline before and after.
    deadline_before = models.DateField(null=True, blank=True)
    deadline_after = models.DateField(null=True, blank=True)
    from_state = models.CharField(max_length=12, choices=ProblemState, blank=True)
    to_state = models.CharField(max_length=12, choices=ProblemState, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    objects = ProblemEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
