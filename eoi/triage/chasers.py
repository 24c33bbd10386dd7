"""The working-day chasers Celery beat runs each morning (``eoi.notifications.tasks``).

- ``information_reminders_send``: one reminder to the provider for each
  request for information still unanswered on its reminder date (the
  ``information_requested`` target's working days after it was asked).
- ``commissioner_digests_send``: to each commissioner (whoever may triage), their offers overdue
  or due today (assigned to them, or unassigned in one of their teams, as
  the queue's "Assigned to me or my teams"), and their accepted offers'
  milestones changed since their last digest, with a line for those slipped;
  no email when there is nothing overdue, due or changed.

- ``milestone_reminders_send``: once a month, to the provider of each
  accepted offer with milestones still open, a reminder to confirm or move
  them ("Your offers"): on the first working day of the month the worker runs.

All are idempotent: the reminder is marked on its request, the digest on a
``CommissionerDigest`` row per person and day, the monthly reminder on a
``MilestoneReminder`` row per offer and month, in the transaction that puts
the email in the outbox (which retries it until sent). None runs on a day
that is not a working day.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from leicester_sl.working_days import is_working_day

from eoi.notifications import emails
from eoi.models import (
    CommissionerDigest,
    InformationRequest,
    MilestoneReminder,
    Offer,
)
from . import milestone_selectors
from .timescales import COUNCIL_ACTS, holidays_from, reminder_due_on
from .statuses import Status

TRIAGE_CODENAME = "triage_offer"  # who triages offers gets a digest


def _working_day(day: datetime.date) -> bool:
    return is_working_day(day, holidays=holidays_from(day))


def information_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue the reminders due by ``today``; the number queued."""
    today = today or timezone.localdate()
    if not _working_day(today):
        return 0
    waiting = InformationRequest.objects.filter(
        answered_at__isnull=True,
        reminder_sent_at__isnull=True,
        offer__status=Status.INFORMATION_REQUESTED,
    ).values_list("pk", "asked_at")
    due = [
        pk
        for pk, asked_at in waiting
        if reminder_due_on(timezone.localtime(asked_at).date()) <= today
    ]
    return sum(_reminder_send(pk) for pk in due)


@transaction.atomic
def _reminder_send(pk: int) -> bool:
    # Locked and checked again: a second run at the same time sends nothing.
    request = (
        InformationRequest.objects.select_for_update()
        .select_related("offer")
        .filter(pk=pk, reminder_sent_at__isnull=True, answered_at__isnull=True)
        .first()
    )
    if request is None:
        return False
    request.reminder_sent_at = timezone.now()
    request.save(update_fields=["reminder_sent_at"])
    emails.information_reminder_email_queue(request=request)
    return True


def commissioner_offers(user, *, today: datetime.date):
    """``user``'s open offers due by ``today``, in the queue's order."""
    return (
        Offer.objects.filter(status__in=list(COUNCIL_ACTS), due_on__lte=today)
        .filter(_yours(user))
        .distinct()
        .order_by("due_on", "-priority", "reference")
    )


def commissioner_digests_send(*, today: datetime.date | None = None) -> int:
    """Queue today's digests not yet queued; the number queued."""
    today = today or timezone.localdate()
    if not _working_day(today):
        return 0
    commissioners = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(groups__permissions__codename=TRIAGE_CODENAME)
            | Q(user_permissions__codename=TRIAGE_CODENAME)
        )
        .exclude(email="")
        .distinct()
    )
    return sum(_digest_send(user, today) for user in commissioners)


def _yours(user) -> Q:
    return Q(assigned_to=user) | Q(assigned_to__isnull=True, assigned_team__in=user.groups.all())


def _digest_send(user, today: datetime.date) -> bool:
    offers = list(commissioner_offers(user, today=today))
    # Milestones of the user's accepted offers changed since their last digest
    # (or the day before), and those slipped: listed when there is a digest.
    last = CommissionerDigest.objects.filter(user=user, day__lt=today).order_by("-day").first()
    # Each digest covers whole days: from the day of the last one to the end of yesterday.
    since = last.day if last else today - datetime.timedelta(days=1)
    yours = Offer.objects.filter(_yours(user)).values("pk")
    changed = milestone_selectors.milestones_changed_since(since=since, today=today, offers=yours)
    if not offers and not changed:
        return False
    mine = {row["pk"] for row in yours}
    slipped = [m for m in milestone_selectors.slipped_milestone_list() if m.offer_id in mine]
    try:
        with transaction.atomic():
            CommissionerDigest.objects.create(user=user, day=today)
            emails.commissioner_digest_email_queue(
                user=user,
                day=today,
                overdue=[offer for offer in offers if offer.due_on < today],
                due_today=[offer for offer in offers if offer.due_on == today],
                milestones_changed=changed,
                slipped=slipped,
            )
    except IntegrityError:
        return False  # already sent today
    return True


def milestone_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue this month's milestone reminders not yet queued; the number queued."""
    today = today or timezone.localdate()
    if not _working_day(today):
        return 0
    month = today.replace(day=1)
    sent = set(MilestoneReminder.objects.filter(month=month).values_list("offer_id", flat=True))
    offers = [o for o in milestone_selectors.offers_with_open_milestones() if o.pk not in sent]
    return sum(_milestone_reminder_send(offer, month) for offer in offers)


def _milestone_reminder_send(offer: Offer, month: datetime.date) -> bool:
    open_ones = [m for m in milestone_selectors.milestone_list(offer=offer) if m.milestone.is_open]
    if not open_ones or not offer.contact_email:
        return False
    try:
        with transaction.atomic():
            MilestoneReminder.objects.create(offer=offer, month=month, sent_at=timezone.now())
            emails.milestone_reminder_email_queue(
                offer=offer, milestones=[row.milestone for row in open_ones]
            )
    except IntegrityError:
        return False  # already sent this month
    return True
