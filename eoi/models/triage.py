"""What commissioners record while they triage an offer: status changes,
notes, requests for information, routing rules and acceptances."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from simple_history.models import HistoricalRecords

from strategy.vocabulary import choices_of

from eoi.offers import document as doc
from eoi.triage.statuses import Status
from .offer import Offer


class StatusChange(models.Model):
    """One move of an offer's triage state: who, when, from, to and why."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        max_length=30, choices=Status.choices, blank=True, help_text="Blank for the submission."
    )
    to_status = models.CharField(max_length=30, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=100, help_text='Who acted when not a staff user, e.g. "The provider".'
    )
    at = models.DateTimeField(db_index=True)
    reason = models.TextField(blank=True)
    reason_code = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["offer", "at", "pk"]

    def __str__(self):
        return f"{self.offer.reference}: {self.from_status} → {self.to_status}"


class OfferNote(models.Model):
    """An internal note by staff; never shown to the provider."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="notes_internal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["offer", "at"]
        verbose_name = "internal note"

    def __str__(self):
        return f"Note on {self.offer.reference} by {self.author}"


class InformationRequest(models.Model):
    """A commissioner's question, and the provider's answer from their status page."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="information_requests")
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The one reminder the beat job sends when the question goes unanswered.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["offer", "asked_at"]

    def __str__(self):
        return f"Question on {self.offer.reference} ({'answered' if self.answered_at else 'open'})"


class RoutingRule(models.Model):
    """Who a new offer goes to: the first active rule (lowest order) that matches.

    A rule with no client group and no configuration matches everything; offers
    no rule matches go to the default team (settings.EOI_DEFAULT_TEAM).
    """

    order = models.PositiveSmallIntegerField(default=0)
    client_group = models.CharField(
        max_length=40, blank=True, choices=choices_of(doc.ClientGroup), help_text="Blank: any."
    )
    configuration = models.CharField(
        max_length=40, blank=True, choices=choices_of(doc.Configuration), help_text="Blank: any."
    )
    assign_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    assign_team = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assign_to__isnull=False) | models.Q(assign_team__isnull=False),
                name="routing_rule_assigns_someone",
                violation_error_message="Choose a commissioner or a team.",
            )
        ]

    def __str__(self):
        when = (
            " and ".join(
                filter(
                    None,
                    [
                        self.get_client_group_display() if self.client_group else "",
                        self.get_configuration_display() if self.configuration else "",
                    ],
                )
            )
            or "any offer"
        )
        return f"{when} → {self.assign_to or self.assign_team}"


class Acceptance(models.Model):
    """Units of an accepted offer allocated to a demand line: counted by the
    demand balance as an accepted offer, never as one of the strategy's schemes."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="acceptances")
    demand_line = models.ForeignKey(
        "strategy.DemandLine", on_delete=models.PROTECT, related_name="acceptances"
    )
    units = models.PositiveIntegerField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["offer", "pk"]

    def __str__(self):
        return f"{self.offer.reference}: {self.units} units for {self.demand_line}"
