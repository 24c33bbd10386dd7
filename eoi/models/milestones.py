"""A scheme's life after acceptance: its milestones and the tranches its homes
complete and are let in, and the delivery records that stand for them.

Each accepted offer has one milestone of each kind (``Milestone.Kind``),
created when the offer is accepted (``eoi.triage.services.offer_accept``).
A milestone has the forecast made at acceptance (``original_forecast``), the
forecast now (``current_forecast``, with the provider's reason for the last
move), and the actual date the provider reports, which counts only once a
commissioner confirms it (``confirmed_by``/``confirmed_at``). Homes may
complete, and be let, in tranches: units and a date each; the tranches of a
milestone never hold more units than the offer. Who changed what and when is
in the history (django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .offer import Offer
from .triage import Acceptance


class Milestone(models.Model):
    class Kind(models.TextChoices):
        PLANNING_PERMISSION = "planning_permission", "Planning permission"
        START_ON_SITE = "start_on_site", "Start on site"
        PRACTICAL_COMPLETION = "practical_completion", "Practical completion"
        HOMES_LET = "homes_let", "Homes let"

    # Kinds whose homes may come in tranches (units and a date each).
    IN_TRANCHES = (Kind.PRACTICAL_COMPLETION, Kind.HOMES_LET)

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    original_forecast = models.DateField(
        null=True,
        blank=True,
        help_text="The forecast when the offer was accepted; with none then, the "
        "provider's first forecast.",
    )
    current_forecast = models.DateField(null=True, blank=True)
    forecast_reason = models.CharField(
        max_length=300, blank=True, help_text="The provider's reason for the last move."
    )
    actual_on = models.DateField(
        null=True, blank=True, help_text="Reported by the provider; counts once confirmed."
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["offer", "pk"]
        permissions = [("confirm_milestone", "Can confirm a milestone's actual date")]
        constraints = [
            models.UniqueConstraint(fields=["offer", "kind"], name="one_milestone_of_a_kind")
        ]

    def __str__(self):
        return f"{self.offer.reference}: {self.get_kind_display()}"

    @property
    def in_tranches(self) -> bool:
        return self.kind in self.IN_TRANCHES

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_open(self) -> bool:
        """Still to happen, or reported but not yet confirmed."""
        return not self.is_confirmed


class MilestoneTranche(models.Model):
    """Some of a scheme's homes completed (or let) on a date: reported by the
    provider, counted once a commissioner confirms it."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="tranches")
    units = models.PositiveIntegerField()
    actual_on = models.DateField()
    reported_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "actual_on", "pk"]

    def __str__(self):
        return f"{self.milestone}: {self.units} homes on {self.actual_on:%d %B %Y}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class DeliveryLink(models.Model):
    """A strategy delivery record that records (some of) an accepted offer's
    homes. The offer's confirmed milestones count those homes; the linked
    record never adds to any count again (``eoi.progress.stages``).

    The link is held here, on the offers' side, so ``strategy`` never knows
    about offers.
    """

    acceptance = models.ForeignKey(
        Acceptance, on_delete=models.PROTECT, related_name="delivery_links"
    )
    delivery_record = models.OneToOneField(
        "strategy.DeliveryRecord", on_delete=models.CASCADE, related_name="offer_link"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.delivery_record} fulfils {self.acceptance}"


class MilestoneReminder(models.Model):
    """The month's reminder to an accepted offer's provider to confirm or move
    its open milestones: one row an offer and month, written with the email
    in the outbox, so a second run sends nothing (``eoi.triage.chasers``)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="milestone_reminders")
    month = models.DateField(help_text="The first day of the month.")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-month", "offer"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "month"], name="one_reminder_a_month")
        ]

    def __str__(self):
        return f"{self.offer.reference}: reminder for {self.month:%B %Y}"
