"""Where a person's details are stored: every column of every table, the
sessions' contents and the stored files, searched for planted values.

Matching ignores case and white space, so "07700 900123" is also found as
"07700900123", and an address in capitals as itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def table_values() -> Iterator[tuple[str, str]]:
    """("table.column", value) for every value of every column of every table
    the database holds, whether or not a model describes it."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Every table, named by introspection: nothing here comes from a user.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row):
                    if value not in (None, ""):
                        yield f"{table}.{column}", _text(value)


def model_values() -> Iterator[tuple[str, str]]:
    """("app.Model.field", value) for every text, JSON and file column of every
    model (historical ones and other apps' too), and each session decoded."""
    for model in apps.get_models():
        fields = [
            field.attname for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for field, value in zip(fields, row):
                if value not in (None, ""):
                    yield f"{model._meta.label}.{field}", _text(value)
    for session in Session.objects.all():
        yield "session (decoded)", str(session.get_decoded())


def file_values(root: str | None = None) -> Iterator[tuple[str, str]]:
    """("file name", path) and ("file content", content) for every stored file."""
    root = root or settings.MEDIA_ROOT
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            yield f"file name {relative}", relative
            with open(path, "rb") as stored:
                yield f"file content {relative}", _text(stored.read())


def places_holding(needles: Iterable[str], values) -> list[tuple[str, str]]:
    """(where, needle) for each place whose value contains a needle."""
    compact = [(needle, _compact(needle)) for needle in needles]
    found = set()
    for where, value in values:
        text = _compact(value)
        for needle, wanted in compact:
            if wanted in text:
                found.add((where, needle))
    return sorted(found)


def everywhere() -> Iterator[tuple[str, str]]:
    yield from table_values()
    yield from model_values()
    yield from file_values()
