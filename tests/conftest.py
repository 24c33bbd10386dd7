"""Fixtures shared by every test package."""
import pytest
from django.core.management import call_command


@pytest.fixture
def strategy_data(db):
    """The strategy's forecast data (fixtures/strategy.json) in the test database.

    Works for ordinary and for ``transaction=True`` tests (with ``live_server``
    pytest-django runs the test transactionally and flushes the database
    afterwards, so the data is loaded again for every test).
    """
    call_command("loaddata", "strategy", verbosity=0)


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
