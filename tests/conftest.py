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
