"""By when the council will act next on an offer, in working days.

The targets are the ``StatusTarget`` rows administrators edit (seeded from
``settings.EOI_TIMESCALES_WORKING_DAYS``, which stays the default for a
missing row), in working days as ``leicester_sl.working_days`` counts them,
England and Wales bank holidays excluded. ``next_step`` is pure;
``offer_next_step`` reads the offer, the targets and the calendar;
``status_due_on`` gives the date each transition stores on the offer
(``Offer.due_on``) for the staff queue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from leicester_sl.working_days import add_working_days, england_and_wales_bank_holidays

from .statuses import Status

# For each state the council acts in: the target it works to, and what it
# will do by then, in the provider's words.
COUNCIL_ACTS = {
    Status.SUBMITTED: (
        "first_response",
        "The commissioning team will contact you about your offer",
    ),
    Status.IN_TRIAGE: ("triage_outcome", "The commissioning team will tell you what happens next"),
    Status.MEETING_ARRANGED: (
        "decision_after_meeting",
        "After the meeting, the commissioning team will tell you their decision",
    ),
}
WAITING_FOR_PROVIDER = {
    Status.INFORMATION_REQUESTED: (
        "The commissioning team is waiting for your answer to their question. "
        "Answer it on your offer’s status page."
    ),
}


# Each status with a target (a ``StatusTarget`` row), by its name in the
# settings. For a request for information it is when the provider is reminded.
TARGET_NAMES = {status: name for status, (name, _words) in COUNCIL_ACTS.items()} | {
    Status.INFORMATION_REQUESTED: "information_reminder",
}


@dataclass(frozen=True)
class NextStep:
    words: str
    by: datetime.date | None = None
    overdue: bool = False

    @property
    def by_words(self) -> str:
        return weekday_date(self.by) if self.by else ""

    @property
    def sentence(self) -> str:
        """E.g. "… will contact you about your offer by Friday 15 January 2027."."""
        if self.by is None:
            return self.words
        return f"{self.words} by {self.by_words}."


def weekday_date(day: datetime.date) -> str:
    """``date(2027, 1, 15)`` gives "Friday 15 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def due_date(since: datetime.date, working_days: int, *, holidays) -> datetime.date:
    return add_working_days(since, working_days, holidays=holidays)


def next_step(
    *,
    status: str,
    since: datetime.date,
    today: datetime.date,
    targets: dict[str, int],
    holidays,
) -> NextStep | None:
    """What happens next for an offer in ``status`` since ``since``; None once decided."""
    if status in WAITING_FOR_PROVIDER:
        return NextStep(WAITING_FOR_PROVIDER[status])
    if status not in COUNCIL_ACTS:
        return None
    target, words = COUNCIL_ACTS[status]
    by = due_date(since, targets[target], holidays=holidays)
    return NextStep(words, by=by, overdue=by < today)


def targets() -> dict[str, int]:
    """The working days of each target, by name: the administrators' rows
    over the settings' defaults."""
    from eoi.models import StatusTarget

    by_name = dict(settings.EOI_TIMESCALES_WORKING_DAYS)
    for status, working_days in StatusTarget.objects.values_list("status", "working_days"):
        if status in TARGET_NAMES:
            by_name[TARGET_NAMES[status]] = working_days
    return by_name


def holidays_from(since: datetime.date):
    # This year and the next cover any target of under a year (at most 250 days).
    return england_and_wales_bank_holidays(range(since.year, since.year + 2))


def status_due_on(
    status: str, since: datetime.date, *, working_days: dict[str, int] | None = None
) -> datetime.date | None:
    """When the council is due to act on an offer that entered ``status`` on
    ``since``; None when it waits for the provider or is decided."""
    if status not in COUNCIL_ACTS:
        return None
    working_days = targets() if working_days is None else working_days
    return due_date(since, working_days[TARGET_NAMES[status]], holidays=holidays_from(since))


def reminder_due_on(asked_on: datetime.date) -> datetime.date:
    """When the provider is reminded of a question asked on ``asked_on``."""
    return due_date(asked_on, targets()["information_reminder"], holidays=holidays_from(asked_on))


def offer_since(offer) -> datetime.date:
    """The day the offer entered its current status."""
    return timezone.localtime(offer.status_changed_at or offer.submitted_at).date()


def offer_next_step(offer, *, today: datetime.date | None = None) -> NextStep | None:
    """``next_step`` for an offer, from when it entered its current state."""
    since = offer_since(offer)
    return next_step(
        status=offer.status,
        since=since,
        today=today or timezone.localdate(),
        targets=targets(),
        holidays=holidays_from(since),
    )
