"""Writes of support measures: record one, move it on, link its problems and photos."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baolian.accounts.models import User
from baolian.accounts.scoping import scope_of
from baolian.lib.codes import free_code
from baolian.roster.models import Community, Unit
from baolian.support import rules
from baolian.support.models import Category, MeasureState, SupportMeasure

Upload = tuple[str, bytes]
MAX_PHOTOS = 9


class MeasureRefused(Exception):
    """The measure cannot be written as given; `message` says why."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class MeasureForbidden(MeasureRefused):
    pass


@contextmanager
def _atomic_with_photos() -> Iterator[None]:
    from baolian.photos.services import photo_files_cleanup

    with photo_files_cleanup(), transaction.atomic():
        yield


def _check(
    *,
    category: str,
    content: str,
    amount_yuan: Decimal | None,
    state: str,
    given_on: date,
) -> str:
    if category not in Category.values:
        raise MeasureRefused(_("Unknown category."), "category")
    if state not in MeasureState.values:
        raise MeasureRefused(_("Unknown state."), "state")
    content = (content or "").replace("\x00", "").strip()
    if not content:
        raise MeasureRefused(_("Write what was given or done."), "content")
    if amount_yuan is not None:
        if amount_yuan < 0:
            raise MeasureRefused(_("An amount cannot be negative."), "amount_yuan")
        if amount_yuan != amount_yuan.quantize(Decimal("0.01")):
            raise MeasureRefused(
                _("An amount has at most two decimal places (fen)."), "amount_yuan"
            )
    elif category != Category.COORDINATION:
        # Coordination (协调) may cost nothing; funds, materials and projects have a value.
        raise MeasureRefused(
            _("Give the amount in yuan (only coordination may have none)."), "amount_yuan"
        )
    if given_on > timezone.localdate() and state != MeasureState.PLANNED:
        raise MeasureRefused(_("Only a planned measure may be dated in the future."), "given_on")
    return content


def _store_photos(measure: SupportMeasure, photos: Sequence[Upload], by: User) -> None:
    if len(photos) > MAX_PHOTOS:
        raise MeasureRefused(_("At most %(max)d photos at a time.") % {"max": MAX_PHOTOS})
    from baolian.photos.services import PhotoRejected, photo_store

    for name, data in photos:
        try:
            photo_store(
                data=data,
                name=name,
                uploaded_by=by if by.pk else None,
                support_measure=measure,
                stage="evidence",
            )
        except PhotoRejected as exc:
            raise MeasureRefused(
                _("Photo “%(name)s”: %(reason)s") % {"name": name, "reason": exc}, "photos"
            ) from exc


def _check_problems(problems: Sequence[object], community: Community) -> None:
    if any(p.community_id != community.pk for p in problems):  # type: ignore[attr-defined]
        raise MeasureRefused(
            _("A measure can only be linked to problems of its own community."), "problems"
        )


def support_measure_record(
    *,
    by: User,
    unit: Unit,
    community: Community,
    given_on: date,
    category: str,
    content: str,
    amount_yuan: Decimal | None,
    state: str,
    problems: Sequence[object] = (),
    photos: Sequence[Upload] = (),
    code: str | None = None,
) -> SupportMeasure:
    """A unit's measure for a community; a liaison only within a pairing in force that day."""
    if not rules.can_record_support(
        scope_of(by), unit_id=unit.pk, community_id=community.pk, day=given_on
    ):
        raise MeasureForbidden(
            _(
                "%(unit)s is not paired with %(community)s on %(day)s, or your role may not "
                "record its measures."
            )
            % {"unit": unit.name, "community": community.name, "day": given_on.isoformat()},
            "community",
        )
    content = _check(
        category=category,
        content=content,
        amount_yuan=amount_yuan,
        state=state,
        given_on=given_on,
    )
    _check_problems(problems, community)
    with _atomic_with_photos():
        measure = SupportMeasure.objects.create(
            code=code or None,
            unit=unit,
            community=community,
            given_on=given_on,
            category=category,
            content=content,
            amount_yuan=amount_yuan,
            state=state,
            progressed_on=min(given_on, timezone.localdate()),
            created_by=by if by.pk else None,
        )
        if measure.code is None:
            measure.code = free_code(SupportMeasure, f"BL-M{measure.pk:05d}")
            measure.save(update_fields=["code"])
        if problems:
            measure.problems.set(problems)
        _store_photos(measure, photos, by)
    return measure


def support_measure_update(
    *,
    measure: SupportMeasure,
    by: User,
    given_on: date,
    category: str,
    content: str,
    amount_yuan: Decimal | None,
    state: str,
    problems: Sequence[object] | None = None,
    photos: Sequence[Upload] = (),
) -> SupportMeasure:
    """Change a measure; a change of state or amount counts as progress (跟进) today."""
    scope = scope_of(by)
    if not rules.can_edit_support(scope, measure):
        raise MeasureForbidden(_("Your role may not change this measure."))
    if not rules.can_record_support(
        scope, unit_id=measure.unit_id, community_id=measure.community_id, day=given_on
    ):
        raise MeasureForbidden(
            _("The unit is not paired with the community on %(day)s.")
            % {"day": given_on.isoformat()},
            "given_on",
        )
    content = _check(
        category=category,
        content=content,
        amount_yuan=amount_yuan,
        state=state,
        given_on=given_on,
    )
    if problems is not None:
        _check_problems(problems, measure.community)
    with _atomic_with_photos():
        measure = SupportMeasure.objects.select_for_update().get(pk=measure.pk)
        progressed = measure.state != state or measure.amount_yuan != amount_yuan or bool(photos)
        measure.given_on, measure.category, measure.content = given_on, category, content
        measure.amount_yuan, measure.state = amount_yuan, state
        if progressed:
            measure.progressed_on = timezone.localdate()
        measure.save()
        if problems is not None:
            measure.problems.set(problems)
        _store_photos(measure, photos, by)
    return measure


def _shown(name: str, value: object) -> str:
    if value is None:
        return ""
    if name == "state":
        return str(MeasureState(value).label)
    if name == "category":
        return str(Category(value).label)
    return str(value)


@transaction.atomic
def support_measure_import_upsert(
    *, code: str, values: dict[str, object], by: User | None = None
) -> tuple[SupportMeasure, bool, dict[str, tuple[str, str]]]:
    """A row of the 帮扶措施 sheet, keyed on 编号: created, or updated in place.

    The importer has checked the pairing, the amount and the category; a change of state or
    amount counts as progress today, as it does in the form.
    """
    measure = SupportMeasure.objects.select_for_update().filter(code=code).first()
    if measure is None:
        given_on = values["given_on"]
        measure = SupportMeasure(
            code=code,
            created_by=by,
            progressed_on=min(given_on, timezone.localdate()),  # type: ignore[type-var]
            **values,
        )
        measure.full_clean()
        measure.save()
        return measure, True, {}
    changes = {}
    for name, new in values.items():
        old = getattr(measure, name)
        if old != new:
            changes[name] = (_shown(name, old), _shown(name, new))
            setattr(measure, name, new)
    if changes:
        if "state" in changes or "amount_yuan" in changes:
            measure.progressed_on = timezone.localdate()
        measure.full_clean()
        measure.save()
    return measure, False, changes
