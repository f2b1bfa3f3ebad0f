"""Rows an import writes: looked up in memory, written in bulk at the end.

An import loads each table it touches once (`ImportContext.rows`), finds rows by their keys in
dictionaries, and collects what to create and what to change. Nothing is written while the
file is checked, so a preview (or `--dry-run`) never takes the database's write lock; the
real import then writes everything in one short transaction (`ImportContext.flush`).

Outside an import (`current()` is None), `upsert()` writes at once, like a service.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models.signals import pre_save

from baolian.imports.bulk import insert_objects, insert_prepared
from baolian.lib.upsert import Saved, apply_changes, new_row, upsert_now

M = TypeVar("M", bound=models.Model)
BATCH = 500

_current: ContextVar[ImportContext | None] = ContextVar("baolian_import", default=None)


def identity_of(obj: models.Model) -> object:
    """What tells rows apart while some are not written yet (and so have no id)."""
    return _key_part(obj)


def _key_part(value: object) -> object:
    """A lookup value as a dictionary key: a row by its id, a row not yet written by itself."""
    if isinstance(value, models.Model):
        return ("pk", value.pk) if value.pk is not None else ("new", id(value))
    return value


class ImportContext:
    def __init__(self) -> None:
        self._rows: dict[type[models.Model], list[models.Model]] = {}
        self._indexes: dict[tuple[type[models.Model], tuple[str, ...]], dict[tuple, list]] = {}
        self._created: dict[type[models.Model], list[models.Model]] = {}
        # id(obj) -> (obj, changed fields, the row as it was, for the history)
        self._updated: dict[type[models.Model], dict[int, tuple[Any, set[str], Any]]] = {}
        self._order: list[type[models.Model]] = []

    # --- reading -------------------------------------------------------------------------

    def rows(self, model: type[M]) -> list[M]:
        """Every row of `model`, read once per import (with the rows it points to).

        A row it points to whose table this import has read already is that very row (found
        by id in memory); the others come in the same query (select_related).
        """
        if model not in self._rows:
            relations = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, models.ForeignKey) and f.many_to_one
            ]
            loaded = [f for f in relations if f.related_model in self._rows]
            joined = [f.name for f in relations if f not in loaded]
            query = model._default_manager.order_by()
            if joined:  # (select_related() without names would follow every relation)
                query = query.select_related(*joined)
            found: list[models.Model] = list(query)
            for field in loaded:
                by_pk = {
                    obj.pk: obj
                    for obj in self._rows[field.related_model]  # type: ignore[index]
                    if obj.pk is not None
                }
                for obj in found:
                    related = by_pk.get(getattr(obj, field.attname))
                    if related is not None:
                        field.set_cached_value(obj, related)
            self._rows[model] = found
        return self._rows[model]  # type: ignore[return-value]

    def index(self, model: type[M], fields: tuple[str, ...]) -> dict[tuple, list[M]]:
        """`model`'s rows by the values of `fields` (a field of a relation by its row)."""
        key = (model, fields)
        try:
            return self._indexes[key]
        except KeyError:
            pass
        index: dict[tuple, list[models.Model]] = {}
        for obj in self.rows(model):
            index.setdefault(self._key(obj, fields), []).append(obj)
        self._indexes[key] = index
        return index  # type: ignore[return-value]

    @staticmethod
    def _key(obj: models.Model, fields: tuple[str, ...]) -> tuple:
        parts = []
        for name in fields:
            field = obj._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                # The row it points to, if loaded or not yet written; else its id.
                cached = name in obj._state.fields_cache
                related = getattr(obj, name) if cached else None
                if related is not None:
                    parts.append(_key_part(related))
                else:
                    parts.append(("pk", getattr(obj, field.attname)))
            else:
                parts.append(getattr(obj, name))
        return tuple(parts)

    def find(self, model: type[M], **lookup: Any) -> list[M]:
        return list(self._found(model, lookup))

    def first(self, model: type[M], **lookup: Any) -> M | None:
        found = self._found(model, lookup)
        return found[0] if found else None

    def _found(self, model: type[M], lookup: dict[str, Any]) -> list[M]:
        # Asked several times for every row of the file: kept to a few dictionary lookups.
        if len(lookup) == 1:
            ((name, value),) = lookup.items()
            fields: tuple[str, ...] = (name,)
            wanted: tuple[object, ...] = (_key_part(value),)
        else:
            fields = tuple(sorted(lookup))
            wanted = tuple([_key_part(lookup[f]) for f in fields])
        index = self._indexes.get((model, fields))
        if index is None:
            index = self.index(model, fields)
        return index.get(wanted, [])

    # --- writing -------------------------------------------------------------------------

    def upsert(self, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> Saved[M]:
        obj = self.first(model, **lookup)
        if model not in self._order:
            self._order.append(model)
        if obj is None:
            obj = new_row(model, lookup, values)
            _validate(obj)
            self._created.setdefault(model, []).append(obj)
            self.rows(model).append(obj)
            for (indexed, fields), index in self._indexes.items():
                if indexed is model:
                    index.setdefault(self._key(obj, fields), []).append(obj)
            return Saved(obj, created=True)
        was = {name: getattr(obj, name) for name in values}
        changes = apply_changes(obj, values)
        if changes:
            _validate(obj)
            pending = self._updated.setdefault(model, {})
            if obj.pk is None:
                pass  # created earlier in this import: written with its latest values
            elif id(obj) in pending:
                pending[id(obj)][1].update(changes)
            else:
                # The row as it was, for the history; copied only when it changes (a re-import
                # changes nothing, and copying every row would cost more than comparing it).
                before = copy.copy(obj)
                for name in changes:
                    setattr(before, name, was[name])
                pending[id(obj)] = (obj, set(changes), before)
        return Saved(obj, created=False, changes=changes)

    def flush(self) -> None:
        """Write what the import collected, in the order the sheets first touched each table.

        The caller holds the transaction. Rows created get their ids here, so the rows that
        point to them (created later in the same import) are written after them.
        """
        from auditlog.registry import auditlog

        history: list[tuple[models.Model, int, dict[str, Any]]] = []
        for model in self._order:
            created = self._created.pop(model, [])
            # A related row's new id is copied into the pointing row as it is inserted.
            insert_objects(model, created, batch_size=BATCH)
            updated = list(self._updated.pop(model, {}).values())
            by_fields: dict[frozenset[str], list[models.Model]] = {}
            for obj, changed, _before in updated:
                by_fields.setdefault(frozenset(changed), []).append(obj)
            for names, objs in by_fields.items():
                model._default_manager.bulk_update(objs, sorted(names), batch_size=BATCH)
            if auditlog.contains(model):
                history += _history(created, updated)
        _write_history(history)
        # Row ids are known now; dictionaries keyed by "not yet written" rows are stale.
        self._indexes.clear()


def _validate(obj: models.Model) -> None:
    """The model's own field checks; relations and uniqueness are the import's (in memory)."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=exclude)
    obj.clean()


def _history(
    created: list[models.Model], updated: list[tuple[Any, set[str], Any]]
) -> list[tuple[models.Model, int, dict[str, Any]]]:
    """(row, action, changes) for rows written in bulk (bulk writes send no signals).

    The same changes django-auditlog's own signal would record; for new rows computed with
    the model's tracked fields looked up once, not once per row (thousands of rows).
    """
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry

    entries: list[tuple[models.Model, int, dict[str, Any]]] = []
    if created:
        tracked = _CreateDiff(type(created[0]))
        for obj in created:
            changes = tracked.changes(obj)
            if changes:
                entries.append((obj, LogEntry.Action.CREATE, changes))
    for obj, fields, before in updated:
        changes = model_instance_diff(before, obj, fields_to_check=fields)
        if changes:
            entries.append((obj, LogEntry.Action.UPDATE, changes))
    return entries


def _write_history(entries: list[tuple[models.Model, int, dict[str, Any]]]) -> None:
    """One audit log entry per row, as auditlog's own save writes it, inserted in bulk.

    The request's (or command's) actor and extra data come from auditlog's pre_save receivers,
    asked once for the whole import: the import is one act of one person. Each entry keeps
    its own timestamp, so the history lists the rows in the order they were written.
    """
    if not entries:
        return
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    template = LogEntry(cid=get_cid())
    pre_save.send(sender=LogEntry, instance=template, raw=False, using=None)
    connection = connections[router.db_for_write(LogEntry)]
    fields = [f for f in LogEntry._meta.concrete_fields if f is not LogEntry._meta.pk]
    # What every entry shares, prepared for the database once; then each entry's own values:
    # ids, keys and names are ints and text as they are, its changes and time are prepared.
    shared = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    where = {f.name: position for position, f in enumerate(fields)}
    changes_field, timestamp_field = fields[where["changes"]], fields[where["timestamp"]]
    content_types: dict[type[models.Model], int] = {}
    rows = []
    for obj, action, changes in entries:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj).pk
        row = list(shared)
        row[where["content_type"]] = content_types[model]
        row[where["object_pk"]] = str(obj.pk)
        row[where["object_id"]] = obj.pk
        row[where["object_repr"]] = str(obj)
        row[where["action"]] = int(action)
        row[where["changes"]] = changes_field.get_db_prep_save(changes, connection)
        row[where["timestamp"]] = timestamp_field.get_db_prep_save(timezone.now(), connection)
        rows.append(row)
    insert_prepared(LogEntry, fields, rows, batch_size=BATCH)


class _CreateDiff:
    """auditlog's diff of a new row (from each field's default), for one model, fast."""

    def __init__(self, model: type[models.Model]) -> None:
        from auditlog.diff import get_field_value, get_fields_in_model
        from auditlog.registry import auditlog

        settings = auditlog.get_model_fields(model)
        sample = model()
        self.fields = []
        for field in get_fields_in_model(sample):
            if settings["include_fields"] and field.name not in settings["include_fields"]:
                continue
            if field.name in settings["exclude_fields"] or not getattr(field, "concrete", False):
                continue  # a reverse relation reads as its default before and after
            # (name, how to read it, what an absent row had: the field's default)
            simple = not isinstance(field, (models.DateTimeField, models.JSONField))
            default = get_field_value(None, field)
            self.fields.append((field, simple, default))
        self.masked = bool(settings["mask_fields"])
        self.model = model

    def changes(self, obj: models.Model) -> dict[str, Any] | None:
        from auditlog.diff import get_field_value, model_instance_diff
        from django.utils.encoding import smart_str

        if self.masked:
            return model_instance_diff(None, obj)
        diff = {}
        for field, simple, default in self.fields:
            if not simple:
                value = get_field_value(obj, field)
            elif field.many_to_one or field.one_to_one:
                value = smart_str(getattr(obj, field.attname), strings_only=True)
            else:
                value = smart_str(getattr(obj, field.name))
            if value != default:
                diff[field.name] = (smart_str(default), smart_str(value))
        return diff or None


def current() -> ImportContext | None:
    return _current.get()


@contextmanager
def import_context() -> Iterator[ImportContext]:
    context = ImportContext()
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> Saved[M]:
    """Create the row of `model` that `lookup` names, or change it to `values`.

    Inside an import, in memory (written by the import at the end); outside, at once.
    """
    context = current()
    if context is None:
        return upsert_now(model, lookup, values)
    return context.upsert(model, lookup, values)


def existing(model: type[M], **lookup: Any) -> M | None:
    """The row `lookup` names as the import sees it (including rows it is about to create)."""
    context = current()
    if context is None:
        return model._default_manager.filter(**lookup).order_by().first()
    return context.first(model, **lookup)
