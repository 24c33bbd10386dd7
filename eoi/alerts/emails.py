"""What each alert email says, put in the outbox (``outbox_queue``) inside the
caller's transaction.

Every alert (not the link to confirm, nor the link to manage) carries
``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058), so a mail
client offers one-click unsubscribe, and its body has the links to change
what the subscriber hears about and to stop. Opportunities are told by
their demand lines' public names, never their cohorts.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from eoi.models import AlertSubscription, Opportunity, OpportunityQuestion, OutboxEmail
from eoi.notifications.emails import SUBJECT_PREFIX, portal_url
from eoi.notifications.outbox import outbox_queue
from eoi.offers.validators import one_line
from eoi.retention import period_words
from . import links

Kind = OutboxEmail.Kind


@dataclasses.dataclass(frozen=True)
class OpportunityInBrief:
    title: str
    summary: str
    sought: tuple[str, ...]  # the demand lines' public names
    where: str
    route: str
    reopens_framework: bool
    # Offers through this service are taken all of the closing day; a formal
    # tender closes at the time its procurement portal says.
    closes_at_end_of_day: bool
    opens_on: datetime.date
    responses_close_on: datetime.date
    url: str


@dataclasses.dataclass(frozen=True)
class AnswerInBrief:
    question: str
    answer: str


@dataclasses.dataclass(frozen=True)
class GroupMoved:
    label: str
    before: int
    now: int
    lines: tuple  # needs.NeedLine: public name and homes still to find


def opportunity_in_brief(opportunity: Opportunity) -> OpportunityInBrief:
    wards = ", ".join(ward.name for ward in opportunity.wards.all())
    return OpportunityInBrief(
        title=opportunity.title,
        summary=opportunity.summary,
        sought=tuple(line.name_for_providers for line in opportunity.demand_lines.all()),
        where="Anywhere in the city" if opportunity.anywhere_in_city else wards,
        route=opportunity.get_route_display(),
        reopens_framework=opportunity.reopens_framework,
        closes_at_end_of_day=opportunity.route != Opportunity.Route.FORMAL_TENDER,
        opens_on=opportunity.opens_on,
        responses_close_on=opportunity.responses_close_on,
        url=portal_url(opportunity.get_absolute_url()),
    )


def _queue(
    kind: str,
    subscription: AlertSubscription,
    *,
    subject: str,
    template: str = "",
    alert: bool = True,
    **context,
):
    """Render ``templates/eoi/emails/<template or kind>.txt`` and ``.html`` and
    put the email in the outbox; an alert with its unsubscribe headers."""
    context.update(
        manage_url=links.manage_url(subscription),
        unsubscribe_url=links.unsubscribe_url(subscription),
        team_inbox=settings.TEAM_INBOX_EMAIL,
    )
    name = template or kind
    headers = None
    if alert:
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return outbox_queue(
        kind=kind,
        to=[subscription.email],
        subject=one_line(f"{SUBJECT_PREFIX}: {subject}"),
        text=render_to_string(f"eoi/emails/{name}.txt", context),
        html=render_to_string(f"eoi/emails/{name}.html", context),
        headers=headers,
    )


def confirm_email_queue(subscription: AlertSubscription):
    """The link to confirm a new subscription (double opt-in)."""
    return _queue(
        Kind.ALERT_CONFIRM,
        subscription,
        subject="Confirm your email alerts",
        alert=False,
        confirm_url=links.confirm_url(subscription),
        days=settings.EOI_ALERT_CONFIRM_DAYS,
        email_retention=period_words(settings.EOI_DRAFT_RETENTION_DAYS),
    )


def manage_link_email_queue(subscription: AlertSubscription):
    """To an address asked for again once confirmed: the link to change its
    alerts, in place of a confirmation (the page says the same either way)."""
    return _queue(
        Kind.ALERT_CONFIRM,
        subscription,
        subject="Your email alerts",
        template="alert_manage_link",
        alert=False,
    )


def published_alert_queue(subscription: AlertSubscription, opportunity: Opportunity):
    brief = opportunity_in_brief(opportunity)
    return _queue(
        Kind.ALERT_PUBLISHED,
        subscription,
        subject=f"New opportunity – {brief.title}",
        opportunity=brief,
    )


def closing_alert_queue(subscription: AlertSubscription, opportunity: Opportunity):
    brief = opportunity_in_brief(opportunity)
    return _queue(
        Kind.ALERT_CLOSING,
        subscription,
        subject=f"Closing soon – {brief.title}",
        opportunity=brief,
    )


def answers_alert_queue(
    subscription: AlertSubscription, opportunity: Opportunity, questions: list[OpportunityQuestion]
):
    brief = opportunity_in_brief(opportunity)
    answers = [AnswerInBrief(q.published_question, q.answer) for q in questions]
    words = "New answer" if len(answers) == 1 else f"{len(answers)} new answers"
    return _queue(
        Kind.ALERT_ANSWER,
        subscription,
        subject=f"{words} about {brief.title}",
        opportunity=brief,
        answers=answers,
    )


def digest_alert_queue(
    subscription: AlertSubscription,
    moved: list[GroupMoved],
    month: datetime.date,
    *,
    first: bool = False,
):
    """The monthly summary; ``first`` when none was sent before, so the
    figures compared with are those of when the subscription was confirmed."""
    return _queue(
        Kind.ALERT_DIGEST,
        subscription,
        subject=f"What the city still needs, {month:%B %Y}",
        moved=moved,
        month=month,
        first=first,
        city_needs_url=portal_url(reverse("city_needs")),
    )
