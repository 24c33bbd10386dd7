"""Emails to providers: the link back to a draft, the acknowledgement, the
council's questions and decisions, sign-in links and reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from eoi.offers import document as doc
from eoi.offers.links import DRAFT_LINK_AGE
from eoi.models import Offer, OfferDraft, StatusChange
from eoi.screening.selectors import screening_shortfalls
from eoi.triage.statuses import PROVIDER_WORDS, NotProgressedReason, Status
from eoi.triage.timescales import offer_next_step, weekday_date
from .compose import (
    DRAFT_RESUME_LINK_SUBJECT,
    Kind,
    email_queue,
    offer_subject,
    meeting_words,
    portal_url,
    status_url,
)
from .payloads import (
    DraftResumeLink,
    InformationReminder,
    InformationRequestNotice,
    MilestoneReminderNotice,
    OfferAcknowledgement,
    ProviderSignInLink,
    StatusChangeNotice,
)


def draft_resume_link_email_queue(*, draft: OfferDraft, url: str):
    """The link back to ``draft`` (``url``), to ``draft.contact_email``."""
    sent_at = draft.resume_link_sent_at or timezone.now()
    payload = DraftResumeLink(url=url, expires=timezone.localtime(sent_at + DRAFT_LINK_AGE))
    return email_queue(
        Kind.DRAFT_RESUME_LINK,
        payload,
        to=draft.contact_email,
        subject=DRAFT_RESUME_LINK_SUBJECT,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


# The name eoi.offers.views calls it by.


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
    return email_queue(
        Kind.OFFER_ACKNOWLEDGEMENT,
        payload,
        to=offer.contact_email,
        subject=offer_subject(offer, "we have your offer"),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
        enqueue=enqueue,
    )


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
    return email_queue(
        Kind.INFORMATION_REQUEST,
        payload,
        to=offer.contact_email,
        subject=offer_subject(offer, PROVIDER_WORDS[Status.INFORMATION_REQUESTED].lower()),
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
            f"{acceptance.units} units for: {acceptance.demand_line.name_for_providers}"
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
    return email_queue(
        Kind.STATUS_CHANGE,
        payload,
        to=offer.contact_email,
        subject=offer_subject(offer, PROVIDER_WORDS[status]),
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
    """The link to sign in to "Your offers" (eoi.offers.provider_access)."""
    return email_queue(
        Kind.PROVIDER_SIGN_IN,
        ProviderSignInLink(url=url, expires=expires),
        to=email,
        subject="Sign in to see your offers of supported accommodation",
        reply_to=settings.TEAM_INBOX_EMAIL,
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
    return email_queue(
        Kind.INFORMATION_REMINDER,
        payload,
        to=offer.contact_email,
        subject=offer_subject(offer, "reminder: we need more information"),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


def milestone_reminder_email_queue(*, offer, milestones):
    """To the provider: this month's reminder to confirm or move the accepted
    offer's open ``milestones`` (Milestone objects) in "Your offers"."""

    def line(milestone) -> str:
        label = milestone.get_kind_display()
        if milestone.actual_on:
            return f"{label}: you told us {weekday_date(milestone.actual_on)}; the team will confirm it"
        if milestone.current_forecast:
            return f"{label}: forecast {weekday_date(milestone.current_forecast)}"
        return f"{label}: no date forecast yet"

    payload = MilestoneReminderNotice(
        reference=offer.reference,
        contact_name=offer.contact_name,
        scheme_name=offer.scheme_name or "",
        lines=tuple(line(milestone) for milestone in milestones),
        your_offers_url=portal_url(reverse("your_offers:start")),
    )
    return email_queue(
        Kind.MILESTONE_REMINDER,
        payload,
        to=offer.contact_email,
        subject=offer_subject(offer, "please check your milestone dates"),
        offer=offer,
        reply_to=settings.TEAM_INBOX_EMAIL,
    )


draft_resume_link_email_send = draft_resume_link_email_queue
