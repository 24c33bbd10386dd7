"""The portal's emails: what each says, built into the outbox.

One function per email. Each builds a frozen payload (the facts the email
tells, read from the database once), renders its plain-text and HTML
templates (``templates/eoi/emails/<kind>.txt`` and ``.html``, the kind being
``OutboxEmail.Kind``) and puts it in the outbox with one ``outbox_queue``
call, inside the caller's transaction. ``eoi.outbox`` and ``eoi.tasks`` send
it once that transaction commits.

Subjects carry the reference and, for the team inbox, the organisation's
name: never a person's name, address or contact details.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import offer_document as doc
from .links import DRAFT_LINK_AGE, status_token
from .models import Offer, OfferDraft, OutboxEmail, StatusChange
from .outbox import enqueue_on_commit, outbox_queue
from .selectors import screening_shortfalls
from .timescales import offer_next_step, weekday_date
from .validators import one_line
from .statuses import PROVIDER_WORDS, NotProgressedReason, Status

Kind = OutboxEmail.Kind
SUBJECT_PREFIX = "Supported Accommodation"
DRAFT_RESUME_LINK_SUBJECT = "Your draft offer of supported accommodation"


# --------------------------------------------------------------------------
# Payloads: what each email tells
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftResumeLink:
    url: str
    expires: datetime.datetime


@dataclass(frozen=True)
class OfferAcknowledgement:
    """The standard reply (seed 000), tailored to the offer."""

    reference: str
    contact_name: str
    status_url: str
    offers_accommodation: bool
    offers_care_and_support: bool
    # Care and support offered by a provider not on the framework: the
    # procurement portals and the MyChoice directory are their way in.
    signpost_tenders_and_mychoice: bool
    shared_house: bool
    # "Friday 15 January 2027": by when the team will contact them (eoi.timescales).
    contact_by: str = ""
    your_offers_url: str = ""


@dataclass(frozen=True)
class OfferTeamSummary:
    reference: str
    organisation_name: str
    offer_type: str
    scheme: str
    units: int | None
    recommendation: str
    priority: int | None
    queue_url: str


@dataclass(frozen=True)
class StatusChangeNotice:
    reference: str
    contact_name: str
    status: str
    words: str
    status_url: str
    answered: bool = False
    reason: str = ""
    explanation: str = ""
    screening_reasons: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    # "Tuesday 5 January 2027 at 10:30, Room 2, City Hall" (meeting_words).
    meeting: str = ""


@dataclass(frozen=True)
class ProviderSignInLink:
    url: str
    expires: datetime.datetime


@dataclass(frozen=True)
class OfferWithdrawnNotice:
    reference: str
    organisation_name: str
    reason: str
    queue_url: str


@dataclass(frozen=True)
class ProviderMessageNotice:
    reference: str
    organisation_name: str
    text: str
    queue_url: str


@dataclass(frozen=True)
class InformationRequestNotice:
    reference: str
    contact_name: str
    question: str
    status_url: str


@dataclass(frozen=True)
class InformationReminder:
    reference: str
    contact_name: str
    question: str
    asked_on: str
    status_url: str


@dataclass(frozen=True)
class DigestLine:
    reference: str
    organisation_name: str
    status: str
    due_on: str
    url: str


@dataclass(frozen=True)
class CommissionerDigestNotice:
    name: str
    day: str
    overdue: tuple[DigestLine, ...]
    due_today: tuple[DigestLine, ...]
    queue_url: str


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def portal_url(path: str) -> str:
    """An absolute link into the portal, for an email written outside a request."""
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


def _queue(kind: str, payload, *, to: str, subject: str, offer=None, **options):
    if not to:
        return None  # no address (the retention job may have removed it)
    text, html = _render(kind, payload)
    return outbox_queue(
        kind=kind,
        to=[to],
        # One line: a CR or LF from an organisation's name would make Django
        # refuse the header, and the email would fail on every attempt.
        subject=one_line(subject),         text=text,
        html=html,
        offer=offer,
        **options,
    )


def _subject(offer: Offer, words: str) -> str:
    return f"{SUBJECT_PREFIX} {offer.reference}: {words}"


def meeting_words(meeting) -> str:
    """``Meeting`` in words: "Tuesday 5 January 2027 at 10:30, City Hall"."""
    return f"{weekday_date(meeting.on)} at {meeting.at:%H:%M}, {meeting.place}"


# --------------------------------------------------------------------------
# The emails
# --------------------------------------------------------------------------


def draft_resume_link_email_queue(*, draft: OfferDraft, url: str):
    """The link back to ``draft`` (``url``), to ``draft.contact_email``."""
    sent_at = draft.resume_link_sent_at or timezone.now()
    payload = DraftResumeLink(url=url, expires=timezone.localtime(sent_at + DRAFT_LINK_AGE))
    return _queue(
        Kind.DRAFT_RESUME_LINK,
        payload,
        to=draft.contact_email,
        subject=DRAFT_RESUME_LINK_SUBJECT,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


# The name eoi.views calls it by.
draft_resume_link_email_send = draft_resume_link_email_queue


def offer_acknowledgement_email_queue(*, offer: Offer, enqueue: bool = True):
    """To the provider: we have your offer, its reference and status page,
    and the parts of the standard reply that apply to it."""
    offer_type = doc.OfferType(offer.offer_type)
    care = offer_type.includes_support
    payload = OfferAcknowledgement(
        reference=offer.reference,
        contact_name=offer.contact_name,
        status_url=status_url(offer),
        offers_accommodation=offer_type.includes_accommodation,
        offers_care_and_support=care,
        signpost_tenders_and_mychoice=care and offer.support_provider_on_framework is not True,
        shared_house=offer.scheme_configuration == doc.Configuration.SHARED_HOUSE,
        contact_by=getattr(offer_next_step(offer), "by_words", ""),
        your_offers_url=portal_url(reverse("your_offers:start")),
    )
    return _queue(
        Kind.OFFER_ACKNOWLEDGEMENT,
        payload,
        to=offer.contact_email,
        subject=_subject(offer, "we have your offer"),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
        enqueue=enqueue,
    )


def offer_team_summary_email_queue(*, offer: Offer, enqueue: bool = True):
    """To the team inbox: the new offer, with its PDF summary attached (the
    task renders it when it sends)."""
    payload = OfferTeamSummary(
        reference=offer.reference,
        organisation_name=offer.organisation_name,
        offer_type=offer.get_offer_type_display() or "Not given",
        scheme=", ".join(filter(None, [offer.scheme_name, offer.scheme_postcode])),
        units=offer.scheme_units,
        recommendation=offer.get_recommendation_display(),
        priority=offer.priority,
        queue_url=portal_url(reverse("admin:eoi_offer_change", args=[offer.pk])),
    )
    return _queue(
        Kind.OFFER_TEAM_SUMMARY,
        payload,
        to=settings.TEAM_INBOX_EMAIL,
        subject=f"{SUBJECT_PREFIX} {offer.reference} {offer.organisation_name}",
        offer=offer,
        attach_offer_summary=True,
        enqueue=enqueue,
    )


def offer_submitted_emails_queue(*, offer: Offer) -> None:
    """The emails of a submission: the acknowledgement and the team's summary,
    queued in one task (the team's PDF is rendered by the worker)."""
    queued = [
        offer_acknowledgement_email_queue(offer=offer, enqueue=False),
        offer_team_summary_email_queue(offer=offer, enqueue=False),
    ]
    enqueue_on_commit([email.pk for email in queued if email is not None])


def information_request_email_queue(*, change: StatusChange):
    """To the provider: the commissioner's question (the transition's reason),
    and the status page where they answer it."""
    offer = change.offer
    payload = InformationRequestNotice(
        reference=offer.reference,
        contact_name=offer.contact_name,
        question=change.reason.strip(),
        status_url=status_url(offer),
    )
    return _queue(
        Kind.INFORMATION_REQUEST,
        payload,
        to=offer.contact_email,
        subject=_subject(offer, PROVIDER_WORDS[Status.INFORMATION_REQUESTED].lower()),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


def status_change_notice_email_queue(*, change: StatusChange):
    """To the provider: their offer's new status, in the status page's words.

    A decision not to progress gives the reason, the commissioner's
    explanation and the screening's reasons where the offer did not meet the
    strategy or concerned the council; an acceptance gives the units for each
    demand line.
    """
    offer = change.offer
    status = Status(change.to_status)
    details = {}
    if status == Status.NOT_PROGRESSED:
        details = {
            "reason": dict(NotProgressedReason.choices).get(change.reason_code, ""),
            "explanation": change.reason.strip(),
            "screening_reasons": screening_shortfalls(offer=offer),
        }
    elif status == Status.MEETING_ARRANGED and (meeting := offer.meetings.first()):
        details["meeting"] = meeting_words(meeting)
    elif status == Status.ACCEPTED:
        details["accepted"] = tuple(
            f"{acceptance.units} units for: {acceptance.demand_line.cohort}"
            for acceptance in offer.acceptances.select_related("demand_line").order_by("pk")
        )
    payload = StatusChangeNotice(
        reference=offer.reference,
        contact_name=offer.contact_name,
        status=status.value,
        words=PROVIDER_WORDS[status],
        status_url=status_url(offer),
        answered=change.from_status == Status.INFORMATION_REQUESTED and status == Status.IN_TRIAGE,
        **details,
    )
    return _queue(
        Kind.STATUS_CHANGE,
        payload,
        to=offer.contact_email,
        subject=_subject(offer, PROVIDER_WORDS[status]),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


def status_change_email_queue(*, change: StatusChange):
    """The provider's email for a recorded transition (none for the submission)."""
    if not change.from_status:
        return None
    if change.to_status == Status.INFORMATION_REQUESTED:
        return information_request_email_queue(change=change)
    return status_change_notice_email_queue(change=change)


def provider_sign_in_email_queue(*, email: str, url: str, expires: datetime.datetime):
    """The link to sign in to "Your offers" (eoi.provider_access)."""
    return _queue(
        Kind.PROVIDER_SIGN_IN,
        ProviderSignInLink(url=url, expires=expires),
        to=email,
        subject="Sign in to see your offers of supported accommodation",
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


def offer_withdrawn_email_queue(*, change: StatusChange):
    """To the team inbox: the provider withdrew the offer, and why."""
    offer = change.offer
    payload = OfferWithdrawnNotice(
        reference=offer.reference,
        organisation_name=offer.organisation_name,
        reason=change.reason,
        queue_url=portal_url(reverse("admin:eoi_offer_change", args=[offer.pk])),
    )
    return _queue(
        Kind.OFFER_WITHDRAWN,
        payload,
        to=settings.TEAM_INBOX_EMAIL,
        subject=f"{SUBJECT_PREFIX} {offer.reference} {offer.organisation_name}: withdrawn by the provider",
        offer=offer,
    )


def provider_message_email_queue(*, message):
    """To the team inbox: a change the provider told us about (ProviderMessage)."""
    offer = message.offer
    payload = ProviderMessageNotice(
        reference=offer.reference,
        organisation_name=offer.organisation_name,
        text=message.text,
        queue_url=portal_url(reverse("admin:eoi_offer_change", args=[offer.pk])),
    )
    return _queue(
        Kind.PROVIDER_MESSAGE,
        payload,
        to=settings.TEAM_INBOX_EMAIL,
        subject=f"{SUBJECT_PREFIX} {offer.reference} {offer.organisation_name}: a change from the provider",
        offer=offer,
    )


def information_reminder_email_queue(*, request):
    """To the provider: the question of ``request`` (an InformationRequest)
    still waits for their answer."""
    offer = request.offer
    payload = InformationReminder(
        reference=offer.reference,
        contact_name=offer.contact_name,
        question=request.question,
        asked_on=weekday_date(timezone.localtime(request.asked_at).date()),
        status_url=status_url(offer),
    )
    return _queue(
        Kind.INFORMATION_REMINDER,
        payload,
        to=offer.contact_email,
        subject=_subject(offer, "reminder: we need more information"),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


def commissioner_digest_email_queue(*, user, day: datetime.date, overdue, due_today):
    """To a commissioner: their offers (``overdue`` and ``due_today``, lists
    of Offer) past or at their working-day target on ``day``."""

    def lines(offers):
        return tuple(
            DigestLine(
                reference=offer.reference,
                organisation_name=offer.organisation_name,
                status=offer.get_status_display(),
                due_on=weekday_date(offer.due_on),
                url=portal_url(reverse("admin:eoi_offer_change", args=[offer.pk])),
            )
            for offer in offers
        )

    payload = CommissionerDigestNotice(
        name=user.get_full_name() or user.get_username(),
        day=weekday_date(day),
        overdue=lines(overdue),
        due_today=lines(due_today),
        queue_url=portal_url(reverse("admin:eoi_offer_changelist")),
    )
    return _queue(
        Kind.COMMISSIONER_DIGEST,
        payload,
        to=user.email,
        subject=f"{SUBJECT_PREFIX}: {len(overdue)} overdue, {len(due_today)} due today",
    )
