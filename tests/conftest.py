"""Fixtures shared by every test package."""

from io import StringIO

import pytest
from django.core.management import call_command


def _strategy_load():
    """What a fresh machine's start-up runs (scripts/start, compose's migrate)."""
    call_command("strategy_load", stdout=StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the strategy's forecast data (fixtures/strategy.json)
    loaded once for the whole run rather than once per test.

    Every test sees the data; an ordinary test's changes to it are rolled back
    with the test. A transactional test (``transaction=True``, ``live_server``)
    commits, and pytest-django empties the database after it:
    :func:`pytest_runtest_teardown` then loads the data again, so the next
    test starts from the same database.
    """
    with django_db_blocker.unblock():
        _strategy_load()
    _loaded.append(django_db_blocker)


_loaded = []  # the database blocker, once the session's database has its data


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's fixtures are gone, the database flushed if it was
    # After the run's last test the session's database is already gone.
    if _loaded and nextitem is not None and _is_transactional(item):
        from strategy.models import ForecastVersion

        with _loaded[0].unblock():
            if not ForecastVersion.objects.exists():
                _strategy_load()


@pytest.fixture
def empty_database(db):
    """The database as a fresh machine has it after ``migrate``: every model's
    table emptied inside the test's transaction, so the session's data is back
    for the next test when it rolls back."""
    from django.core.management.color import no_style
    from django.db import connection

    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)


@pytest.fixture
def strategy_data(db):
    """The strategy's forecast data, for a test that reads it.

    Loaded once per run (see :func:`django_db_setup`); this fixture only says
    that the test needs it, and gives the test the database.
    """


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Celery tasks run in the test's own process, as on the embedded default.

    CI points the broker at Redis, where no worker would take them; the tests
    of a real broker or worker (tests/test_celery_*.py, the outbox's fault
    tests) change this themselves.
    """
    from leicester_sl.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so no rate limit counts carry over."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
