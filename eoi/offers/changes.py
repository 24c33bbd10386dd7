"""A provider changes an offer they have sent, until a commissioner starts triage.

``offer_change_start`` opens a new draft holding the offer's current answers
(``OfferDraft.amends_offer``); the provider goes through the usual journey and
sends it again, and ``offer_change_submit`` writes the new answers over the
offer. django-simple-history keeps the offer as it was and as it is, the
history gets a "You changed your offer" entry, and the offer is screened
again. Once triage has started, the change is refused: the provider tells
the council about it instead.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from eoi.notifications import emails
from eoi.offers import document as doc
from eoi.triage.duplicates import offer_duplicates_find
from eoi.models import Offer, OfferDraft, ProviderMessage, Screening, StatusChange
from .services import offer_fields_from_document, offer_screen, screening_record
from eoi.triage.services import PROVIDER
from eoi.triage.statuses import OPEN, Status

CHANGED = "provider_change"  # StatusChange.reason_code of a change
CHANGE_REFUSED = (
    "The commissioning team has started looking at your offer, so it can no "
    "longer be changed here. Email them about the change, quoting its reference"
)


class ChangeRefused(Exception):
    """The offer is no longer open to change (triage has started)."""


def _shown(value) -> str:
    if value in (None, "", []):
        return "not given"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def can_change(offer: Offer) -> bool:
    return offer.status == Status.SUBMITTED


@transaction.atomic
def offer_change_start(*, offer: Offer) -> OfferDraft:
    """A draft with the offer's answers, to change and send again (one at a time)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if not can_change(offer):
        raise ChangeRefused(offer.reference)
    in_progress = offer.changes_in_progress.first()
    if in_progress is not None:
        return in_progress
    current = getattr(offer, "draft", None)
    return OfferDraft.objects.create(
        answers=current.answers if current is not None else {},
        contact_email=offer.contact_email,
        amends_offer=offer,
    )


@transaction.atomic
def offer_change_submit(*, document: doc.OfferDocument, draft: OfferDraft) -> Offer:
    """Write a changed offer over the sent one, screen it again and record it.

    Sending the same change twice gives back the offer; a change sent after
    triage started is refused (and its draft kept, so nothing typed is lost).
    """
    draft = OfferDraft.objects.select_for_update().filter(pk=draft.pk).first()
    if draft is None or draft.amends_offer_id is None:
        raise ChangeRefused("This change has already been sent.")
    offer = Offer.objects.select_for_update().get(pk=draft.amends_offer_id)
    if not can_change(offer):
        raise ChangeRefused(offer.reference)
    changed = []
    for column, value in offer_fields_from_document(document).items():
        before = getattr(offer, column)
        if before != value:
            label = Offer._meta.get_field(column).verbose_name
            changed.append(f"{label}: {_shown(before)} → {_shown(value)}")
        setattr(offer, column, value)
    offer._history_user = None  # the provider, as for the submission
    offer.save()
    offer_duplicates_find(offer=offer)  # the address may have changed
    now = timezone.now()
    screening_record(
        offer=offer,
        result=offer_screen(document=document, on=timezone.localdate(now)),
        trigger=Screening.Trigger.CHANGE,
    )
    StatusChange.objects.create(
        offer=offer,
        from_status=offer.status,
        to_status=offer.status,
        actor=None,
        actor_label=PROVIDER,
        at=now,
        reason="The provider changed the offer before triage started. "
        + ("Changed: " + "; ".join(changed) if changed else "Nothing changed."),
        reason_code=CHANGED,
    )
    draft.attachments.update(offer=offer)
    # The offer's own draft now holds the answers as sent, for the next change
    # or "offer another site"; the change's draft has done its work.
    OfferDraft.objects.filter(submitted_offer=offer).update(answers=draft.answers)
    draft.delete()
    emails.offer_team_summary_email_queue(offer=offer)
    return offer


def can_tell_about_a_change(offer: Offer) -> bool:
    return offer.status in OPEN and not can_change(offer)


@transaction.atomic
def provider_message_send(*, offer: Offer, text: str) -> ProviderMessage:
    """A change told by the provider: kept on the offer, emailed to the team."""
    if not can_tell_about_a_change(offer):
        raise ChangeRefused(offer.reference)
    message = ProviderMessage.objects.create(offer=offer, text=text.strip())
    emails.provider_message_email_queue(message=message)
    return message
