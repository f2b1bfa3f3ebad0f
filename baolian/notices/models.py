"""Notices: what the system told whom, when, and through which channel.

A notice is claimed before it is delivered (a unique dedupe key per recipient, then
`filter(sent_at=None).update(sent_at=now)`), so `baolian remind` run twice — or twice at
once from two crons — never tells anyone the same thing twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class NoticeKind(models.TextChoices):
    PACE = "pace", _("visits behind the monthly quota")
    LEADER_LAG = "leader_lag", _("units led falling behind")
    UNCONFIRMED = "unconfirmed", _("visits awaiting confirmation")
    PROBLEM_DUE = "problem_due", _("problem deadline near")
    PROBLEM_OVERDUE = "problem_overdue", _("problem past its deadline")
    MEASURE_IDLE = "measure_idle", _("planned measure not followed up")
    OTHER = "other", _("other")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def visible_to(self, scope: Scope) -> NoticeQuerySet:
        """Everyone reads their own; the campaign office reads what was sent to whom."""
        if scope.is_anonymous:
            return self.none()
        if scope.is_office:
            return self
        return self.filter(recipient_id=scope.user_id)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True, sent_at__isnull=False)


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    # Says what the notice is about (kind, object, the state told): the same thing is
    # never told twice to the same person.
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notice_once_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class ChatFlavour(models.TextChoices):
    WECOM = "wecom", _("WeCom (企业微信) group robot")
    DINGTALK = "dingtalk", _("DingTalk (钉钉) group robot")
    FEISHU = "feishu", _("Feishu / Lark (飞书) group robot")


class WebhookTargetQuerySet(models.QuerySet["WebhookTarget"]):
    def visible_to(self, scope: Scope) -> WebhookTargetQuerySet:
        # The robot URLs carry a secret token: only the office sees them.
        return self if scope.is_office else self.none()


class WebhookTarget(models.Model):
    """A chat group's robot that hears the reminders of one street or one unit."""

    name = models.CharField(_("name"), max_length=100)
    flavour = models.CharField(_("chat app"), max_length=10, choices=ChatFlavour)
    url = models.URLField(_("robot URL"), max_length=500)
    street = models.ForeignKey(
        "roster.Street",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("street"),
    )
    unit = models.ForeignKey(
        "roster.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    active = models.BooleanField(_("enabled"), default=True)

    objects = WebhookTargetQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("chat robot")
        verbose_name_plural = _("chat robots")
        constraints = [
            # A robot hears one street's or one unit's reminders, never both or nobody's.
            models.CheckConstraint(
                condition=models.Q(street__isnull=True, unit__isnull=False)
                | models.Q(street__isnull=False, unit__isnull=True),
                name="webhook_for_street_or_unit",
                violation_error_message=_(
                    "Choose either a street or a unit for this robot: it hears the reminders "
                    "of one of them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WebhookMessageQuerySet(models.QuerySet["WebhookMessage"]):
    def visible_to(self, scope: Scope) -> WebhookMessageQuerySet:
        return self if scope.is_office else self.none()


class WebhookMessage(models.Model):
    """One message to one robot; claimed like a notice so a group hears it once."""

    target = models.ForeignKey(WebhookTarget, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind)
    dedupe_key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    objects = WebhookMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        constraints = [
            models.UniqueConstraint(fields=["target", "dedupe_key"], name="webhook_once_per_target")
        ]

    def __str__(self) -> str:
        return self.subject
