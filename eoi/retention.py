"""Keeping personal data no longer than the privacy notice says.

Two rules, run daily by Celery beat (``retention_apply_task``) or by hand
(``manage.py apply_retention [--dry-run]``):

- **Decided offers.** ``settings.EOI_RETENTION_DECIDED_DAYS`` (730) days after
  an offer was withdrawn or not progressed (the ``StatusChange`` into that
  state), its personal data is removed and the rest of the offer is kept for
  reporting on the market. Removed: the contact's name, phone and role (the
  email becomes ``ANONYMISED_EMAIL``, which marks the offer as done), the
  provider's free-text notes, the provider's answers to requests for
  information (also kept as the reason of the status change they caused),
  the text of staff's internal notes (which often name people), the same
  fields in every earlier version in the offer's history, and the attached
  files with their rows. Kept: the organisation, the scheme, figures,
  screenings, the council's questions and decisions with their reasons, and
  who changed what when. The change itself is a new history entry with the
  reason ``"retention"``, and a log line. The offer's emails in the outbox
  (django-post-office's ``Email`` rows: address, subject, text and HTML,
  with their delivery logs) are deleted. Accepted offers and open ones are
  never touched.
- **Drafts.** ``settings.EOI_DRAFT_RETENTION_DAYS`` (30) days after a draft
  was last saved it is deleted with the files uploaded to it (files of an
  offer it became stay with the offer). Resume links stop working after the
  same 30 days (``eoi.offers.links.DRAFT_LINK_AGE``), and so the emails that carried
  those links are deleted with their logs once as old (they belong to no
  offer, and hold the address they went to).
"""

import dataclasses
import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from post_office.models import Email

from .models import Attachment, Offer, OfferDraft, OutboxEmail, StatusChange
from eoi.triage.statuses import Status

logger = logging.getLogger(__name__)

DECIDED = (Status.WITHDRAWN, Status.NOT_PROGRESSED)
ANONYMISED_EMAIL = "removed@anonymised.invalid"
REMOVED_NOTE = "Removed under the retention policy."
CHANGE_REASON = "retention"
# The offer's columns that hold personal data, and what they become.
PERSONAL_FIELDS = {
    "contact_name": "",
    "contact_email": ANONYMISED_EMAIL,
    "contact_phone": "",
    "contact_role": "",
    "notes": "",
}


@dataclasses.dataclass(frozen=True)
class RetentionReport:
    """What a run did, or in a dry run would do."""

    dry_run: bool
    offers_anonymised: int
    offer_attachments_deleted: int
    drafts_deleted: int
    draft_attachments_deleted: int
    emails_deleted: int = 0


def period_words(days: int) -> str:
    """A retention period as the privacy notice says it: "2 years", "30 days"."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def offers_due_for_anonymisation(*, now: datetime.datetime):
    """Withdrawn and not progressed offers decided long enough ago, not yet done."""
    cutoff = now - datetime.timedelta(days=settings.EOI_RETENTION_DECIDED_DAYS)
    decided_before_cutoff = StatusChange.objects.filter(
        offer=OuterRef("pk"), to_status=OuterRef("status"), at__lte=cutoff
    )
    return (
        Offer.objects.filter(status__in=DECIDED)
        .filter(Exists(decided_before_cutoff))
        .exclude(contact_email=ANONYMISED_EMAIL)
    )


def drafts_due_for_deletion(*, now: datetime.datetime):
    cutoff = now - datetime.timedelta(days=settings.EOI_DRAFT_RETENTION_DAYS)
    return OfferDraft.objects.filter(updated_at__lt=cutoff)


def draft_link_emails_due_for_deletion(*, now: datetime.datetime):
    cutoff = now - datetime.timedelta(days=settings.EOI_DRAFT_RETENTION_DAYS)
    return Email.objects.filter(
        outbox_entry__kind=OutboxEmail.Kind.DRAFT_RESUME_LINK, created__lt=cutoff
    )


def _emails_delete(emails) -> int:
    """Delete outbox emails with their logs (and post_office's attachment
    links), by cascade."""
    _total, by_model = emails.delete()
    return by_model.get(Email._meta.label, 0)


def _attachments_delete(attachments) -> int:
    """Delete the attachments' rows, and their files once that has committed."""
    files = [(a.file.storage, a.file.name) for a in attachments if a.file.name]
    _total, by_model = attachments.delete()

    def delete_files():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("Retention: could not delete the file %s", name)

    transaction.on_commit(delete_files)
    return by_model.get(Attachment._meta.label, 0)


@transaction.atomic
def offer_anonymise(*, offer: Offer) -> int:
    """Remove an offer's personal data (see the module's docstring).

    Returns the number of attachments deleted.
    """
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    offer.history.update(**PERSONAL_FIELDS)
    offer.information_requests.update(answer="")
    offer.status_changes.filter(
        actor__isnull=True,
        from_status=Status.INFORMATION_REQUESTED,
        to_status=Status.IN_TRIAGE,
    ).update(reason="")
    offer.notes_internal.update(text=REMOVED_NOTE)
    deleted = _attachments_delete(offer.attachments.all())
    _emails_delete(Email.objects.filter(outbox_entry__offer=offer))
    for name, value in PERSONAL_FIELDS.items():
        setattr(offer, name, value)
    offer._change_reason = CHANGE_REASON
    offer._history_user = None
    offer.save(update_fields=[*PERSONAL_FIELDS, "updated_at"])
    logger.info(
        "Retention: personal data removed from offer %s",
        offer.reference,
        extra={"offer_reference": offer.reference, "attachments_deleted": deleted},
    )
    return deleted


def retention_apply(
    *, dry_run: bool = False, now: datetime.datetime | None = None
) -> RetentionReport:
    """Apply both rules as at ``now`` (default: now); a dry run only counts."""
    now = now or timezone.now()
    offers = offers_due_for_anonymisation(now=now)
    drafts = drafts_due_for_deletion(now=now)
    draft_attachments = Attachment.objects.filter(draft__in=drafts, offer__isnull=True)
    if dry_run:
        report = RetentionReport(
            dry_run=True,
            offers_anonymised=offers.count(),
            offer_attachments_deleted=Attachment.objects.filter(
                offer__in=offers
            ).count(),
            drafts_deleted=drafts.count(),
            draft_attachments_deleted=draft_attachments.count(),
            emails_deleted=draft_link_emails_due_for_deletion(now=now).count()
            + Email.objects.filter(outbox_entry__offer__in=offers).count(),
        )
    else:
        offers_done = offer_attachments = 0
        emails_before = Email.objects.count()
        # Each offer in its own transaction: if one fails, those before it
        # stay done and the next run starts again from the rest.
        for offer in list(offers.only("pk")):
            offer_attachments += offer_anonymise(offer=offer)
            offers_done += 1
        with transaction.atomic():
            draft_files = _attachments_delete(draft_attachments)
            _total, by_model = drafts.delete()
            drafts_done = by_model.get(OfferDraft._meta.label, 0)
            _emails_delete(draft_link_emails_due_for_deletion(now=now))
        report = RetentionReport(
            dry_run=False,
            offers_anonymised=offers_done,
            offer_attachments_deleted=offer_attachments,
            drafts_deleted=drafts_done,
            draft_attachments_deleted=draft_files,
            emails_deleted=emails_before - Email.objects.count(),
        )
    logger.info(
        "Retention %s: %d offer(s) anonymised, %d of their file(s) deleted; "
        "%d draft(s) deleted with %d file(s); %d email(s) deleted",
        "dry run" if dry_run else "run",
        report.offers_anonymised,
        report.offer_attachments_deleted,
        report.drafts_deleted,
        report.draft_attachments_deleted,
        report.emails_deleted,
        extra={"retention": dataclasses.asdict(report)},
    )
    return report


@shared_task(name="eoi.retention_apply")
def retention_apply_task() -> dict:
    """Celery beat runs this daily (settings.CELERY_BEAT_SCHEDULE)."""
    return dataclasses.asdict(retention_apply())
