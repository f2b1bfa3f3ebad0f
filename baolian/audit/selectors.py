"""Reads of the audit log (django-auditlog's LogEntry): who did what, when, from where."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    content_type_id: int | None = None
    action: int | None = None
    start: date | None = None
    end: date | None = None
    address: str = ""


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(*, filters: AuditFilter) -> QuerySet[LogEntry]:
    rows = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if filters.actor_id is not None:
        rows = rows.filter(actor_id=filters.actor_id)
    if filters.content_type_id is not None:
        rows = rows.filter(content_type_id=filters.content_type_id)
    if filters.action is not None:
        rows = rows.filter(action=filters.action)
    if filters.start is not None:
        rows = rows.filter(timestamp__gte=_local_midnight(filters.start))
    if filters.end is not None:  # the whole last day, in the site's time zone
        rows = rows.filter(timestamp__lt=_local_midnight(filters.end + timedelta(days=1)))
    if filters.address:
        rows = rows.filter(remote_addr=filters.address)
    return rows


def audited_models() -> QuerySet[ContentType]:
    """The kinds of rows that have history, for the filter's drop-down."""
    used = LogEntry.objects.values("content_type_id").distinct()
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


def audit_row(entry: LogEntry) -> list[object]:
    """One entry as the page and the export show it."""
    return [
        timezone.localtime(entry.timestamp).replace(tzinfo=None),
        str(entry.actor) if entry.actor else "",
        entry.get_action_display(),
        _model_name(entry.content_type),
        entry.object_repr,
        _changes(entry),
        entry.remote_addr or "",
    ]


def audit_rows(entries: QuerySet[LogEntry]) -> Iterator[list[object]]:
    for entry in entries.iterator(chunk_size=2000):
        yield audit_row(entry)


def _changes(entry: LogEntry) -> str:
    """field：before → after；… with the fields' own (translated) names."""
    if not entry.changes:
        return ""
    try:
        shown = entry.changes_display_dict
    except (
        AttributeError,
        LookupError,
    ):  # a row of a model since removed: its raw field names will do
        shown = entry.changes_dict
    return "；".join(f"{field}：{old} → {new}" for field, (old, new) in shown.items())


def _model_name(content_type: ContentType | None) -> str:
    if content_type is None:
        return ""
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model
