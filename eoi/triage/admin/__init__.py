"""The staff side of offers, in Django admin.

Modules: ``offers`` (the queue and each offer's page), ``offer_views`` (the
views it adds: transitions, the PDF, downloads, bulk forms, exports),
``inlines``, ``filters``, ``actions``, ``judgement`` (a commissioner's
assessment and possible duplicates), ``timescales`` (due dates and the
working-day targets), ``records`` (routing rules, status changes,
screenings). Importing this package registers them all; the outbox's
pages are ``eoi.notifications.admin``.
"""

from eoi.triage.admin import offers, records, timescales  # noqa: F401 (registers them)
