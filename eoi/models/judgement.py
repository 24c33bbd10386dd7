"""A commissioner's judgement beside the screening: their own assessment,
and what they decided about offers that look like the same site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .offer import Offer, Recommendation, Screening


class Assessment(models.Model):
    """A commissioner's own judgement of an offer, beside its screening
    (``eoi.triage.assessment``): per factor agree or a different outcome with a
    reason, and an overall recommendation of their own. One an offer; a new
    assessment replaces it, and its history keeps every earlier one."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="assessment")
    screening = models.ForeignKey(
        Screening,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The screening the commissioner assessed.",
    )
    # {factor key: {"agrees": bool, "outcome": str, "reason": str}}
    factors = models.JSONField(default=dict)
    overall = models.CharField(max_length=20, choices=Recommendation.choices)
    overall_reason = models.TextField(blank=True)
    differs = models.BooleanField(
        default=False, help_text="A factor or the overall differs from the screening."
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField()
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.offer.reference} assessed {self.assessed_at:%d %b %Y}"


class SiteMatch(models.Model):
    """Two offers that look like the same site (``eoi.triage.duplicates``), and what
    a commissioner decided about them. ``offer`` has the lower id."""

    class Resolution(models.TextChoices):
        UNRESOLVED = "", "Possible duplicate"
        SAME = "same", "Same site"
        DIFFERENT = "different", "Not the same site"

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    found_at = models.DateTimeField()
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True, default="")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "site matches"
        constraints = [
            models.UniqueConstraint(fields=["offer", "other"], name="site_match_once"),
            models.CheckConstraint(
                condition=models.Q(offer__lt=models.F("other")), name="site_match_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.offer.reference} / {self.other.reference}: {self.get_resolution_display()}"
