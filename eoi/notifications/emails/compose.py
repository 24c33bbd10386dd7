"""What every email shares: links into the portal, rendering, subjects and
the one call that puts an email in the outbox."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from eoi.offers.links import status_token
from eoi.models import Offer, OutboxEmail
from ..outbox import outbox_queue
from eoi.triage.timescales import weekday_date
from leicester_sl.documents.formatting import time_of_day
from eoi.offers.validators import one_line

Kind = OutboxEmail.Kind
SUBJECT_PREFIX = "Supported Accommodation"
DRAFT_RESUME_LINK_SUBJECT = "Your draft offer of supported accommodation"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def portal_url(path: str) -> str:
    """An absolute link into the portal: ``settings.PORTAL_BASE_URL`` and a path.

    Every absolute link the portal writes is built here, in an email or on a
    page, never from the request's Host header (issue 23): a request that
    came in by another name must not put that name in a provider's link.
    """
    return f"{settings.PORTAL_BASE_URL}{path}"


def status_url(offer: Offer) -> str:
    return portal_url(reverse("eoi:status", args=[status_token(offer)]))


def _render(kind: str, payload) -> tuple[str, str]:
    context = {field.name: getattr(payload, field.name) for field in dataclasses.fields(payload)}
    context["team_inbox"] = settings.TEAM_INBOX_EMAIL
    return (
        render_to_string(f"eoi/emails/{kind}.txt", context),
        render_to_string(f"eoi/emails/{kind}.html", context),
    )


def email_queue(kind: str, payload, *, to: str, subject: str, offer=None, **options):
    if not to:
        return None  # no address (the retention job may have removed it)
    text, html = _render(kind, payload)
    return outbox_queue(
        kind=kind,
        to=[to],
        # One line: a CR or LF from an organisation's name would make Django
        # refuse the header, and the email would fail on every attempt.
        subject=one_line(subject),
        text=text,
        html=html,
        offer=offer,
        **options,
    )


def offer_subject(offer: Offer, words: str) -> str:
    return f"{SUBJECT_PREFIX} {offer.reference}: {words}"


def meeting_words(meeting) -> str:
    """``Meeting`` in words: "Tuesday 5 January 2027 at 10:30am, City Hall"."""
    return f"{weekday_date(meeting.on)} at {time_of_day(meeting.at)}, {meeting.place}"
