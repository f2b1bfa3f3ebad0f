"""Photos as evidence (照片佐证): the original byte for byte, a display copy, and what the
file says about itself. Visits, problems and support measures attach photos; a photo is
visible to whoever may see what it is attached to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class Stage(models.TextChoices):
    EVIDENCE = "evidence", _("evidence")  # a visit's or a measure's photos
    BEFORE = "before", _("before")  # a problem as found
    AFTER = "after", _("after")  # a problem as rectified


class PhotoQuerySet(models.QuerySet["Photo"]):
    def visible_to(self, scope: Scope) -> PhotoQuerySet:
        if scope.sees_everything:
            return self
        from baolian.problems.models import Problem
        from baolian.support.models import SupportMeasure
        from baolian.visits.models import Visit

        return self.filter(
            models.Q(visit__in=Visit.objects.visible_to(scope))
            | models.Q(problem__in=Problem.objects.visible_to(scope))
            | models.Q(support_measure__in=SupportMeasure.objects.visible_to(scope))
        )


class Photo(models.Model):
    # Names are random (see photos.storage): never a guessable public URL.
    original = models.FileField(_("original"), max_length=255)
    display = models.FileField(_("display copy"), max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    # 64-bit perceptual hash stored as a signed integer (Python int ↔ BIGINT).
    phash = models.BigIntegerField(db_index=True)
    # Grey levels at 10 percentiles (hex): tells a copy from a second shot of the same scene.
    tone = models.CharField(max_length=20, blank=True, default="")
    width = models.PositiveIntegerField()  # as displayed, after orientation
    height = models.PositiveIntegerField()
    orientation = models.PositiveSmallIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    # "+08:00" when the file says so; empty when the camera recorded local time only.
    taken_offset = models.CharField(max_length=6, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    make = models.CharField(max_length=100, blank=True)
    model = models.CharField(max_length=100, blank=True)
    has_exif = models.BooleanField(default=False)

    stage = models.CharField(max_length=10, choices=Stage, default=Stage.EVIDENCE)
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    support_measure = models.ForeignKey(
        "support.SupportMeasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.original_name or f"photo {self.pk}"
