"""The evidence checks of DESIGN §4: what about a visit an inspector should look at, and why.

Each check reads one visit (its photos, its community, the campaign's numbers) and returns
findings with a reason a person can read. A finding is a signal, never a verdict: photos
forwarded through chat apps lose their EXIF, a GPS fix drifts. Writing them is
`services.visit_flags_refresh`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baolian.lib.dates import format_cn
from baolian.lib.geo import format_distance, haversine_m
from baolian.roster.models import CampaignSettings
from baolian.support.models import SupportMeasure
from baolian.visits.models import Confirmation, FlagKind, Visit


@dataclass
class Finding:
    kind: FlagKind
    reason: str
    other_visit: Visit | None = None
    photo: object | None = None


def photo_distances(visit: Visit, photos: list | None = None) -> list[tuple[object, float]]:
    """(photo, metres from the community) for each photo with a GPS fix."""
    community = visit.community
    if not community.has_location:
        return []
    return [
        (
            photo,
            haversine_m(photo.latitude, photo.longitude, community.latitude, community.longitude),
        )
        for photo in (visit.photos.all() if photos is None else photos)
        if photo.latitude is not None and photo.longitude is not None
    ]


def device_distance(visit: Visit) -> float | None:
    community = visit.community
    if not community.has_location or visit.device_latitude is None:
        return None
    return haversine_m(
        visit.device_latitude, visit.device_longitude, community.latitude, community.longitude
    )


def check_visit(
    visit: Visit, *, campaign: CampaignSettings | None = None, today: date | None = None
) -> list[Finding]:
    """Every finding on `visit`, reasons written in the office's language."""
    campaign = campaign or CampaignSettings.load()
    today = today or timezone.localdate()
    # Read once: every check looks at the same photos.
    photos = list(visit.photos.all())
    # Reasons are stored: they are written in the language of the campaign office, whoever's
    # request happened to trigger the check.
    with translation.override(settings.LANGUAGE_CODE):
        checks = (
            _reused,
            _other_day,
            _far_away,
            _no_metadata,
            _photo_only,
            _unconfirmed,
            _disputed,
            _late,
        )
        findings = []
        for check in checks:
            finding = check(visit, photos, campaign, today)
            if finding is not None:
                findings.append(finding)
        return findings


def _reused(visit: Visit, photos: list, campaign: CampaignSettings, today: date) -> Finding | None:
    from baolian.photos.services import photo_near_duplicates

    own = [photo.pk for photo in photos]
    earlier: list[tuple[Visit, object]] = []
    for photo in photos:
        for other, _distance in photo_near_duplicates(photo.phash, exclude_photo_ids=own):
            other_visit = getattr(other, "visit", None)
            if other_visit is None or other_visit.deleted_at is not None:
                continue
            # "Already used": the flag goes on the later visit and names the earlier one.
            if (other_visit.visited_on, other_visit.pk) < (visit.visited_on, visit.pk):
                earlier.append((other_visit, photo))
    if not earlier:
        return None
    earlier.sort(key=lambda pair: (pair[0].visited_on, pair[0].pk))
    first, photo = earlier[0]
    named = []
    for other_visit, _photo in earlier:
        text = _("visit No. %(id)s of %(unit)s to %(community)s on %(date)s") % {
            "id": other_visit.pk,
            "unit": other_visit.unit.name,
            "community": other_visit.community.name,
            "date": format_cn(other_visit.visited_on),
        }
        if text not in named:
            named.append(text)
    return Finding(
        FlagKind.REUSED_PHOTO,
        _("The same or a nearly identical photo was already used: %(visits)s.")
        % {"visits": "；".join(named[:5])},
        other_visit=first,
        photo=photo,
    )


def _other_day(
    visit: Visit, photos: list, campaign: CampaignSettings, today: date
) -> Finding | None:
    for photo in photos:
        if photo.taken_at is None:
            continue
        taken = timezone.localtime(photo.taken_at).date()
        if taken != visit.visited_on:
            return Finding(
                FlagKind.OTHER_DAY,
                _("Photo “%(name)s” was taken on %(taken)s; the visit is dated %(day)s.")
                % {
                    "name": photo.original_name or photo.pk,
                    "taken": format_cn(taken),
                    "day": format_cn(visit.visited_on),
                },
                photo=photo,
            )
    return None


def _far_away(
    visit: Visit, photos: list, campaign: CampaignSettings, today: date
) -> Finding | None:
    radius = campaign.far_radius_m
    parts, flagged_photo = [], None
    for photo, metres in photo_distances(visit, photos):
        if metres > radius:
            parts.append(
                _("photo “%(name)s” was taken %(distance)s away")
                % {"name": photo.original_name or photo.pk, "distance": format_distance(metres)}
            )
            flagged_photo = flagged_photo or photo
    device = device_distance(visit)
    if device is not None and device > radius:
        parts.append(
            _("the phone was %(distance)s away when the visit was submitted")
            % {"distance": format_distance(device)}
        )
    if not parts:
        return None
    return Finding(
        FlagKind.FAR_AWAY,
        _("Farther than %(radius)s from %(community)s: %(parts)s.")
        % {
            "radius": format_distance(radius),
            "community": visit.community.name,
            "parts": "；".join(parts),
        },
        photo=flagged_photo,
    )


def _no_metadata(
    visit: Visit, photos: list, campaign: CampaignSettings, today: date
) -> Finding | None:
    if not photos or any(photo.has_exif for photo in photos):
        return None
    return Finding(
        FlagKind.NO_METADATA,
        _(
            "None of the %(count)d photo(s) carries its original metadata (time, place). "
            "Chat apps often strip it, so this is a weak signal."
        )
        % {"count": len(photos)},
    )


def _photo_only(
    visit: Visit, photos: list, campaign: CampaignSettings, today: date
) -> Finding | None:
    # 走过场、拍照片: photos and nothing else. A thin record without photos is not this.
    if not photos or visit.findings.strip():
        return None
    if len(visit.summary.strip()) >= campaign.photo_only_below_chars:
        return None
    measures = SupportMeasure.objects.filter(
        unit_id=visit.unit_id,
        community_id=visit.community_id,
        given_on=visit.visited_on,
        deleted_at__isnull=True,
    )
    if measures.exists():
        return None
    return Finding(
        FlagKind.PHOTO_ONLY,
        _(
            "No problems found, no support measure that day, and the work done is described "
            "in %(length)d characters (fewer than %(min)d)."
        )
        % {"length": len(visit.summary.strip()), "min": campaign.photo_only_below_chars},
    )


def _unconfirmed(
    visit: Visit, photos: list, campaign: CampaignSettings, today: date
) -> Finding | None:
    if visit.confirmation != Confirmation.PENDING:
        return None
    if visit.reported_by_id is None:
        # Brought in from the office's ledger by an import, long after the fact: the office
        # vouches for it, and the community cannot be asked about last year. Only visits
        # reported in the system (phone, or the office on a unit's behalf) wait for it.
        return None
    reported = timezone.localtime(visit.reported_at).date()
    waited = (today - reported).days
    if waited <= campaign.confirm_within_days:
        return None
    return Finding(
        FlagKind.UNCONFIRMED,
        _("%(community)s has not confirmed this visit in %(days)d days (allowed: %(max)d).")
        % {
            "community": visit.community.name,
            "days": waited,
            "max": campaign.confirm_within_days,
        },
    )


def _disputed(
    visit: Visit, photos: list, campaign: CampaignSettings, today: date
) -> Finding | None:
    if visit.confirmation != Confirmation.DISPUTED:
        return None
    return Finding(
        FlagKind.DISPUTED,
        _("%(community)s disputes this visit: %(reason)s")
        % {"community": visit.community.name, "reason": visit.dispute_reason or "—"},
    )


def _late(visit: Visit, photos: list, campaign: CampaignSettings, today: date) -> Finding | None:
    lag = visit.lag_days()
    if lag is None or lag <= campaign.late_report_days:
        return None
    return Finding(
        FlagKind.LATE,
        _("Reported %(lag)d days after the visit (allowed: %(max)d).")
        % {"lag": lag, "max": campaign.late_report_days},
    )
