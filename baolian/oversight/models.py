"""Numbered inspection bulletins (督查通报, 第N期): drafted, edited, then published frozen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class BulletinQuerySet(models.QuerySet["Bulletin"]):
    def published(self) -> BulletinQuerySet:
        return self.filter(state=BulletinState.PUBLISHED)

    def visible_to(self, scope: Scope) -> BulletinQuerySet:
        """Office and inspectors: drafts too. Everyone signed in: published bulletins, which
        are circulated to every unit, street and community."""
        if scope.sees_everything:
            return self
        if scope.role is None:
            return self.none()
        return self.published()


def _file_name(instance: Bulletin, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1]
    return f"bulletins/{instance.year}-{instance.number:03d}.{extension}"


class Bulletin(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # 截至 (from the campaign's start) or a period of its own: the text says which.
    cutoff = models.BooleanField(_("cut-off report"), default=True)
    body = models.TextField(_("text"))
    issuer = models.CharField(_("issued by"), max_length=100)
    issued_on = models.DateField(_("date of issue"))
    state = models.CharField(
        _("state"), max_length=12, choices=BulletinState, default=BulletinState.DRAFT
    )
    # metrics_json of the period, taken when the text was written; frozen on publishing.
    figures = models.JSONField(_("figures"), default=dict)
    docx = models.FileField(upload_to=_file_name, blank=True)
    md = models.FileField(upload_to=_file_name, blank=True)
    html = models.FileField(upload_to=_file_name, blank=True)
    pdf = models.FileField(upload_to=_file_name, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"

    @property
    def is_published(self) -> bool:
        return self.state == BulletinState.PUBLISHED


class BulletinCase(models.Model):
    """A typical case (典型做法) an inspector picked from a visit or a support measure."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="cases")
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        "support.SupportMeasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit__isnull=False, measure__isnull=True)
                | models.Q(visit__isnull=True, measure__isnull=False),
                name="bulletin_case_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin}: {self.visit or self.measure}"


class LetterheadQuerySet(models.QuerySet["Letterhead"]):
    def visible_to(self, scope: Scope) -> LetterheadQuerySet:
        return self if scope.is_office else self.none()


class Letterhead(models.Model):
    """The office's own .docx layout with placeholders; the newest one is used."""

    file = models.FileField(upload_to="letterheads/")
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = LetterheadQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name
