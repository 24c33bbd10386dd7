"""Statements built once per model, not on every query: for the few rows a
busy request reads and writes (a draft read, a submission's records).

Django's compiler builds each statement afresh: quoting every column,
choosing every placeholder and converter, for SQL that is the same every
time. For a single row by its key that is most of the cost of the query (an
offer has 60 columns). Here each model's statement is built once per
process, and only the values are prepared or converted, by the model's own
fields, as Django would.

- :class:`StatementKept`: new rows saved with a kept INSERT. It is still
  ``Model.save()``: ``save()`` overrides, signals (django-simple-history),
  ``auto_now_add`` behave as before; only turning the fields into SQL is
  kept. What a kept statement cannot express goes to Django as before: a
  value that is an SQL expression (``F()``, ``Now()``, a database default), a
  field with a placeholder of its own, a returned key other than an
  auto-incremented id, and ``raw`` saves (fixtures).
- :func:`rows_insert`: new rows as ``bulk_create`` writes them (no
  ``save()``, no save signals), each with its model's kept INSERT: for record
  rows nothing else listens to. A model with its own ``save()``, or with a
  receiver of its save signals, is saved with ``save()`` instead, so nothing
  it relies on is skipped.
- :func:`row_get`: a row by its primary key, as ``Model.objects.get(pk=…)``
  gives it (every column; ``DoesNotExist`` when there is none).
"""

import functools

from django.db import connections, models, router
from django.db.models import signals


# (model, database, the fields' and returned fields' ids) -> the statement or None.
# By id: hashing 60 fields on every insert would cost a good part of what
# keeping the statement saves; fields live as long as their model.
_inserts: dict[tuple, str | None] = {}


def _insert_sql(model, alias: str, fields, returning: tuple) -> str | None:
    key = (model, alias, *map(id, fields), None, *map(id, returning))
    try:
        return _inserts[key]
    except KeyError:
        sql = _inserts[key] = _insert_sql_build(model, alias, tuple(fields), returning)
        return sql


def _insert_sql_build(model, alias: str, fields: tuple, returning: tuple) -> str | None:
    """``INSERT INTO … VALUES (%s, …) [RETURNING id]`` for these fields, or
    None if Django must build it."""
    connection = connections[alias]
    if any(hasattr(field, "get_placeholder") for field in fields):
        return None
    if returning and returning != (model._meta.auto_field,):
        return None
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if returning and connection.features.can_return_columns_from_insert:
        returning_sql, _params = connection.ops.return_insert_columns(list(returning))
        sql = f"{sql} {returning_sql}"
    return sql


class StatementKept(models.Model):
    """Saves new rows with a statement built once per model (see the module)."""

    class Meta:
        abstract = True

    def _do_insert(self, manager, using, fields, returning_fields, raw):
        connection = connections[using]
        returning = tuple(returning_fields or ())
        sql = None if raw else _insert_sql(type(self), using, fields, returning)
        if sql is None:
            return super()._do_insert(manager, using, fields, returning_fields, raw)
        values = [field.pre_save(self, True) for field in fields]
        if any(hasattr(value, "resolve_expression") for value in values):
            return super()._do_insert(manager, using, fields, returning_fields, raw)
        params = [
            field.get_db_prep_save(value, connection=connection)
            for field, value in zip(fields, values)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if not returning:
                return []
            if connection.features.can_return_columns_from_insert:
                return [connection.ops.fetch_returned_insert_columns(cursor, ())]
            field = returning[0]
            return [(connection.ops.last_insert_id(cursor, self._meta.db_table, field.column),)]


def _saves_plainly(model) -> bool:
    """True when saving ``model`` does no more than insert its row."""
    return (
        issubclass(model, StatementKept)
        and model.save is models.Model.save
        and not signals.pre_save.has_listeners(model)
        and not signals.post_save.has_listeners(model)
    )


def rows_insert(*instances, using: str | None = None) -> None:
    """Insert new rows (see the module); each instance gets its id."""
    for instance in instances:
        if _saves_plainly(type(instance)):
            row_insert(instance, using=using)
        else:
            instance.save(force_insert=True, using=using)


def row_insert(instance: StatementKept, *, using: str | None = None) -> None:
    """Insert one new row as ``bulk_create`` would: no ``save()``, no save
    signals; what they would have done is the caller's to do. The instance
    gets its id."""
    model = type(instance)
    alias = using or router.db_for_write(model, instance=instance)
    meta = model._meta
    instance._prepare_related_fields_for_save(operation_name="save")
    pk_set = instance._is_pk_set(meta)
    fields = [
        field
        for field in meta.local_concrete_fields
        if not field.generated and (pk_set or field is not meta.auto_field)
    ]
    returning = meta.db_returning_fields
    results = instance._do_insert(model._base_manager, alias, fields, returning, False)
    for value, field in zip(results[0] if results else (), returning):
        setattr(instance, field.attname, value)
    instance._state.adding = False
    instance._state.db = alias


@functools.cache
def _select_by_pk(model, vendor: str, alias: str) -> tuple[str, tuple, tuple]:
    """The SELECT of one row by its key, the fields' names and each column's
    converters (the backend's, then the field's: Django's order)."""
    connection = connections[alias]
    meta = model._meta
    quote = connection.ops.quote_name
    fields = tuple(meta.concrete_fields)
    sql = (
        f"SELECT {', '.join(quote(field.column) for field in fields)} "
        f"FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
    )
    converters = []
    for field in fields:
        column = field.get_col(meta.db_table)
        converters.append(
            (
                tuple(connection.ops.get_db_converters(column) + column.get_db_converters(connection)),
                column,
            )
        )
    return sql, tuple(field.attname for field in fields), tuple(converters)


def row_get(model, pk, *, using: str | None = None):
    """The ``model`` row with primary key ``pk``, as ``model.objects.get(pk=pk)``
    would read it; ``model.DoesNotExist`` when there is none."""
    alias = using or router.db_for_read(model)
    connection = connections[alias]
    sql, names, converters = _select_by_pk(model, connection.vendor, alias)
    key = model._meta.pk.get_db_prep_value(model._meta.pk.to_python(pk), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    values = []
    for value, (functions, column) in zip(row, converters):
        for convert in functions:
            value = convert(value, column, connection)
        values.append(value)
    return model.from_db(alias, names, values)
