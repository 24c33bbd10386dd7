"""Drafts of offers being written, and the files attached to them."""

from __future__ import annotations

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .offer import Offer


def attachment_path(instance, filename):
    # A random name: the provider's file name is kept in the database, never
    # trusted on disk.
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        SITE_PLAN = "site_plan", "Site plan"
        FLOOR_PLAN = "floor_plan", "Floor plan"
        OTHER = "other", "Other document"

    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    draft = models.ForeignKey(
        "OfferDraft",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
        help_text="The draft it was uploaded to, before the offer was submitted.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class OfferDraft(models.Model):
    """A provider's unfinished offer: the answers of each step, kept server-side
    so nothing typed is lost and the provider can come back from an emailed link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answers = models.JSONField(default=dict, help_text="Cleaned answers, by step.")
    valid_steps = models.JSONField(
        default=dict,
        blank=True,
        help_text="The steps whose answers were valid when saved: a hash of those answers, by step.",
    )
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    resume_link_sent_at = models.DateTimeField(null=True, blank=True)
    # Set by the first upload (never unset): the submission moves the
    # draft's attachments to the offer only then.
    files_uploaded = models.BooleanField(default=False)
    submitted_offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )
    amends_offer = models.ForeignKey(
        Offer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes_in_progress",
        help_text="The sent offer this draft changes (from “Your offers”).",
    )
    opportunity = models.ForeignKey(
        "eoi.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
        help_text="The opportunity the offer answers, if started from its page.",
    )
    amends_base = models.JSONField(
        null=True,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="The offer's answers, by column, as this change started from them: "
        "what the provider changed is what differs from these (eoi.offers.changes).",
    )

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Draft {self.pk} ({self.contact_email or 'no email yet'})"
