"""Providers' own sign-in links and their messages about a sent offer."""

from __future__ import annotations

from django.db import models

from .offer import Offer


class ProviderSignIn(models.Model):
    """A sign-in link to "Your offers" emailed to an address (eoi.offers.provider_access).

    Only a hash of the link's secret is kept; the link works once, for an hour.
    """

    email = models.EmailField(db_index=True, help_text="In lower case.")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Sign-in link for {self.email} ({'used' if self.used_at else 'unused'})"


class ProviderMessage(models.Model):
    """A change the provider tells the council about, from "Your offers",
    once the offer can no longer be changed (triage has started)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="provider_messages")
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer", "sent_at"]
        verbose_name = "change told by the provider"

    def __str__(self):
        return f"Message on {self.offer.reference} ({self.sent_at:%d %b %Y})"
