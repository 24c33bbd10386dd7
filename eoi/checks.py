"""System check: the reference values screening reads are in the database.

A missing or mistyped reference value would otherwise surface as an error
when a provider presses Send. The check is tagged ``database``: Django runs
it with ``manage.py check --database default`` (``scripts/start`` does, after
loading the strategy's data) and before ``migrate`` applies migrations. It
stays silent until the strategy's tables exist and their migrations have been
applied, so it never stands in the way of migrating a new or older database.
(A database migrated but never given the strategy's data fails the check,
``migrate`` included, until the data is loaded: that is the point.)
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from eoi.screening.reference_keys import REFERENCE_KEYS, reference_problems

MISSING_ID = "eoi.E001"
UNUSABLE_ID = "eoi.E002"
HINT = (
    "Add or correct it in the admin (Strategy › Reference values), or load the "
    "strategy's data (fixtures/strategy.json) into a new database."
)


def _strategy_migrated(alias: str) -> bool:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "strategy"]
    return not executor.migration_plan(targets)


@checks.register(checks.Tags.database)
def check_screening_reference_values(app_configs=None, databases=None, **kwargs):
    from strategy.models import ReferenceValue
    from strategy.selectors import reference_values_in_force

    errors = []
    for alias in databases or ():
        try:
            if not _strategy_migrated(alias):
                continue
            today = timezone.localdate()
            in_force = reference_values_in_force(on=today)
        except DatabaseError:
            continue  # no tables yet: migrate will make them
        values, reported = {}, set()
        for key, row in in_force.items():
            declared = REFERENCE_KEYS.get(key)
            if declared is None:
                continue
            if row.kind != declared.kind:
                errors.append(
                    checks.Error(
                        f"Reference value {key!r} is of kind {row.kind!r}; screening "
                        f"reads it as {declared.kind!r}.",
                        hint=HINT,
                        obj=ReferenceValue,
                        id=UNUSABLE_ID,
                    )
                )
                reported.add(key)
                continue
            try:
                values[key] = row.typed_value()
            except (ValueError, ArithmeticError) as error:
                errors.append(
                    checks.Error(
                        f"Reference value {key!r} cannot be read: {error}",
                        hint=HINT,
                        obj=ReferenceValue,
                        id=UNUSABLE_ID,
                    )
                )
                reported.add(key)
        for problem in reference_problems(values):
            key, what = problem.split(": ", 1)
            if key in reported:
                continue
            missing = what.startswith("missing")
            if what == "missing":
                what = f"none is in force on {today.isoformat()}"
            errors.append(
                checks.Error(
                    f"Screening reads reference value {key!r}: {what} (database {alias!r}).",
                    hint=HINT,
                    obj=ReferenceValue,
                    id=MISSING_ID if missing else UNUSABLE_ID,
                )
            )
    return errors
