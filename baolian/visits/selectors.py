"""Reading visits: filtered lists with counts, one visit's page, a unit's months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baolian.accounts.scoping import visible
from baolian.roster.models import CampaignSettings, Pairing, Unit
from baolian.visits.models import FlagKind, FlagReview, Visit, VisitFlag


@dataclass
class VisitFilters:
    """What a list is narrowed to; every field optional. Built by `forms.VisitFilterForm`."""

    date_from: date | None = None
    date_to: date | None = None
    street: int | None = None
    community: int | None = None
    unit: int | None = None
    leader: int | None = None
    kind: int | None = None
    flag: str | None = None  # a FlagKind, or "any" for any open flag
    confirmation: str | None = None


def visit_list(*, user: object, filters: VisitFilters | None = None) -> QuerySet[Visit]:
    """Visits the user may see, narrowed by `filters`, newest first."""
    filters = filters or VisitFilters()
    qs = visible(user, Visit.objects.alive())
    if filters.date_from:
        qs = qs.filter(visited_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(visited_on__lte=filters.date_to)
    if filters.street:
        qs = qs.filter(community__street_id=filters.street)
    if filters.community:
        qs = qs.filter(community_id=filters.community)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.leader:
        qs = qs.filter(leader_id=filters.leader)
    if filters.kind:
        qs = qs.alias(kind_bit=F("kinds").bitand(int(filters.kind))).exclude(kind_bit=0)
    if filters.confirmation:
        qs = qs.filter(confirmation=filters.confirmation)
    if filters.flag == "any":
        qs = qs.filter(flags__review=FlagReview.OPEN).distinct()
    elif filters.flag:
        qs = qs.filter(flags__kind=filters.flag).distinct()
    return qs.select_related("unit", "community__street", "leader").prefetch_related(
        Prefetch("flags", queryset=VisitFlag.objects.order_by("kind"))
    )


def flags_by_visit(visits: list[Visit]) -> dict[int, list[VisitFlag]]:
    """The flags of a page's visits by visit, in kind order: one query, read as rows (a
    prefetch builds a queryset for each of the 50 visits, a tenth of the list page)."""
    found: dict[int, list[VisitFlag]] = {visit.pk: [] for visit in visits}
    for flag in VisitFlag.objects.filter(visit_id__in=found).order_by("kind", "pk"):
        found[flag.visit_id].append(flag)
    return found


def flag_counts(visits: QuerySet[Visit]) -> dict[str, int]:
    """How many of these visits carry each flag (reviewed or not)."""
    rows = (
        VisitFlag.objects.filter(visit__in=visits.order_by().values("pk"))
        .values("kind")
        .annotate(n=Count("visit", distinct=True))
    )
    counts = {kind.value: 0 for kind in FlagKind}
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def visit_detail(*, visit: Visit) -> dict[str, object]:
    from baolian.visits.evidence import device_distance, photo_distances

    distances = {photo.pk: metres for photo, metres in photo_distances(visit)}
    return {
        "photos": list(visit.photos.all()),
        "distances": distances,
        "device_distance": device_distance(visit),
        "flags": list(
            visit.flags.select_related("other_visit__unit", "other_visit__community", "reviewed_by")
        ),
    }


@dataclass
class HistoryLine:
    timestamp: object
    actor: object
    action: str
    changes: list[tuple[str, str, str]]


def visit_history(*, visit: Visit) -> list[HistoryLine]:
    """Who changed what and when: creation in one line, each change as field: before → after."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Visit), object_pk=str(visit.pk)
    ).select_related("actor")
    lines = []
    for entry in entries.order_by("timestamp", "pk"):
        changes = []
        if entry.action == LogEntry.Action.UPDATE:
            for name, (before, after) in (entry.changes_dict or {}).items():
                choices: dict[str, str] = {}
                if name == "photos":  # written by services.visit_edit: names before → after
                    changes.append((str(_("Photos")), _shown(before), _shown(after)))
                    continue
                try:
                    field = Visit._meta.get_field(name)
                    label = str(field.verbose_name)
                    # the log keeps stored codes (pending); people read the labels (待确认)
                    choices = {str(k): str(v) for k, v in (field.choices or [])}
                except Exception:  # noqa: BLE001 - a field since removed keeps its name
                    label = name
                changes.append(
                    (
                        label,
                        _shown(choices.get(str(before), before)),
                        _shown(choices.get(str(after), after)),
                    )
                )
        lines.append(HistoryLine(entry.timestamp, entry.actor, entry.get_action_display(), changes))
    return lines


def _shown(value: object) -> str:
    text = "" if value in (None, "None") else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


@dataclass
class MonthRow:
    year: int
    month: int
    visits: int
    # the part of the month in which a pairing of the unit was active (DESIGN §4 months)
    months: Decimal
    quota: Decimal

    @property
    def required(self) -> Decimal:
        return (self.quota * self.months).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.months > 0 and Decimal(self.visits) >= self.quota * self.months

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def partial(self) -> bool:
        return self.months < 1


def unit_months(*, unit: Unit, today: date | None = None) -> list[MonthRow]:
    """The unit's visits month by month from its first pairing to today, each month against
    the quota pro rata to the days a pairing was active (DESIGN §4)."""
    today = today or timezone.localdate()
    quota = CampaignSettings.load().monthly_quota
    spans = [
        (p.started_on, min(p.ended_on or today, today))
        for p in Pairing.objects.filter(unit=unit)
        if p.started_on <= today
    ]
    if not spans:
        return []
    start = min(s for s, _e in spans)
    counts: dict[tuple[int, int], int] = {}
    for day in (
        Visit.objects.alive()
        .filter(unit=unit, visited_on__gte=start)
        .values_list("visited_on", flat=True)
    ):
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
    rows = []
    year, month = start.year, start.month
    while (year, month) <= (today.year, today.month):
        days = calendar.monthrange(year, month)[1]
        first, last = date(year, month, 1), date(year, month, days)
        active = _covered_days(spans, first, last)
        fraction = (Decimal(active) / Decimal(days)).quantize(Decimal("0.001"))
        rows.append(MonthRow(year, month, counts.get((year, month), 0), fraction, quota))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def _covered_days(spans: list[tuple[date, date]], first: date, last: date) -> int:
    covered: set[date] = set()
    for start, end in spans:
        lo, hi = max(start, first), min(end, last)
        day = lo
        while day <= hi:
            covered.add(day)
            day += timedelta(days=1)
    return len(covered)
