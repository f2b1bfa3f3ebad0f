"""Visits (包联行动) and the evidence flags raised on them (DESIGN §2, §4)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class VisitKind(models.IntegerChoices):
    """活动类型. A visit has several; they are stored as bits of `Visit.kinds`."""

    SURVEY = 1, _("Survey and guidance")  # 调研指导
    INSPECTION = 2, _("Supervision and inspection")  # 督促检查
    CLEANUP = 4, _("Sanitation clean-up")  # 卫生整治
    PUBLICITY = 8, _("Publicity and education")  # 宣传教育
    COORDINATION = 16, _("Consultation and coordination")  # 会商协调
    DONATION = 32, _("Donation and support")  # 捐赠帮扶
    OTHER = 64, _("Other")  # 其他

    @classmethod
    def mask_of(cls, kinds: list[int] | list[VisitKind]) -> int:
        mask = 0
        for kind in kinds:
            mask |= int(kind)
        return mask

    @classmethod
    def split(cls, mask: int) -> list[VisitKind]:
        return [kind for kind in cls if mask & kind.value]


# DESIGN §4: an activity (创卫宣传、卫生整治等活动) is a visit whose kinds include either.
ACTIVITY_MASK = VisitKind.CLEANUP | VisitKind.PUBLICITY


class Confirmation(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    DISPUTED = "disputed", _("disputed")


def _by_unit_or_community(qs: models.QuerySet, scope: Scope) -> models.QuerySet:
    """Office and inspectors: all. Liaison and leader: their units' rows. Street and
    community officers: rows about their communities (a street's, for a street officer)."""
    if scope.sees_everything:
        return qs
    if scope.role is None:
        return qs.none()
    from baolian.accounts.models import Role

    if scope.role in (Role.LIAISON, Role.LEADER):
        return qs.filter(scope.within("unit_id", "unit"))
    if scope.role == Role.STREET:
        return qs.filter(community__street_id=scope.street_id)
    return qs.filter(scope.within("community_id", "community"))


class VisitQuerySet(models.QuerySet["Visit"]):
    def alive(self) -> VisitQuerySet:
        return self.filter(deleted_at__isnull=True)

    def between(self, start: date, end: date) -> VisitQuerySet:
        return self.filter(visited_on__gte=start, visited_on__lte=end)

    def activities(self) -> VisitQuerySet:
        return self.alias(activity_bits=models.F("kinds").bitand(int(ACTIVITY_MASK))).exclude(
            activity_bits=0
        )

    def visible_to(self, scope: Scope) -> VisitQuerySet:
        """Office and inspectors: all. Liaison and leader: their units' visits. Street and
        community officers: visits to their communities (a street's, for a street officer)."""
        return _by_unit_or_community(self, scope)


class Visit(models.Model):
    """One outing (场次) of a unit to a community on a date."""

    # Made on the phone (or by the importer from 编号): a retried submission finds its visit.
    client_id = models.UUIDField(_("submission id"), unique=True, default=uuid.uuid4)
    code = models.CharField(_("number"), max_length=64, null=True, blank=True, unique=True)
    unit = models.ForeignKey(
        "roster.Unit", on_delete=models.PROTECT, related_name="visits", verbose_name=_("unit")
    )
    community = models.ForeignKey(
        "roster.Community",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("community"),
    )
    visited_on = models.DateField(_("date"), db_index=True)
    leader = models.ForeignKey(
        "roster.Leader",
        on_delete=models.PROTECT,
        related_name="visits",
        null=True,
        blank=True,
        verbose_name=_("led by municipal leader"),
    )
    unit_head_led = models.BooleanField(_("led by the unit's head"), default=False)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    kinds = models.PositiveSmallIntegerField(_("kinds"), default=0)
    summary = models.TextField(_("work done"), blank=True)
    findings = models.TextField(_("problems found"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    # False for a visit imported without 上报时间: reported_at then holds the import's time,
    # which says nothing about when the unit reported, so such a visit is never counted late
    # (an old visit imported years later is not years late).
    reported_at_known = models.BooleanField(_("reporting time known"), default=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    # The browser's location at submission, with the user's consent.
    device_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    device_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    device_accuracy_m = models.PositiveIntegerField(null=True, blank=True)

    confirmation = models.CharField(
        _("confirmation"), max_length=12, choices=Confirmation, default=Confirmation.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    dispute_reason = models.TextField(_("reason for dispute"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Deleting is rare, soft and audited (DESIGN §4).
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["unit", "visited_on"]),
            models.Index(fields=["community", "visited_on"]),
            # The period's live visits found from the index alone: what the evidence
            # flags by kind join on (metrics.flags_by_kind), without reading each visit.
            models.Index(fields=["visited_on", "deleted_at"], name="visits_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.community} {self.visited_on:%Y-%m-%d}"

    @property
    def number(self) -> str:
        """编号: the imported sheet's, else V and the id (what the export writes)."""
        return self.code or f"V{self.pk}"

    @property
    def kind_list(self) -> list[VisitKind]:
        return VisitKind.split(self.kinds)

    @property
    def is_activity(self) -> bool:
        return bool(self.kinds & ACTIVITY_MASK)

    def lag_days(self) -> int | None:
        """DESIGN §4: calendar date of reported_at (local time) − visit date; None when the
        original reporting time is unknown (imported without 上报时间)."""
        from django.utils import timezone

        if not self.reported_at_known:
            return None
        return (timezone.localtime(self.reported_at).date() - self.visited_on).days


class FlagKind(models.TextChoices):
    REUSED_PHOTO = "reused_photo", _("photo used before")
    OTHER_DAY = "other_day", _("photo taken on another day")
    FAR_AWAY = "far_away", _("far from the community")
    NO_METADATA = "no_metadata", _("no original metadata")
    PHOTO_ONLY = "photo_only", _("photo-only visit")
    UNCONFIRMED = "unconfirmed", _("not confirmed by the community")
    DISPUTED = "disputed", _("disputed by the community")
    LATE = "late", _("reported late")


class FlagReview(models.TextChoices):
    OPEN = "open", _("to review")
    ACCEPTED = "accepted", _("accepted")
    PROBLEM = "problem", _("confirmed as a problem")


class VisitFlagQuerySet(models.QuerySet["VisitFlag"]):
    def visible_to(self, scope: Scope) -> VisitFlagQuerySet:
        return self.filter(visit__in=Visit.objects.visible_to(scope))


class VisitFlag(models.Model):
    """A signal for the inspector, never a verdict (DESIGN §4), with its readable reason."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("flag"), max_length=20, choices=FlagKind)
    reason = models.TextField(_("reason"))
    # For a reused photo: the earlier visit it was seen on.
    other_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The photo the flag is about (reused, another day, far away), when there is one.
    photo = models.ForeignKey(
        "photos.Photo", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review = models.CharField(
        _("review"), max_length=10, choices=FlagReview, default=FlagReview.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitFlagQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "kind"]
        verbose_name = _("evidence flag")
        verbose_name_plural = _("evidence flags")
        constraints = [
            models.UniqueConstraint(fields=["visit", "kind"], name="one_flag_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"


class CountedQuerySet(models.QuerySet):
    def visible_to(self, scope: Scope) -> CountedQuerySet:
        """Whoever sees the visits counted in a row: the visits' own rule."""
        return _by_unit_or_community(self, scope)


class Counted(models.Model):
    """What the counted tables share: a unit's visits to a community in one calendar month,
    seen by whoever sees those visits, and read by month or by unit."""

    unit = models.ForeignKey("roster.Unit", on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey("roster.Community", on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()  # year × 12 + month − 1

    objects = CountedQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [
            models.Index(fields=["month", "unit"]),
            models.Index(fields=["unit", "community", "month"]),
        ]


class VisitMonth(Counted):
    """Derived, never edited: a unit's live visits to a community in one calendar month (by
    the municipal leader who led them, or none), counted as the metrics count them.

    `baolian.visits.months` keeps it in step with every save and delete of a visit or a
    flag, in the same transaction; bulk writers call `months.refresh()` or `months.rebuild()`.
    The period metrics read whole months here instead of scanning every visit, so a
    dashboard over two million visits costs about what its rows cost."""

    leader = models.ForeignKey(
        "roster.Leader", on_delete=models.CASCADE, null=True, related_name="+"
    )
    visits = models.PositiveIntegerField()
    unit_head_led = models.PositiveIntegerField()
    activities = models.PositiveIntegerField()
    late = models.PositiveIntegerField()  # reported more than `late_days` after the visit
    late_days = models.PositiveSmallIntegerField()  # the campaign's setting it was counted by
    flagged = models.PositiveIntegerField()  # with a flag an inspector has not accepted
    last_day = models.PositiveSmallIntegerField()  # the month's last day visited

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.community_id} {self.month}: {self.visits}"


class FlagMonth(Counted):
    """Derived with `VisitMonth`, in the same recount: the flags an inspector has not
    accepted, by kind, on a unit's live visits to a community in one calendar month (the
    dashboard's flags by kind)."""

    kind = models.CharField(max_length=20, choices=FlagKind)
    flags = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.community_id} {self.month} {self.kind}: {self.flags}"
