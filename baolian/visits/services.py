"""Writing visits: report (idempotent by the phone's id), confirm, dispute, review flags."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baolian.accounts.scoping import Scope, scope_of
from baolian.roster.models import CampaignSettings, Community, Leader, Unit
from baolian.visits import evidence, months, rules
from baolian.visits.models import Confirmation, FlagReview, Visit, VisitFlag, VisitKind

MAX_PHOTOS = 9  # what a chat app lets one pick at once
MAX_TEXT = 5000


class VisitRefused(Exception):
    """The visit cannot be recorded; `message` says why, for the person who sent it."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class PhotoUpload:
    name: str
    data: bytes


@dataclass(frozen=True)
class Location:
    latitude: Decimal
    longitude: Decimal
    accuracy_m: int | None = None


def _existing(client_id: uuid.UUID, scope: Scope) -> Visit | None:
    visit = Visit.objects.filter(client_id=client_id).first()
    if visit is None:
        return None
    if not Visit.objects.visible_to(scope).filter(pk=visit.pk).exists():
        # A submission id is the phone's secret; someone else's is refused, not revealed.
        raise VisitRefused(_("This submission id belongs to another visit."))
    return visit


def visit_report(
    *,
    user: object,
    client_id: uuid.UUID,
    unit: Unit,
    community: Community,
    visited_on: date,
    kinds: Sequence[int],
    leader: Leader | None = None,
    unit_head_led: bool = False,
    participants: int | None = None,
    summary: str = "",
    findings: str = "",
    photos: Sequence[PhotoUpload] = (),
    location: Location | None = None,
    require_photos: bool = True,
    reported_at: datetime | None = None,
) -> tuple[Visit, bool]:
    """Record a visit and its photos together; (visit, created).

    A second call with the same `client_id` (double tap, retry after a dropped connection)
    returns the visit of the first and stores nothing.
    """
    scope = scope_of(user)
    found = _existing(client_id, scope)
    if found is not None:
        return found, False
    _validate(
        scope=scope,
        unit=unit,
        community=community,
        visited_on=visited_on,
        kinds=kinds,
        leader=leader,
        summary=summary,
        findings=findings,
        photos=photos,
        require_photos=require_photos,
    )
    from baolian.photos.services import (
        photo_files_cleanup,
        photo_prepare,
        photo_store,
        photo_write,
    )

    # The slow part (checking, decoding and hashing each photo, its display copy) is done
    # before the transaction: SQLite has one writer, and a visit holding the write lock
    # while it decodes three 12-megapixel photos makes every other writer wait.
    prepared = [photo_prepare(upload.data, name=upload.name) for upload in photos]
    try:
        # Files written for a visit that is then not saved are removed, so a failed upload
        # leaves nothing behind; the transaction only adds the visit's and photos' rows.
        with photo_files_cleanup():
            written = [photo_write(photo) for photo in prepared]
            with transaction.atomic():
                visit = Visit.objects.create(
                    client_id=client_id,
                    unit=unit,
                    community=community,
                    visited_on=visited_on,
                    leader=leader,
                    unit_head_led=unit_head_led,
                    participants=participants,
                    kinds=VisitKind.mask_of(list(kinds)),
                    summary=summary.strip(),
                    findings=findings.strip(),
                    reported_at=reported_at or timezone.now(),
                    reported_by=user if getattr(user, "pk", None) else None,
                    device_latitude=location.latitude if location else None,
                    device_longitude=location.longitude if location else None,
                    device_accuracy_m=location.accuracy_m if location else None,
                )
                for photo in written:
                    photo_store(prepared=photo, uploaded_by=_user(user), visit=visit)
                visit_flags_refresh(visit=visit)
    except IntegrityError:
        # Two copies of one submission raced: the other one won, and it is this visit.
        found = _existing(client_id, scope)
        if found is None:
            raise
        return found, False
    return visit, True


def photo_message(exc: Exception) -> str:
    """The photos module gives its refusals in Chinese and English; say it in the reader's."""
    if get_language().startswith("en"):
        return str(getattr(exc, "message_en", exc))
    return str(exc)


def _user(user: object) -> object | None:
    return user if getattr(user, "pk", None) else None


def _validate(
    *,
    scope: Scope,
    unit: Unit,
    community: Community,
    visited_on: date,
    kinds: Sequence[int],
    leader: Leader | None,
    summary: str,
    findings: str,
    photos: Sequence[PhotoUpload],
    require_photos: bool,
) -> None:
    refusal = rules.visit_refusal(scope, unit=unit, community=community, day=visited_on)
    if refusal:
        raise VisitRefused(refusal, "community")
    if visited_on > timezone.localdate():
        raise VisitRefused(_("The date is in the future."), "visited_on")
    if not kinds:
        raise VisitRefused(_("Tick at least one kind of work."), "kinds")
    if any(int(kind) not in VisitKind.values for kind in kinds):
        raise VisitRefused(_("Unknown kind of work."), "kinds")
    if len(summary) > MAX_TEXT or len(findings) > MAX_TEXT:
        raise VisitRefused(_("At most %(max)d characters.") % {"max": MAX_TEXT}, "summary")
    if require_photos and not photos:
        raise VisitRefused(_("Add at least one photo."), "photos")
    if len(photos) > MAX_PHOTOS:
        raise VisitRefused(_("At most %(max)d photos per visit.") % {"max": MAX_PHOTOS}, "photos")


@transaction.atomic
def visit_flags_refresh(
    *, visit: Visit, today: date | None = None, campaign: CampaignSettings | None = None
) -> list[VisitFlag]:
    """Make the visit's flags what the checks find now. A reviewed flag is a person's
    judgement and stays as it was, even when its cause has gone."""
    found = {f.kind: f for f in evidence.check_visit(visit, campaign=campaign, today=today)}
    flags = {flag.kind: flag for flag in visit.flags.all()}
    for kind, flag in flags.items():
        if kind not in found and flag.review == FlagReview.OPEN:
            flag.delete()
    kept = []
    for kind, finding in found.items():
        flag = flags.get(kind)
        values = {
            "reason": finding.reason,
            "other_visit": finding.other_visit,
            "photo": finding.photo,
        }
        if flag is None:
            flag = VisitFlag.objects.create(visit=visit, kind=kind, **values)
        elif flag.review == FlagReview.OPEN and any(
            getattr(flag, name) != value for name, value in values.items()
        ):
            for name, value in values.items():
                setattr(flag, name, value)
            flag.save(update_fields=[*values])
        kept.append(flag)
    return kept


def visits_flags_refresh(*, today: date | None = None, queryset: object = None) -> int:
    """Re-check every visit still awaiting something (cron: `baolian visits check`)."""
    qs = queryset if queryset is not None else Visit.objects.alive()
    count = 0
    campaign = CampaignSettings.load()
    with months.deferred():  # each visit's month recounted once, at the end
        for visit in qs.select_related("community", "unit").prefetch_related("photos", "flags"):
            visit_flags_refresh(visit=visit, today=today, campaign=campaign)
            count += 1
    return count


@transaction.atomic
def visit_confirm(*, user: object, visit: Visit, confirmed: bool, reason: str = "") -> Visit:
    """The community confirms the visit happened, or disputes it with a reason."""
    if not rules.can_confirm_visit(scope_of(user), visit):
        raise VisitRefused(_("Only the community's own officer confirms its visits."))
    reason = reason.strip()
    if not confirmed and not reason:
        raise VisitRefused(_("Say why you dispute this visit."), "reason")
    if len(reason) > MAX_TEXT:
        raise VisitRefused(_("At most %(max)d characters.") % {"max": MAX_TEXT}, "reason")
    visit.confirmation = Confirmation.CONFIRMED if confirmed else Confirmation.DISPUTED
    visit.dispute_reason = "" if confirmed else reason
    visit.confirmed_by = _user(user)
    visit.confirmed_at = timezone.now()
    visit.save(
        update_fields=[
            "confirmation",
            "dispute_reason",
            "confirmed_by",
            "confirmed_at",
            "updated_at",
        ]
    )
    visit_flags_refresh(visit=visit)
    return visit


@transaction.atomic
def flag_review(*, user: object, flag: VisitFlag, review: str, comment: str = "") -> VisitFlag:
    """An inspector's judgement on a flag: accepted (explained) or confirmed as a problem."""
    if not rules.can_review_flag(scope_of(user), flag):
        raise VisitRefused(_("Only inspectors and the office review flags."))
    if review not in (FlagReview.ACCEPTED, FlagReview.PROBLEM, FlagReview.OPEN):
        raise VisitRefused(_("Choose accepted or confirmed as a problem."), "review")
    comment = comment.strip()
    if review == FlagReview.PROBLEM and not comment:
        raise VisitRefused(_("Say what the problem is."), "comment")
    flag.review = review
    flag.review_comment = comment[:MAX_TEXT]
    flag.reviewed_by = _user(user)
    flag.reviewed_at = timezone.now() if review != FlagReview.OPEN else None
    flag.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    return flag


EDITABLE = {"leader", "unit_head_led", "participants", "summary", "findings"}


def visit_edit(
    *,
    user: object,
    visit: Visit,
    kinds: Sequence[int],
    visited_on: date | None = None,
    add_photos: Sequence[PhotoUpload] = (),
    remove_photos: Sequence[int] = (),
    **fields: object,
) -> Visit:
    """Correct a visit: its facts, its date (within the pairing's dates), its photos.

    The history keeps what it was before (the visit's fields through auditlog; the photos
    as one line of names before → after). A removed photo is detached, not deleted: its
    files and row stay for the office, and it no longer counts as this visit's evidence.
    The evidence checks run again on what the visit now is."""
    scope = scope_of(user)
    if not rules.can_edit_visit(scope, visit):
        raise VisitRefused(_("You cannot edit this visit."))
    if not kinds:
        raise VisitRefused(_("Tick at least one kind of work."), "kinds")
    if any(int(kind) not in VisitKind.values for kind in kinds):
        raise VisitRefused(_("Unknown kind of work."), "kinds")
    for name in fields:
        if name not in EDITABLE:
            raise TypeError(name)
    if visited_on is not None and visited_on != visit.visited_on:
        refusal = rules.visit_refusal(
            scope, unit=visit.unit, community=visit.community, day=visited_on
        )
        if refusal:
            raise VisitRefused(refusal, "visited_on")
        if visited_on > timezone.localdate():
            raise VisitRefused(_("The date is in the future."), "visited_on")
    photos_before = list(visit.photos.order_by("pk"))
    removing = {int(pk) for pk in remove_photos}
    if removing - {photo.pk for photo in photos_before}:
        raise VisitRefused(_("Unknown photo."), "remove_photos")
    kept = [photo for photo in photos_before if photo.pk not in removing]
    if photos_before and not kept and not add_photos:
        raise VisitRefused(_("Add at least one photo."), "photos")
    if len(kept) + len(add_photos) > MAX_PHOTOS:
        raise VisitRefused(_("At most %(max)d photos per visit.") % {"max": MAX_PHOTOS}, "photos")

    from baolian.photos.models import Photo
    from baolian.photos.services import (
        photo_files_cleanup,
        photo_prepare,
        photo_store,
        photo_write,
    )

    # As when reporting: the photos are checked and processed before the transaction.
    prepared = [photo_prepare(upload.data, name=upload.name) for upload in add_photos]
    with photo_files_cleanup():
        written = [photo_write(photo) for photo in prepared]
        with transaction.atomic():
            for name, value in fields.items():
                setattr(visit, name, value)
            if visited_on is not None:
                visit.visited_on = visited_on
            visit.kinds = VisitKind.mask_of(list(kinds))
            visit.save()
            added = [
                photo_store(prepared=photo, uploaded_by=_user(user), visit=visit)
                for photo in written
            ]
            if removing:
                Photo.objects.filter(visit=visit, pk__in=removing).update(visit=None)
            if added or removing:
                _log_photos(user, visit, before=photos_before, after=[*kept, *added])
            visit_flags_refresh(visit=visit)
            # A photo taken off this visit may have been why another visit was flagged as
            # reusing it, and a date moved changes which visit came first.
            for other in _visits_sharing_photos(visit, [*photos_before, *added]):
                visit_flags_refresh(visit=other)
    return visit


def _photo_names(photos: Sequence[object]) -> str:
    return "、".join(photo.original_name or f"#{photo.pk}" for photo in photos)


def _log_photos(user: object, visit: Visit, *, before: list, after: list) -> None:
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        visit,
        action=LogEntry.Action.UPDATE,
        changes={"photos": [_photo_names(before), _photo_names(after)]},
        actor=_user(user),
    )


def _visits_sharing_photos(visit: Visit, photos: Sequence[object]) -> list[Visit]:
    """Other live visits with a photo near-identical to one of `photos`."""
    from baolian.photos.services import photo_near_duplicates

    found: dict[int, Visit] = {}
    for photo in photos:
        for other, _distance in photo_near_duplicates(photo):
            other_visit = getattr(other, "visit", None)
            if (
                other_visit is not None
                and other_visit.pk != visit.pk
                and other_visit.deleted_at is None
            ):
                found[other_visit.pk] = other_visit
    return list(found.values())


@transaction.atomic
def visit_delete(*, user: object, visit: Visit) -> Visit:
    """Soft: the row stays for the history (DESIGN §4); it no longer counts anywhere."""
    if not rules.can_delete_visit(scope_of(user), visit):
        raise VisitRefused(_("You cannot delete this visit."))
    visit.deleted_at = timezone.now()
    visit.save(update_fields=["deleted_at", "updated_at"])
    return visit
