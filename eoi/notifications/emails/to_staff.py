"""Emails to the council: the team inbox's summary of each offer, a
provider's withdrawal or message, and each commissioner's daily digest."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.defaultfilters import pluralize
from django.urls import reverse

from eoi.models import Offer, StatusChange
from eoi.triage.timescales import weekday_date
from .compose import (
    SUBJECT_PREFIX,
    Kind,
    email_queue,
    portal_url,
)
from .payloads import (
    CommissionerDigestNotice,
    DigestLine,
    MilestoneLine,
    OfferTeamSummary,
    OfferWithdrawnNotice,
    ProviderMessageNotice,
)
from .to_providers import offer_acknowledgement_email_queue


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
    return email_queue(
        Kind.OFFER_TEAM_SUMMARY,
        payload,
        to=settings.TEAM_INBOX_EMAIL,
        subject=f"{SUBJECT_PREFIX} {offer.reference} {offer.organisation_name}",
        offer=offer,
        attach_offer_summary=True,
        enqueue=enqueue,
    )


def offer_submitted_emails_queue(*, offer: Offer) -> list[int]:
    """The emails of a submission, in the outbox: the acknowledgement and the
    team's summary (its PDF is rendered when it is sent). Their ids, for the
    caller to send once its transaction commits (``eoi.notifications.events``)."""
    queued = [
        offer_acknowledgement_email_queue(offer=offer, enqueue=False),
        offer_team_summary_email_queue(offer=offer, enqueue=False),
    ]
    return [email.pk for email in queued if email is not None]


def offer_withdrawn_email_queue(*, change: StatusChange):
    """To the team inbox: the provider withdrew the offer, and why."""
    offer = change.offer
    payload = OfferWithdrawnNotice(
        reference=offer.reference,
        organisation_name=offer.organisation_name,
        reason=change.reason,
        queue_url=portal_url(reverse("admin:eoi_offer_change", args=[offer.pk])),
    )
    return email_queue(
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
    return email_queue(
        Kind.PROVIDER_MESSAGE,
        payload,
        to=settings.TEAM_INBOX_EMAIL,
        subject=f"{SUBJECT_PREFIX} {offer.reference} {offer.organisation_name}: a change from the provider",
        offer=offer,
    )


def commissioner_digest_email_queue(
    *, user, day: datetime.date, overdue, due_today, milestones_changed=(), slipped=()
):
    """To a commissioner: their offers (``overdue`` and ``due_today``, lists
    of Offer) past or at their working-day target on ``day``; and their
    accepted offers' milestones changed since the last digest and slipped
    (lists of Milestone)."""

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

    def milestone_lines(milestones, words):
        return tuple(
            MilestoneLine(
                reference=milestone.offer.reference,
                organisation_name=milestone.offer.organisation_name,
                words=words(milestone),
                url=portal_url(reverse("admin:eoi_offer_change", args=[milestone.offer_id])),
            )
            for milestone in milestones
        )

    queue_url = portal_url(reverse("admin:eoi_offer_changelist"))
    payload = CommissionerDigestNotice(
        name=user.get_full_name() or user.get_username(),
        day=weekday_date(day),
        overdue=lines(overdue),
        due_today=lines(due_today),
        queue_url=queue_url,
        milestones_changed=milestone_lines(milestones_changed, milestone_change_words),
        slipped=milestone_lines(slipped, milestone_slip_words),
        slipped_url=f"{queue_url}?milestones=slipped",
        slip_months=settings.EOI_SLIPPAGE_THRESHOLD_MONTHS,
    )
    subject = f"{SUBJECT_PREFIX}: {len(overdue)} overdue, {len(due_today)} due today"
    if milestones_changed:
        subject += (
            f", {len(milestones_changed)} milestone{pluralize(len(milestones_changed))} changed"
        )
    return email_queue(Kind.COMMISSIONER_DIGEST, payload, to=user.email, subject=subject)


def _day_words(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else "no date"


def milestone_change_words(milestone) -> str:
    """What a milestone now says: "Start on site: reported 5 March 2026, to confirm"."""
    label = milestone.get_kind_display()
    if milestone.is_confirmed:
        return f"{label}: confirmed {_day_words(milestone.actual_on)}"
    if milestone.actual_on:
        return f"{label}: reported {_day_words(milestone.actual_on)}, to confirm"
    reason = f" ({milestone.forecast_reason})" if milestone.forecast_reason else ""
    return f"{label}: forecast now {_day_words(milestone.current_forecast)}{reason}"


def milestone_slip_words(milestone) -> str:
    return (
        f"{milestone.get_kind_display()}: forecast {_day_words(milestone.original_forecast)} "
        f"at acceptance, now {_day_words(milestone.current_forecast)}"
    )
