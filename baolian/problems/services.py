"""Writes of the problem list: listing a problem and every step of its rectification loop.

Each step checks its rule (problems.rules) and the state machine, writes the problem and one
ProblemEvent (who, when, why) in one transaction, or changes nothing and raises
`ProblemRefused` with a message for the person who tried.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baolian.accounts.models import User
from baolian.accounts.scoping import Scope, scope_of
from baolian.lib.codes import free_code
from baolian.problems import rules
from baolian.problems.models import (
    Action,
    FoundBy,
    Problem,
    ProblemEvent,
    ProblemState,
    StandardItem,
)
from baolian.roster.models import Community, Unit

# (name, bytes) of an uploaded photo; the photos module checks and stores it.
Upload = tuple[str, bytes]

MAX_PHOTOS = 9  # what a chat app lets one pick at once


class ProblemRefused(Exception):
    """The step cannot be taken; `message` says why, for the person who tried."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class ProblemForbidden(ProblemRefused):
    """The person's role may not take this step on this problem."""


def _forbidden(problem: Problem | None = None) -> ProblemForbidden:
    return ProblemForbidden(_("Your role may not do this to this problem."))


def _wrong_state(problem: Problem, action: object) -> ProblemRefused:
    return ProblemRefused(
        _("A problem that is “%(state)s” cannot be %(action)s.")
        % {"state": problem.get_state_display(), "action": action}
    )


def _event(
    problem: Problem,
    *,
    action: str,
    by: User | None,
    before: str = "",
    note: str = "",
    **extra: object,
) -> ProblemEvent:
    return ProblemEvent.objects.create(
        problem=problem,
        action=action,
        from_state=before,
        to_state=problem.state,
        note=note,
        by=by if by is not None and by.pk else None,
        at=timezone.now(),
        **extra,
    )


def _store_photos(problem: Problem, photos: Sequence[Upload], stage: str, by: User | None) -> None:
    if len(photos) > MAX_PHOTOS:
        raise ProblemRefused(_("At most %(max)d photos at a time.") % {"max": MAX_PHOTOS}, "photos")
    from baolian.photos.services import PhotoRejected, photo_store

    for name, data in photos:
        try:
            photo_store(
                data=data,
                name=name,
                uploaded_by=by if by is not None and by.pk else None,
                problem=problem,
                stage=stage,
            )
        except PhotoRejected as exc:
            raise ProblemRefused(
                _("Photo “%(name)s”: %(reason)s") % {"name": name, "reason": exc}, "photos"
            ) from exc


@contextmanager
def _atomic_with_photos() -> Iterator[None]:
    """One transaction whose photo files go too when it rolls back: no orphan files."""
    from baolian.photos.services import photo_files_cleanup

    with photo_files_cleanup(), transaction.atomic():
        yield


def _lock(problem: Problem) -> Problem:
    """The row as it is now, locked: two inspectors clicking at once make one transition."""
    return Problem.objects.select_for_update().select_related("community").get(pk=problem.pk)


def _check_text(value: str, field: str, label: object, *, required: bool) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ProblemRefused(_("Write %(what)s.") % {"what": label}, field)
    return value


def problem_create(
    *,
    by: User,
    community: Community,
    description: str,
    found_on: date,
    deadline: date | None = None,
    standard_item: StandardItem | None = None,
    place: str = "",
    found_by: str | None = None,
    found_by_unit: Unit | None = None,
    responsible: str = "",
    supporting_unit: Unit | None = None,
    code: str | None = None,
    source_visit: object | None = None,
    source_flag: object | None = None,
    photos: Sequence[Upload] = (),
) -> Problem:
    """List a problem (待整改) with its before photos."""
    scope = scope_of(by)
    if not rules.can_create_problem(scope, community):
        raise _forbidden()
    description = _check_text(description, "description", _("the problem"), required=True)
    if found_on > timezone.localdate():
        raise ProblemRefused(_("The date found is in the future."), "found_on")
    if deadline is not None and deadline < found_on:
        raise ProblemRefused(
            _("The deadline %(deadline)s is before the date found %(found)s.")
            % {"deadline": deadline.isoformat(), "found": found_on.isoformat()},
            "deadline",
        )
    if found_by is None:
        found_by = _found_by_for(scope)
    if found_by_unit is None and scope.role is not None and scope.unit_id is not None:
        found_by_unit = Unit.objects.get(pk=scope.unit_id)
    with _atomic_with_photos():
        problem = Problem.objects.create(
            code=code or None,
            community=community,
            standard_item=standard_item,
            description=description,
            place=(place or "").strip()[:200],
            found_on=found_on,
            found_by=found_by,
            found_by_unit=found_by_unit,
            found_by_user=by if by.pk else None,
            responsible=(responsible or "").strip()[:200],
            supporting_unit=supporting_unit,
            deadline=deadline,
            original_deadline=deadline,
            source_visit=source_visit,
            source_flag=source_flag,
            created_by=by if by.pk else None,
        )
        if problem.code is None:
            problem.code = free_code(Problem, f"BL-P{problem.pk:05d}")
            problem.save(update_fields=["code"])
        _store_photos(problem, photos, "before", by)
        _event(problem, action=Action.CREATE, by=by)
    return problem


def _found_by_for(scope: Scope) -> str:
    from baolian.accounts.models import Role

    return {
        Role.INSPECTOR: FoundBy.INSPECTOR,
        Role.ADMIN: FoundBy.INSPECTOR,
        Role.LIAISON: FoundBy.UNIT,
        Role.COMMUNITY: FoundBy.COMMUNITY,
    }.get(scope.role, FoundBy.OTHER)


def problem_create_from_visit(
    *,
    visit: object,
    by: User,
    description: str | None = None,
    deadline: date | None = None,
    standard_item: StandardItem | None = None,
    place: str = "",
    responsible: str = "",
    photos: Sequence[Upload] = (),
) -> Problem:
    """A visit's findings (发现问题) become a problem of its community, found by its unit."""
    text = description if description is not None else getattr(visit, "findings", "")
    return problem_create(
        by=by,
        community=visit.community,  # type: ignore[attr-defined]
        description=text,
        found_on=visit.visited_on,  # type: ignore[attr-defined]
        deadline=deadline,
        standard_item=standard_item,
        place=place,
        found_by=FoundBy.UNIT,
        found_by_unit=visit.unit,  # type: ignore[attr-defined]
        responsible=responsible,
        supporting_unit=visit.unit,  # type: ignore[attr-defined]
        source_visit=visit,
        photos=photos,
    )


def problem_create_from_flag(
    *,
    flag: object,
    by: User,
    description: str | None = None,
    deadline: date | None = None,
    standard_item: StandardItem | None = None,
    place: str = "",
    responsible: str = "",
    photos: Sequence[Upload] = (),
) -> Problem:
    """A flag an inspector confirmed (review = problem) becomes a problem of the visit's
    community, found by the inspection team."""
    from baolian.visits.models import FlagReview

    if getattr(flag, "review", None) != FlagReview.PROBLEM:
        raise ProblemRefused(_("Only a flag confirmed as a problem can become one."))
    visit = flag.visit  # type: ignore[attr-defined]
    text = description if description is not None else str(flag.reason)  # type: ignore[attr-defined]
    return problem_create(
        by=by,
        community=visit.community,
        description=text,
        # Found when the inspector confirmed it, not when the unit visited.
        found_on=timezone.localdate(flag.reviewed_at)  # type: ignore[attr-defined]
        if flag.reviewed_at  # type: ignore[attr-defined]
        else timezone.localdate(),
        deadline=deadline,
        standard_item=standard_item,
        place=place,
        found_by=FoundBy.INSPECTOR,
        responsible=responsible,
        supporting_unit=visit.unit,
        source_visit=visit,
        source_flag=flag,
        photos=photos,
    )


@transaction.atomic
def problem_start(*, problem: Problem, by: User, note: str = "") -> Problem:
    """待整改 → 整改中."""
    problem = _lock(problem)
    scope = scope_of(by)
    if problem.state != ProblemState.OPEN:
        raise _wrong_state(problem, _("started"))
    if not rules.can_start_problem(scope, problem):
        raise _forbidden(problem)
    before, problem.state = problem.state, ProblemState.RECTIFYING
    problem.save(update_fields=["state", "updated_at"])
    _event(problem, action=Action.START, by=by, before=before, note=note.strip())
    return problem


def problem_rectify(
    *,
    problem: Problem,
    by: User,
    note: str,
    photos: Sequence[Upload] = (),
    on: date | None = None,
) -> Problem:
    """待整改/整改中 → 已整改: after photos and a note of what was done."""
    with _atomic_with_photos():
        return _rectify(problem=problem, by=by, note=note, photos=photos, on=on)


def _rectify(
    *, problem: Problem, by: User, note: str, photos: Sequence[Upload], on: date | None
) -> Problem:
    problem = _lock(problem)
    scope = scope_of(by)
    if problem.state not in (ProblemState.OPEN, ProblemState.RECTIFYING):
        raise _wrong_state(problem, _("marked rectified"))
    if not rules.can_rectify_problem(scope, problem):
        raise _forbidden(problem)
    note = _check_text(note, "note", _("what was done"), required=True)
    on = on or timezone.localdate()
    if on < problem.found_on:
        raise ProblemRefused(_("The date rectified is before the date found."), "on")
    _store_photos(problem, photos, "after", by)
    if not problem.photos.filter(stage="after").exists():
        raise ProblemRefused(_("Add at least one photo after rectification."), "photos")
    before, problem.state = problem.state, ProblemState.RECTIFIED
    problem.rectified_on, problem.rectify_note = on, note
    problem.save(update_fields=["state", "rectified_on", "rectify_note", "updated_at"])
    _event(problem, action=Action.RECTIFY, by=by, before=before, note=note)
    return problem


@transaction.atomic
def problem_close(*, problem: Problem, by: User, note: str = "", on: date | None = None) -> Problem:
    """已整改 → 已销号, by an inspector or the office after checking."""
    problem = _lock(problem)
    scope = scope_of(by)
    if not rules.may_verify(scope):
        raise ProblemForbidden(_("Only an inspector or the campaign office may verify a problem."))
    if problem.state != ProblemState.RECTIFIED:
        raise _wrong_state(problem, _("verified and closed"))
    if not problem.photos.filter(stage="after").exists():
        raise ProblemRefused(_("A problem cannot be closed without photos after rectification."))
    on = on or timezone.localdate()
    if problem.rectified_on and on < problem.rectified_on:
        raise ProblemRefused(_("The date closed is before the date rectified."), "on")
    before, problem.state, problem.closed_on = problem.state, ProblemState.CLOSED, on
    problem.save(update_fields=["state", "closed_on", "updated_at"])
    _event(problem, action=Action.CLOSE, by=by, before=before, note=note.strip())
    return problem


@transaction.atomic
def problem_send_back(*, problem: Problem, by: User, reason: str) -> Problem:
    """已整改 → 整改中 (退回), with the reason the check failed."""
    problem = _lock(problem)
    scope = scope_of(by)
    if not rules.may_verify(scope):
        raise ProblemForbidden(
            _("Only an inspector or the campaign office may send a problem back.")
        )
    if problem.state != ProblemState.RECTIFIED:
        raise _wrong_state(problem, _("sent back"))
    reason = _check_text(reason, "reason", _("why it is sent back"), required=True)
    before, problem.state = problem.state, ProblemState.RECTIFYING
    problem.sent_back += 1
    problem.rectified_on = None
    problem.save(update_fields=["state", "sent_back", "rectified_on", "updated_at"])
    _event(problem, action=Action.SEND_BACK, by=by, before=before, note=reason)
    return problem


@transaction.atomic
def problem_extend_deadline(*, problem: Problem, by: User, deadline: date, reason: str) -> Problem:
    """A later deadline (延期), with the reason; counted on the problem."""
    problem = _lock(problem)
    scope = scope_of(by)
    if problem.state == ProblemState.CLOSED:
        raise _wrong_state(problem, _("given more time"))
    if not rules.can_extend_deadline(scope, problem):
        raise _forbidden(problem)
    reason = _check_text(reason, "reason", _("why more time is needed"), required=True)
    if deadline < problem.found_on:
        raise ProblemRefused(_("The new deadline is before the date found."), "deadline")
    if problem.deadline is not None and deadline <= problem.deadline:
        raise ProblemRefused(
            _("The new deadline must be after the current one, %(current)s.")
            % {"current": problem.deadline.isoformat()},
            "deadline",
        )
    old = problem.deadline
    problem.deadline = deadline
    if problem.original_deadline is None:
        problem.original_deadline = deadline
    problem.extensions += 1
    problem.save(update_fields=["deadline", "original_deadline", "extensions", "updated_at"])
    _event(
        problem,
        action=Action.EXTEND,
        by=by,
        before=problem.state,
        note=reason,
        deadline_before=old,
        deadline_after=deadline,
    )
    return problem


def _shown(name: str, value: object) -> str:
    if value is None:
        return ""
    if name == "state":
        return str(ProblemState(value).label)
    return str(value)


@transaction.atomic
def problem_import_upsert(
    *, code: str, values: dict[str, object], by: User | None = None
) -> tuple[Problem, bool, dict[str, tuple[str, str]]]:
    """A row of the 问题清单 sheet, keyed on 编号: created, or updated in place.

    The sheet records a list kept elsewhere (often before Baolian), so it may set any state
    with its dates; the change is kept as an import event. `values` holds only the columns
    the sheet has. Returns (problem, created, {field: (before, after)}).
    """
    problem = Problem.objects.select_for_update().filter(code=code).first()
    if problem is None:
        problem = Problem(code=code, created_by=by, found_by_user=None, **values)
        if "deadline" in values:
            problem.original_deadline = values["deadline"]  # type: ignore[assignment]
        problem.full_clean(exclude=["source_visit", "source_flag"])
        problem.save()
        _event(problem, action=Action.IMPORT, by=by, note="导入 / imported")
        return problem, True, {}
    before_state = problem.state
    changes = {}
    for name, new in values.items():
        old = getattr(problem, name)
        if old != new:
            changes[name] = (_shown(name, old), _shown(name, new))
            setattr(problem, name, new)
    if changes:
        if problem.original_deadline is None:
            problem.original_deadline = problem.deadline
        problem.save()
        _event(problem, action=Action.IMPORT, by=by, before=before_state, note="导入 / imported")
    return problem, False, changes


@transaction.atomic
def standard_check_add(*, parent: StandardItem, title: str) -> StandardItem:
    """A checklist entry under an item, after the existing ones (code K + next number)."""
    from django.db.models import Max

    last = StandardItem.objects.aggregate(top=Max("sort_order"))["top"] or 0
    entry = StandardItem.objects.create(
        level=StandardItem.Level.CHECK, parent=parent, title=title.strip(), sort_order=last + 10
    )
    entry.code = free_code(StandardItem, f"K{entry.pk:02d}")
    entry.save(update_fields=["code"])
    return entry
