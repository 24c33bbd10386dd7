"""The alert job: every alert due to every confirmed subscription, through the
outbox (Celery beat each morning, queued at once when an opportunity or an
answer is published, or ``manage.py alerts_send`` by hand).

For each confirmed subscription, and each public opportunity it matches
(``matching``):

- **Published**: an opportunity published (not yet closed) since the
  subscription was confirmed. Opportunities published before it are not
  told, except by the closing reminder below.
- **Closing**: an open opportunity whose responses close within
  ``CLOSING_WORKING_DAYS`` working days (England and Wales bank holidays
  excluded), on a working day; not to a subscriber told of its publication
  within those days (that email says when it closes).
- **Answers**: answers about it published since the subscription was
  confirmed: one email an opportunity for those published together.
- **Monthly summary** (when ticked): on a working day, at most once a
  calendar month, when the homes still to find for the chosen groups (all
  groups when none chosen: ``needs``) differ from what the subscriber was
  last told (at confirmation, then at each summary). The first working day
  of a month the job runs compares; a month without a change sends none,
  and a later day of it sends one if the figures have moved by then.

Idempotent, even run twice at once: each email is written with an
``AlertSent`` row (unique per subscription and key) in one transaction; a
second run's row breaks the unique constraint, and its email is rolled back
with it. Nothing goes to an unconfirmed subscription. An error in one
subscription's alerts (one stopped while the job runs, say) is logged and
the job goes on with the others.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from leicester_sl.working_days import (
    england_and_wales_bank_holidays,
    is_working_day,
    working_days_between,
)
from strategy.vocabulary import ClientGroup

from eoi.models import AlertSent, AlertSubscription, Opportunity, OpportunityQuestion
from . import emails
from .matching import Interests, OpportunityFacts, groups_of_interest, matches
from .needs import needs_now

logger = logging.getLogger(__name__)

CLOSING_WORKING_DAYS = 5


def interests_of(subscription: AlertSubscription) -> Interests:
    return Interests(
        client_groups=frozenset(subscription.client_groups),
        ward_ids=frozenset(ward.pk for ward in subscription.wards.all()),
        routes=frozenset(subscription.routes),
        framework_reopening=subscription.framework_reopening,
    )


def facts_of(opportunity: Opportunity) -> OpportunityFacts:
    return OpportunityFacts(
        client_groups=frozenset(
            group for line in opportunity.demand_lines.all() for group in line.client_groups
        ),
        ward_ids=frozenset(ward.pk for ward in opportunity.wards.all()),
        anywhere_in_city=opportunity.anywhere_in_city,
        route=opportunity.route,
        reopens_framework=opportunity.reopens_framework,
    )


def _send(subscription: AlertSubscription, key: str, queue) -> bool:
    """Record ``key`` as sent and queue its email, together; False if it was
    sent already (by this run's predecessor, or another run at this moment)."""
    try:
        with transaction.atomic():
            AlertSent.objects.create(subscription=subscription, key=key)
            queue()
    except IntegrityError:
        return False
    return True


class _Run:
    """One run of the job on ``today``: what it read once for every subscription."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.holidays = england_and_wales_bank_holidays(range(today.year, today.year + 2))
        self.working = is_working_day(today, holidays=self.holidays)
        self.opportunities = [
            (opportunity, facts_of(opportunity))
            for opportunity in Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
            .prefetch_related("demand_lines", "wards")
            .order_by("pk")
            if opportunity.stage_on(today) != "closed"
        ]
        self.answers = defaultdict(list)
        for question in (
            OpportunityQuestion.objects.filter(published_at__isnull=False)
            .exclude(answer="")
            .exclude(published_question="")
            .order_by("published_at", "pk")
        ):
            self.answers[question.opportunity_id].append(question)
        self._needs = None

    @property
    def needs(self):
        if self._needs is None:
            self._needs = needs_now()
        return self._needs

    def closing_soon(self, opportunity: Opportunity) -> bool:
        left = working_days_between(
            self.today, opportunity.responses_close_on, holidays=self.holidays
        )
        return (
            self.working
            and opportunity.stage_on(self.today) == "open"
            and 0 <= left <= (CLOSING_WORKING_DAYS)
        )

    def within_closing_days(self, day: datetime.date, opportunity: Opportunity) -> bool:
        left = working_days_between(day, opportunity.responses_close_on, holidays=self.holidays)
        return left <= CLOSING_WORKING_DAYS


def alerts_send(*, today: datetime.date | None = None) -> int:
    """Queue every alert due on ``today`` (default: today) not yet queued;
    the number of emails queued."""
    run = _Run(today or timezone.localdate())
    subscriptions = AlertSubscription.objects.filter(confirmed_at__isnull=False).prefetch_related(
        "wards"
    )
    count = 0
    for subscription in subscriptions.order_by("pk"):
        try:
            count += _subscription_alerts_send(run, subscription)
        except Exception:  # one subscriber's failure must not stop everyone's alerts
            # What failed was rolled back with its AlertSent row: the next run tries again.
            logger.exception("Alerts to subscription %s failed", subscription.pk)
    if count:
        logger.info("Alerts: %s email(s) queued", count)
    return count


def _subscription_alerts_send(run: _Run, subscription: AlertSubscription) -> int:
    interests = interests_of(subscription)
    sent = {
        key: timezone.localtime(at).date()
        for key, at in AlertSent.objects.filter(subscription=subscription).values_list(
            "key", "sent_at"
        )
    }
    count = 0
    for opportunity, facts in run.opportunities:
        if not matches(interests, facts):
            continue
        count += _opportunity_alerts_send(run, subscription, opportunity, sent)
    if run.working and subscription.monthly_digest:
        count += _digest_send(run, subscription, interests, sent)
    return count


def _opportunity_alerts_send(run, subscription, opportunity, sent: dict) -> int:
    count = 0
    published_key = f"published:{opportunity.pk}"
    if (
        published_key not in sent
        and opportunity.published_at
        and opportunity.published_at >= subscription.confirmed_at
        and _send(
            subscription,
            published_key,
            lambda: emails.published_alert_queue(subscription, opportunity),
        )
    ):
        sent[published_key] = run.today
        count += 1
    closing_key = f"closing:{opportunity.pk}"
    told_of_it = published_key in sent and run.within_closing_days(sent[published_key], opportunity)
    if (
        closing_key not in sent
        and run.closing_soon(opportunity)
        and not told_of_it
        and _send(
            subscription, closing_key, lambda: emails.closing_alert_queue(subscription, opportunity)
        )
    ):
        count += 1
    answers = [
        question
        for question in run.answers.get(opportunity.pk, ())
        if f"answer:{question.pk}" not in sent
        and question.published_at >= subscription.confirmed_at
    ]
    if answers:
        count += _answers_send(subscription, opportunity, answers)
    return count


def _answers_send(subscription, opportunity, answers) -> int:
    """One email for the answers not yet sent, each recorded by its own key:
    those another run has just sent are left out of it."""
    with transaction.atomic():
        new = []
        for question in answers:
            try:
                with transaction.atomic():
                    AlertSent.objects.create(subscription=subscription, key=f"answer:{question.pk}")
            except IntegrityError:
                continue
            new.append(question)
        if new:
            emails.answers_alert_queue(subscription, opportunity, new)
    return 1 if new else 0


def _digest_send(run: _Run, subscription, interests: Interests, sent: dict) -> int:
    month = run.today.replace(day=1)
    key = f"digest:{month:%Y-%m}"
    if key in sent:
        return 0
    told = subscription.still_to_find_told or {}
    now = run.needs.by_group
    moved = [
        emails.GroupMoved(
            label=ClientGroup(group).label,
            before=told[group],
            now=now[group],
            lines=run.needs.lines_by_group[group],
        )
        for group in groups_of_interest(interests, [g.value for g in ClientGroup])
        if group in told and told[group] != now.get(group, 0)
    ]
    if not moved:
        return 0
    # The figures compared with: the last summary's, or before it, confirmation's.
    first = not any(sent_key.startswith("digest:") for sent_key in sent)

    def queue():
        AlertSubscription.objects.filter(pk=subscription.pk).update(
            still_to_find_told={**told, **now}
        )
        emails.digest_alert_queue(subscription, moved, month, first=first)

    return int(_send(subscription, key, queue))
