"""By when the council will act next on an offer, in working days.

The targets are ``settings.EOI_TIMESCALES_WORKING_DAYS`` (working days as
``leicester_sl.working_days`` counts them, England and Wales bank holidays
excluded). ``next_step`` is pure; ``offer_next_step`` reads the offer, the
settings and the calendar. The staff queue's due dates can use the same
``due_date``.
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
    Status.SUBMITTED: ("first_response", "The commissioning team will contact you about your offer"),
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


def offer_next_step(offer, *, today: datetime.date | None = None) -> NextStep | None:
    """``next_step`` for an offer, from when it entered its current state."""
    since = timezone.localtime(offer.status_changed_at or offer.submitted_at).date()
    today = today or timezone.localdate()
    return next_step(
        status=offer.status,
        since=since,
        today=today,
        targets=settings.EOI_TIMESCALES_WORKING_DAYS,
        # This year and the next cover any target of under a year.
        holidays=england_and_wales_bank_holidays(range(since.year, since.year + 2)),
    )
