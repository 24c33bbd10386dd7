"""Keeping personal data no longer than the privacy notice says.

The rules, run daily by Celery beat (``retention_apply_task``) or by hand
(``manage.py apply_retention [--dry-run]``):

- **Decided offers.** ``settings.EOI_RETENTION_DECIDED_DAYS`` (730) days after
  an offer was withdrawn or not progressed (the ``StatusChange`` into that
  state), its personal data is removed and the rest of the offer is kept for
  reporting on the market. Removed: the contact's name, phone and role (the
  email becomes ``ANONYMISED_EMAIL``, which marks the offer as done), the
  provider's free-text notes, the provider's answers to requests for
  information, whatever the provider wrote as the reason of a status change
  of their own (an answer, a withdrawal, a change to the offer, whose reason
  lists each answer before and after), the provider's messages about a
  change, the text of staff's internal notes, of their reasons for
  correcting answers and of their assessment (staff's words often name
  people), the old and new values of corrections of the contact's details,
  the same fields in every earlier version in the offer's and the
  assessment's history, and the attached files with their rows (the offer's
  own, those sent with answers and with changes). Kept: the organisation,
  the scheme, figures, screenings, the council's questions and decisions
  with their reasons, what each correction changed in the offer's other
  answers, the assessment's outcomes, and who changed what when. The change
  itself is a new history entry with the reason ``"retention"``, and a log
  line. The offer's emails in the outbox (django-post-office's ``Email``
  rows: address, subject, text and HTML, with their delivery logs) are
  deleted. Accepted offers and open ones are never touched.
- **Drafts.** ``settings.EOI_DRAFT_RETENTION_DAYS`` (30) days after a draft
  was last saved it is deleted with the files uploaded to it (files of an
  offer it became stay with the offer). Resume links stop working after the
  same 30 days (``eoi.offers.links.DRAFT_LINK_AGE``).
- **Links to providers.** The emails that carried a link back to a draft or
  a sign-in link to "Your offers" belong to no offer and hold the address
  they went to: they are deleted with their logs ``EOI_DRAFT_RETENTION_DAYS``
  after they were written. A sign-in link's own row (its address) is
  deleted once the link has expired (an hour: ``eoi.offers.provider_access``).
- **Email alerts** (``eoi.alerts``). A subscription never confirmed is
  deleted once its link to confirm has expired
  (``settings.EOI_ALERT_CONFIRM_DAYS``, 7, after it was asked for); one
  stopped is deleted at once, by the stop itself. The alert emails (to
  confirm, the link to manage, each alert) hold the address they went to:
  they are deleted with their logs ``EOI_DRAFT_RETENTION_DAYS`` after they
  were written, as the links to providers are.
- **Questions about opportunities.** ``settings.EOI_QUESTION_RETENTION_DAYS``
  (90) days after an opportunity's responses close, the address of each
  person who asked about it is removed from the question (the history never
  held it), and so are the words they asked in (which may say who they are),
  in the question and every earlier version of it; with them staff's
  wording of a question never published (it starts from the asker's words),
  and of a published one every draft before the words it was published in.
  Kept, as the council's record of the clarifications it gave: the question
  as published (staff's words, without who asked), the answer, and who on
  the staff did what when. The emails about questions
  (to the team inbox, and the answer to who asked: ``QUESTION_EMAILS``)
  belong to no offer: they are deleted with their logs the same number of
  days after they were written.
- **Sessions.** Expired sessions are deleted, as Django's ``clearsessions``
  does (a provider's holds the address they signed in with); by the session
  engine's own clock, so not in a dry run.
"""

import dataclasses
import datetime
import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from post_office.models import Email

from eoi.offers.document.sections import BY_COLUMN
from eoi.triage.statuses import Status

from .models import (
    AlertSubscription,
    Assessment,
    Attachment,
    Offer,
    OfferDraft,
    OpportunityQuestion,
    OutboxEmail,
    ProviderSignIn,
    StatusChange,
)

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
# The questions whose corrections say the contact's details before and after.
PERSONAL_PATHS = tuple(BY_COLUMN[column].path for column in PERSONAL_FIELDS)
# Emails to an address that belong to no offer, each carrying a link.
LINK_EMAILS = (
    OutboxEmail.Kind.DRAFT_RESUME_LINK,
    OutboxEmail.Kind.PROVIDER_SIGN_IN,
    OutboxEmail.Kind.ALERT_CONFIRM,
    OutboxEmail.Kind.ALERT_PUBLISHED,
    OutboxEmail.Kind.ALERT_CLOSING,
    OutboxEmail.Kind.ALERT_ANSWER,
    OutboxEmail.Kind.ALERT_DIGEST,
)
# Emails about providers' questions on opportunities, which belong to no offer.
QUESTION_EMAILS = (OutboxEmail.Kind.QUESTION_ASKED, OutboxEmail.Kind.QUESTION_ANSWER)


@dataclasses.dataclass(frozen=True)
class RetentionReport:
    """What a run did, or in a dry run would do."""

    dry_run: bool
    offers_anonymised: int
    offer_attachments_deleted: int
    drafts_deleted: int
    draft_attachments_deleted: int
    emails_deleted: int = 0
    sign_ins_deleted: int = 0
    alert_subscriptions_deleted: int = 0
    questions_asker_removed: int = 0


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


def link_emails_due_for_deletion(*, now: datetime.datetime):
    """Emails with a link back to a draft, to sign in, or of email alerts,
    past the draft period."""
    cutoff = now - datetime.timedelta(days=settings.EOI_DRAFT_RETENTION_DAYS)
    return Email.objects.filter(outbox_entry__kind__in=LINK_EMAILS, created__lt=cutoff)


def questions_due_for_removal(*, now: datetime.datetime):
    """Questions still holding who asked or their words, about opportunities
    whose responses closed more than the question period ago."""
    last_day = timezone.localdate(now) - datetime.timedelta(
        days=settings.EOI_QUESTION_RETENTION_DAYS
    )
    return OpportunityQuestion.objects.filter(opportunity__responses_close_on__lt=last_day).exclude(
        email="", question=REMOVED_NOTE
    )


def questions_asker_remove(questions) -> int:
    """Remove who asked, and the words they asked in, from ``questions`` and
    their history (which never held the address).

    Staff's wording to publish starts from the asker's words
    (``QuestionAnswerForm``): a question never published loses it too, and a
    published one keeps only the words it was published in, in every
    version (an earlier draft may still have said who asked)."""
    ids = list(questions.values_list("pk", flat=True))
    history = OpportunityQuestion.history.filter(id__in=ids)
    history.update(question=REMOVED_NOTE)
    unpublished = OpportunityQuestion.objects.filter(pk__in=ids, published_at__isnull=True)
    history.filter(id__in=unpublished.values("pk")).update(published_question="")
    unpublished.update(published_question="")
    published = OpportunityQuestion.objects.filter(pk__in=ids, published_at__isnull=False)
    for pk, wording in published.values_list("pk", "published_question"):
        history.filter(id=pk).update(published_question=wording)
    return OpportunityQuestion.objects.filter(pk__in=ids).update(email="", question=REMOVED_NOTE)


def question_emails_due_for_deletion(*, now: datetime.datetime):
    """Emails about questions written more than the question period ago."""
    cutoff = now - datetime.timedelta(days=settings.EOI_QUESTION_RETENTION_DAYS)
    return Email.objects.filter(outbox_entry__kind__in=QUESTION_EMAILS, created__lt=cutoff)


def sign_ins_due_for_deletion(*, now: datetime.datetime):
    return ProviderSignIn.objects.filter(expires_at__lt=now)


def unconfirmed_alert_subscriptions_due_for_deletion(*, now: datetime.datetime):
    """Subscriptions to alerts never confirmed, whose link to confirm has expired."""
    cutoff = now - datetime.timedelta(days=settings.EOI_ALERT_CONFIRM_DAYS)
    return AlertSubscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


def sessions_clear_expired() -> None:
    """Delete expired sessions through the session engine's public API."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


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


def _removed(text: str) -> str:
    return REMOVED_NOTE if text else ""


def assessment_reasons_remove(*, offer: Offer) -> None:
    """The assessment's reasons, in it and every earlier version, removed;
    its outcomes kept."""
    rows = [
        *Assessment.objects.filter(offer=offer),
        *Assessment.history.filter(offer_id=offer.pk),
    ]
    for row in rows:
        factors = {
            key: {**factor, "reason": _removed(factor.get("reason", ""))}
            for key, factor in row.factors.items()
        }
        type(row)._default_manager.filter(pk=row.pk).update(
            factors=factors, overall_reason=_removed(row.overall_reason)
        )


def offer_records_anonymise(*, offer: Offer) -> None:
    """What the provider and staff wrote about the offer, removed from its
    records and their history (the offer's own columns are the caller's)."""
    offer.history.update(**PERSONAL_FIELDS)
    offer.information_requests.update(answer="")
    # The provider's own changes (actor None): an answer, a withdrawal, a
    # change whose reason lists the answers before and after.
    offer.status_changes.filter(actor__isnull=True).exclude(reason="").update(reason=REMOVED_NOTE)
    offer.provider_messages.update(text=REMOVED_NOTE)
    offer.notes_internal.update(text=REMOVED_NOTE)
    offer.corrections.exclude(reason="").update(reason=REMOVED_NOTE)
    offer.corrections.filter(path__in=PERSONAL_PATHS).update(old_value="", new_value="")
    assessment_reasons_remove(offer=offer)


@transaction.atomic
def offer_anonymise(*, offer: Offer) -> int:
    """Remove an offer's personal data (see the module's docstring).

    Returns the number of attachments deleted.
    """
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    offer_records_anonymise(offer=offer)
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
    """Apply the rules as at ``now`` (default: now); a dry run only counts."""
    now = now or timezone.now()
    offers = offers_due_for_anonymisation(now=now)
    drafts = drafts_due_for_deletion(now=now)
    draft_attachments = Attachment.objects.filter(draft__in=drafts, offer__isnull=True)
    if dry_run:
        report = RetentionReport(
            dry_run=True,
            offers_anonymised=offers.count(),
            offer_attachments_deleted=Attachment.objects.filter(offer__in=offers).count(),
            drafts_deleted=drafts.count(),
            draft_attachments_deleted=draft_attachments.count(),
            emails_deleted=link_emails_due_for_deletion(now=now).count()
            + question_emails_due_for_deletion(now=now).count()
            + Email.objects.filter(outbox_entry__offer__in=offers).count(),
            sign_ins_deleted=sign_ins_due_for_deletion(now=now).count(),
            alert_subscriptions_deleted=unconfirmed_alert_subscriptions_due_for_deletion(
                now=now
            ).count(),
            questions_asker_removed=questions_due_for_removal(now=now).count(),
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
            _emails_delete(link_emails_due_for_deletion(now=now))
            _emails_delete(question_emails_due_for_deletion(now=now))
            _total, by_model = sign_ins_due_for_deletion(now=now).delete()
            sign_ins_done = by_model.get(ProviderSignIn._meta.label, 0)
            _total, by_model = unconfirmed_alert_subscriptions_due_for_deletion(now=now).delete()
            subscriptions_done = by_model.get(AlertSubscription._meta.label, 0)
            questions_done = questions_asker_remove(questions_due_for_removal(now=now))
        sessions_clear_expired()
        report = RetentionReport(
            dry_run=False,
            offers_anonymised=offers_done,
            offer_attachments_deleted=offer_attachments,
            drafts_deleted=drafts_done,
            draft_attachments_deleted=draft_files,
            emails_deleted=emails_before - Email.objects.count(),
            sign_ins_deleted=sign_ins_done,
            alert_subscriptions_deleted=subscriptions_done,
            questions_asker_removed=questions_done,
        )
    logger.info(
        "Retention %s: %d offer(s) anonymised, %d of their file(s) deleted; "
        "%d draft(s) deleted with %d file(s); %d email(s) deleted; "
        "%d expired sign-in link(s) deleted; %d unconfirmed alert subscription(s) deleted; "
        "who asked removed from %d question(s)",
        "dry run" if dry_run else "run",
        report.offers_anonymised,
        report.offer_attachments_deleted,
        report.drafts_deleted,
        report.draft_attachments_deleted,
        report.emails_deleted,
        report.sign_ins_deleted,
        report.alert_subscriptions_deleted,
        report.questions_asker_removed,
        extra={"retention": dataclasses.asdict(report)},
    )
    return report


@shared_task(name="eoi.retention_apply")
def retention_apply_task() -> dict:
    """Celery beat runs this daily (settings.CELERY_BEAT_SCHEDULE)."""
    return dataclasses.asdict(retention_apply())
