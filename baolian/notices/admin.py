from __future__ import annotations

from django.contrib import admin
from django.db import models

from baolian.notices.models import Notice, WebhookMessage, WebhookTarget


@admin.register(WebhookTarget)
class WebhookTargetAdmin(admin.ModelAdmin):
    list_display = ["name", "flavour", "street", "unit", "active"]
    list_filter = ["flavour", "active"]
    # The robots' addresses are https; a pasted address without a scheme means that.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(WebhookMessage)
class WebhookMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "target", "sent_at", "status", "error"]
    list_filter = ["kind", "target"]
    readonly_fields = [f.name for f in WebhookMessage._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "sent_at", "emailed_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
