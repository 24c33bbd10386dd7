"""Working-day targets per status, meetings arranged with providers, and
the daily digests queued for commissioners."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from leicester_sl.documents.formatting import day, time_of_day

from eoi.triage.statuses import Status
from .offer import Offer


class StatusTarget(models.Model):
    """How many working days the council gives itself (or, for a request for
    information, the provider before a reminder) in a status. Seeded from
    ``settings.EOI_TIMESCALES_WORKING_DAYS``; ``eoi.triage.timescales`` reads it."""

    status = models.CharField(max_length=30, choices=Status.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(250)],
        help_text="Working days: Monday to Friday, England and Wales bank holidays excluded.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["status"]
        verbose_name = "working-day target"

    def __str__(self):
        return f"{self.get_status_display()}: {self.working_days} working days"


class Meeting(models.Model):
    """A meeting with the provider, recorded when it is arranged."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="meetings")
    on = models.DateField("date")
    at = models.TimeField("time")
    place = models.CharField(max_length=200)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    arranged_at = models.DateTimeField()

    class Meta:
        ordering = ["-arranged_at", "-pk"]

    def __str__(self):
        return f"{self.offer.reference}: {day(self.on)} at {time_of_day(self.at)}, {self.place}"


class CommissionerDigest(models.Model):
    """One row per commissioner per day a digest was queued: the beat job
    sends at most one a day, however often it runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_commissioner_digest_a_day")
        ]
