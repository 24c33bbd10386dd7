"""A commissioner's correction of one of a provider's answers (issue 15)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .offer import Offer


class AnswerCorrection(models.Model):
    """One answer changed by staff: which question, from what to what, why,
    by whom and when (``eoi.triage.corrections``). The offer's own history keeps the
    row as it was; this says why it changed, in words scrutiny can read."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="corrections")
    path = models.CharField(max_length=100, help_text="The question's path, e.g. scheme.units.")
    question = models.CharField(max_length=300, help_text="The question as the summary words it.")
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["-corrected_at", "-pk"]

    def __str__(self):
        return f"{self.offer.reference}: {self.question} corrected"
