"""Alerts without an account: what a provider asked to hear about, and what
each subscription has been sent (``eoi.alerts``)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from strategy.fields import ChoiceListField
from strategy.vocabulary import client_group_choices

from .opportunities import route_choices


class AlertSubscription(models.Model):
    """One email address and what it wants to hear about.

    Nothing is sent until the address is confirmed (``confirmed_at``: double
    opt-in, by the link in the first email). Choosing nothing under a heading
    means all of it: no client groups chosen hears of every group, no wards of
    every ward, no routes of every route. Stopping deletes the row and what it
    was sent, so no address is kept after it asked to hear nothing more.
    """

    # What the links in its emails carry, signed (eoi.alerts.links): never
    # the address or the row's id.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    client_groups = ChoiceListField(choice_list=client_group_choices, blank=True)
    wards = models.ManyToManyField("strategy.Ward", related_name="+", blank=True)
    routes = ChoiceListField(choice_list=route_choices, blank=True)
    framework_reopening = models.BooleanField(
        "the care and support framework re-opening", default=False
    )
    monthly_digest = models.BooleanField(
        "monthly summary of what the city still needs",
        default=True,
        help_text="A monthly email when the homes still to find for the chosen groups change.",
    )
    # The homes still to find for the chosen groups when it was last told
    # (at confirmation, then at each digest): {client group: units}.
    still_to_find_told = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "alert subscription"
        indexes = [
            # The retention job's look for unconfirmed subscriptions past their link.
            models.Index(
                fields=["created_at"],
                condition=models.Q(confirmed_at__isnull=True),
                name="alert_unconfirmed",
            )
        ]

    def __str__(self):
        return f"Alert subscription {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AlertSent(models.Model):
    """An alert a subscription was sent, by what it was about: one row per
    subscription and ``key``, written with the email in the outbox, so the
    alert job run twice (or twice at once) sends each alert once.

    Keys: ``published:<opportunity id>``, ``closing:<opportunity id>``,
    ``answer:<question id>``, ``digest:<yyyy-mm>``.
    """

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="sent"
    )
    key = models.CharField(max_length=60)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = "alert sent"
        verbose_name_plural = "alerts sent"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="one_alert_per_key")
        ]

    def __str__(self):
        return f"{self.key} to subscription {self.subscription_id}"
