"""Emails to providers.

For now only the link back to a saved draft, sent once the transaction that
recorded it commits. (All email is to move to a database-backed outbox sent
by Celery; keep each email one small function until then.)
"""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .links import DRAFT_LINK_AGE
from .models import OfferDraft

DRAFT_RESUME_LINK_SUBJECT = "Your draft offer of supported accommodation"


def draft_resume_link_email_send(*, draft: OfferDraft, url: str) -> None:
    """Email ``url``, the link back to ``draft``, to ``draft.contact_email``."""
    sent_at = draft.resume_link_sent_at or timezone.now()
    body = render_to_string(
        "eoi/emails/draft_resume_link.txt",
        {"url": url, "expires": timezone.localtime(sent_at + DRAFT_LINK_AGE)},
    )
    recipient = draft.contact_email
    transaction.on_commit(
        lambda: send_mail(DRAFT_RESUME_LINK_SUBJECT, body, None, [recipient])
    )
