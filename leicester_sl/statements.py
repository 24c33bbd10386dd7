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
- :func:`row_insert`: a new row as ``bulk_create`` writes it (no ``save()``,
  no save signals), with its model's kept INSERT.
- :class:`Batch`: writes that need nothing back, sent together (one round
  trip on PostgreSQL). Its rows go in as ``bulk_create`` writes them, for
  record rows nothing else listens to: a model with its own ``save()``, or
  with a receiver of its save signals, is saved with ``save()`` instead, so
  nothing it relies on is skipped.
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
        statement = None if raw else _insert_statement(self, using, fields, returning)
        if statement is None:
            return super()._do_insert(manager, using, fields, returning_fields, raw)
        with connection.cursor() as cursor:
            cursor.execute(*statement)
            return [_returned_key(connection, cursor, type(self))] if returning else []


def _returned_key(connection, cursor, model) -> tuple:
    """The id the INSERT just run on ``cursor`` gave its new ``model`` row."""
    if connection.features.can_return_columns_from_insert:
        return connection.ops.fetch_returned_insert_columns(cursor, ())
    return (connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column),)


def _insert_statement(instance, alias: str, fields, returning: tuple) -> tuple[str, list] | None:
    """The kept INSERT of ``instance`` and its parameters, or None if Django
    must build it."""
    sql = _insert_sql(type(instance), alias, fields, returning)
    if sql is None:
        return None
    values = [field.pre_save(instance, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        return None
    connection = connections[alias]
    return sql, [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values)
    ]


def _saves_plainly(model) -> bool:
    """True when saving ``model`` does no more than insert its row."""
    return (
        issubclass(model, StatementKept)
        and model.save is models.Model.save
        and not signals.pre_save.has_listeners(model)
        and not signals.post_save.has_listeners(model)
    )


def _insert_fields(instance) -> list:
    """The fields a new row of ``instance`` is inserted with, as ``save()``
    chooses them (its key only if set)."""
    meta = instance._meta
    instance._prepare_related_fields_for_save(operation_name="save")
    pk_set = instance._is_pk_set(meta)
    return [
        field
        for field in meta.local_concrete_fields
        if not field.generated and (pk_set or field is not meta.auto_field)
    ]


def _inserted(instance, alias: str, returned, returning) -> None:
    for value, field in zip(returned or (), returning):
        setattr(instance, field.attname, value)
    instance._state.adding = False
    instance._state.db = alias


def row_insert(instance: StatementKept, *, using: str | None = None) -> None:
    """Insert one new row as ``bulk_create`` would: no ``save()``, no save
    signals; what they would have done is the caller's to do. The instance
    gets its id."""
    model = type(instance)
    alias = using or router.db_for_write(model, instance=instance)
    fields = _insert_fields(instance)
    returning = model._meta.db_returning_fields
    results = instance._do_insert(model._base_manager, alias, fields, returning, False)
    _inserted(instance, alias, results[0] if results else (), returning)


class Batch:
    """Writes sent to the database together, in order, in the caller's
    transaction: on PostgreSQL as one string of statements, one round trip
    (psycopg2 binds the parameters in the client; the server runs the
    statements in turn, each seeing those before it); elsewhere one by one
    (SQLite's driver runs one statement a call). For a request that writes
    several rows it needs nothing back from: each round trip costs it more
    than most of these statements' own work.

    Nothing is read back but the last statement's row (psycopg2 keeps only
    the last result): an :meth:`insert` with ``key=True`` comes last and
    gives its instance its id; the other rows inserted get none. SQL added
    with :meth:`add` takes ``%s`` placeholders, as ``cursor.execute`` does.
    A row whose saving does more than insert it (its model's own ``save()``,
    a receiver of its save signals), or that a kept statement cannot
    express, is saved by Django in its turn, after what is pending is sent.
    """

    def __init__(self, using: str = "default"):
        self.alias = using
        self._statements: list[tuple[str, list]] = []
        self._inserted: list = []
        self._keyed = None

    def add(self, sql: str, params) -> None:
        if self._keyed is not None:
            raise ValueError("Only the last statement of a batch may return a row.")
        self._statements.append((sql, list(params)))

    def insert(self, instance, *, key: bool = False, bypass_save: bool = False) -> None:
        """Insert a new row (see the class); with ``bypass_save`` as
        :func:`row_insert` does, whatever its model (what ``save()`` and its
        signals would do is then the caller's); with ``key``, as the last
        statement, returning its id."""
        model = type(instance)
        statement = None
        if bypass_save or _saves_plainly(model):
            returning = tuple(model._meta.db_returning_fields) if key else ()
            statement = _insert_statement(instance, self.alias, _insert_fields(instance), returning)
        if statement is None:
            self.send()
            if bypass_save:
                row_insert(instance, using=self.alias)
            else:
                instance.save(force_insert=True, using=self.alias)
            return
        self.add(*statement)
        self._inserted.append(instance)
        if key:
            self._keyed = instance

    def send(self) -> None:
        """Run the statements added since the last send."""
        if not self._statements:
            return
        connection = connections[self.alias]
        keyed, returned = self._keyed, None
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    ";\n".join(sql for sql, _params in self._statements),
                    [value for _sql, params in self._statements for value in params],
                )
            else:
                for sql, params in self._statements:
                    cursor.execute(sql, params)
            if keyed is not None:
                returned = _returned_key(connection, cursor, type(keyed))
        for instance in self._inserted:
            returning = keyed._meta.db_returning_fields if instance is keyed else ()
            _inserted(instance, self.alias, returned if instance is keyed else (), returning)
        self._statements, self._inserted, self._keyed = [], [], None


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
