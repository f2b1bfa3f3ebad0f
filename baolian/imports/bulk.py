"""Inserting the thousands of rows an import creates, at the cost of the values alone.

Django's `bulk_create` sends every value of every row through its insert compiler, several
calls per value; for a roster of ten thousand communities and pairings, and a history entry
for each, that compiling took longer than reading the workbook. Here each value goes through
its field's own `get_db_prep_save` (what the compiler ends in, so the database receives the
same values) and the rows go in multi-row INSERT statements. Whatever is unusual (another
primary key than an automatic one, a table with parents, a database that cannot return the
ids of a multi-row insert) is left to `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin

BATCH = 500


def insert_objects(model: type[models.Model], objs: list[Any], batch_size: int = BATCH) -> None:
    """Insert new rows of `model` and give each its id, as `bulk_create` does."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    plain = (
        isinstance(meta.pk, AutoFieldMixin)
        and not meta.parents
        and connection.features.can_return_rows_from_bulk_insert
        # nothing but the id comes back, and no value is left to the database's own default
        and list(meta.db_returning_fields) == [meta.pk]
        and all(f.db_default is NOT_PROVIDED for f in meta.concrete_fields)
        and all(obj.pk is None for obj in objs)
    )
    if not plain:
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return
    fields = [f for f in meta.concrete_fields if f is not meta.pk and not f.generated]
    rows = []
    for obj in objs:
        # A row it points to that this import created has its id now: copy it (bulk_create's
        # own step, which also refuses a row pointing to one never saved).
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        rows.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    assert meta.pk is not None
    ids = _insert(connection, meta.db_table, fields, rows, batch_size, returning=meta.pk.column)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = alias


def insert_prepared(
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    rows: list[list[Any]],
    batch_size: int = BATCH,
) -> None:
    """Insert rows of `fields` (in that order) whose values are already what the database
    takes (each through its field's `get_db_prep_save`); no ids come back."""
    if rows:
        connection = connections[router.db_for_write(model)]
        _insert(connection, model._meta.db_table, fields, rows, batch_size, returning=None)


def _insert(
    connection: Any,
    table: str,
    fields: Sequence[models.Field[Any, Any]],
    rows: list[list[Any]],
    batch_size: int,
    *,
    returning: str | None,
) -> list[Any]:
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(f.column) for f in fields)}) "
    tail = f" RETURNING {quote(returning)}" if returning else ""
    columns = _unnest_types(connection, fields)
    if columns is not None:
        # PostgreSQL: one array a column (what bulk_create does there too). A statement of
        # thousands of placeholders would be parsed anew by the driver for every batch.
        unnest = ", ".join(f"(%s)::{db_type}[]" for db_type in columns)
        sql, size = f"{head}SELECT * FROM UNNEST({unnest}){tail}", batch_size
    else:
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        # As many rows a statement as the database takes parameters (SQLite: 999).
        size = max(1, min(batch_size, connection.ops.bulk_batch_size(list(fields), rows)))
    ids: list[Any] = []
    if connection.vendor == "postgresql" and not returning:
        # Rows whose ids nobody needs (the history) go fastest through COPY.
        copy_sql = f"COPY {quote(table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        return ids
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            if columns is not None:
                params = [list(column) for column in zip(*batch, strict=True)]
                cursor.execute(sql, params)
            else:
                params = [value for row in batch for value in row]
                cursor.execute(head + "VALUES " + ", ".join([one] * len(batch)) + tail, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _unnest_types(connection: Any, fields: Sequence[models.Field[Any, Any]]) -> list[str] | None:
    """The array type of each column, where PostgreSQL can take the rows as arrays."""
    if connection.vendor != "postgresql":
        return None
    types = []
    for field in fields:
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        if hasattr(field, "get_placeholder") or target.get_internal_type() not in (
            connection.data_types
        ):
            return None
        db_type = field.db_type(connection)
        if db_type is None:
            return None
        # varchar[], not varchar(50)[]: the table's own type checks the length.
        types.append(db_type.split("(")[0])
    return types
