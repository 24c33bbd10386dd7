"""The outbox: one row per email to send, and one per event the worker acts on."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .offer import Offer


class OutboxEmail(models.Model):
    """What an email in the outbox is for.

    The outbox is django-post-office's ``Email`` table (``eoi.notifications.outbox``); this
    row says what kind of email it is, which offer it is about, and whether
    the task attaches the offer's PDF summary when it sends it (rendered then,
    by the worker, not in the web request).
    """

    class Kind(models.TextChoices):
        # The value is the name of its templates under templates/eoi/emails/.
        OFFER_ACKNOWLEDGEMENT = "offer_acknowledgement", "Acknowledgement to the provider"
        OFFER_TEAM_SUMMARY = "offer_team_summary", "Offer summary to the team inbox"
        STATUS_CHANGE = "status_change", "Change of status, to the provider"
        INFORMATION_REQUEST = "information_request", "Request for information, to the provider"
        DRAFT_RESUME_LINK = "draft_resume_link", "Link back to a draft"
        PROVIDER_SIGN_IN = "provider_sign_in", "Sign-in link to “Your offers”"
        OFFER_WITHDRAWN = "offer_withdrawn", "Withdrawal by the provider, to the team inbox"
        PROVIDER_MESSAGE = "provider_message", "Change told by the provider, to the team inbox"
        INFORMATION_REMINDER = (
            "information_reminder",
            "Reminder of an unanswered question, to the provider",
        )
        COMMISSIONER_DIGEST = (
            "commissioner_digest",
            "Overdue and due-today offers, to a commissioner",
        )
        MILESTONE_REMINDER = (
            "milestone_reminder",
            "Monthly reminder to update an accepted offer's milestones, to the provider",
        )
        QUESTION_ASKED = "question_asked", "Question about an opportunity, to the team inbox"
        QUESTION_ANSWER = "question_answer", "Answer to a question, to who asked it"
        ALERT_CONFIRM = "alert_confirm", "Link to confirm an alert subscription"
        ALERT_PUBLISHED = "alert_published", "Alert: a new opportunity"
        ALERT_CLOSING = "alert_closing", "Alert: an opportunity closes in a week"
        ALERT_ANSWER = "alert_answer", "Alert: an answer published about an opportunity"
        ALERT_DIGEST = "alert_digest", "Alert: monthly summary of what the city still needs"

    email = models.OneToOneField(
        "post_office.Email", on_delete=models.CASCADE, related_name="outbox_entry"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_emails"
    )
    attach_offer_summary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-email"]
        verbose_name = "outbox email"

    def __str__(self):
        return f"{self.get_kind_display()} (email {self.email_id})"


class OutboxEvent(models.Model):
    """Something that happened, written in the transaction that made it
    happen, for the worker to act on once it has committed (``eoi.notifications.events``).

    An offer submitted is one row: the worker turns it into the
    acknowledgement and the team's summary (and records the offer's possible
    duplicates), all in one transaction that also marks the row handled, so
    the request does none of that work and an event is never handled twice.
    """

    class Kind(models.TextChoices):
        OFFER_SUBMITTED = "offer_submitted", "Offer submitted"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="outbox_events")
    created_at = models.DateTimeField(default=timezone.now)
    # Set in the transaction that did the event's work; null until then.
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "outbox event"
        indexes = [
            # The sweep's look for events left unhandled: a handful at most.
            models.Index(
                fields=["created_at"],
                condition=models.Q(handled_at__isnull=True),
                name="outbox_event_unhandled",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: offer {self.offer_id}"
