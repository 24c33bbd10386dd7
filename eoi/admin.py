"""Django's admin finds each app's ``admin`` module: eoi's registers the
staff pages of triage and of the outbox, which live with their packages."""

from eoi.notifications import admin as notifications_admin  # noqa: F401 (registers)
from eoi.triage import admin as triage_admin  # noqa: F401 (registers)
from eoi.opportunities import admin as opportunities_admin  # noqa: F401 (registers)
from eoi.opportunities import questions_admin  # noqa: F401 (registers)
