"""A provider changes an offer they have sent, until a commissioner starts triage.

``offer_change_start`` opens a new draft holding the offer's current answers
(``OfferDraft.amends_offer``); the provider goes through the usual journey and
sends it again, and ``offer_change_submit`` writes the answers the provider
changed over the offer. django-simple-history keeps the offer as it was and
as it is, the history gets a "You changed your offer" entry, and the offer is
screened again. Once triage has started, the change is refused: the provider
tells the council about it instead.

The commissioning team may change the offer meanwhile (a correction), so a
change writes only what the provider changed (issue 23): the draft keeps the
answers it started from, by column (``OfferDraft.amends_base``); an answer
the provider left as it was is not written, so the team's change of it
stays. An answer both changed, to different values, refuses the whole change
(``ChangeConflict``): nothing is written, the provider is told the team's
value, and the draft now counts it as the starting answer, so sending again
puts the provider's answer over the team's knowingly.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from eoi.notifications import emails
from eoi.offers import document as doc
from eoi.triage.duplicates import offer_duplicates_find
from eoi.models import Offer, OfferDraft, ProviderMessage, Screening, StatusChange
from eoi.offers.document.answers import document_from_answers
from .services import (
    offer_document_from_model,
    offer_fields_from_document,
    offer_screen,
    screening_record,
)
from eoi.triage.services import PROVIDER
from eoi.triage.statuses import OPEN, Status
from eoi.triage.versions import value_words

CHANGED = "provider_change"  # StatusChange.reason_code of a change
CHANGE_REFUSED = (
    "The commissioning team has started looking at your offer, so it can no "
    "longer be changed here. Email them about the change, quoting its reference"
)


class ChangeRefused(Exception):
    """The offer is no longer open to change (triage has started)."""


class ChangeConflict(Exception):
    """The team changed answers the provider changed too; nothing was written.

    ``answers`` is (label, the team's answer) for each.
    """

    def __init__(self, answers: list[tuple[str, str]]):
        self.answers = answers
        super().__init__(
            "The commissioning team changed your offer while you were changing it, "
            "so your change has not been sent. They changed "
            + "; ".join(f"{label} to {value}" for label, value in answers)
            + ". Check your answers: if you send them again, yours will replace theirs"
        )


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
    answers = current.answers if current is not None else {}
    return OfferDraft.objects.create(
        answers=answers,
        contact_email=offer.contact_email,
        amends_offer=offer,
        amends_base=_columns_of(answers)
        or offer_fields_from_document(offer_document_from_model(offer)),
    )


def _columns_of(answers: dict) -> dict | None:
    """The offer's columns the answers make; None if they make no offer."""
    try:
        return offer_fields_from_document(doc.parse_offer(document_from_answers(answers)))
    except doc.OfferDocumentError:
        return None


def _base_of(draft: OfferDraft, offer: Offer, columns) -> dict:
    """The answers the change started from, by column, as the model holds them
    (for a change started before drafts kept them: the offer as it is)."""
    if draft.amends_base is None:
        return {column: getattr(offer, column) for column in columns}
    return {
        column: Offer._meta.get_field(column).to_python(value)
        for column, value in draft.amends_base.items()
    }


def offer_change_submit(*, document: doc.OfferDocument, draft: OfferDraft) -> Offer:
    """Write the provider's changed answers over the sent offer, screen it
    again and record it.

    Sending the same change twice gives back the offer; a change sent after
    triage started is refused (and its draft kept, so nothing typed is lost);
    a change of an answer the team changed meanwhile is refused too
    (``ChangeConflict``), the draft kept and now counting the team's answer
    as where it started.
    """
    with transaction.atomic():
        result = _change_write(document=document, draft=draft)
    if isinstance(result, ChangeConflict):
        raise result
    return result


def _change_write(*, document: doc.OfferDocument, draft: OfferDraft) -> Offer | ChangeConflict:
    draft = OfferDraft.objects.select_for_update().filter(pk=draft.pk).first()
    if draft is None or draft.amends_offer_id is None:
        raise ChangeRefused("This change has already been sent.")
    offer = Offer.objects.select_for_update().get(pk=draft.amends_offer_id)
    if not can_change(offer):
        raise ChangeRefused(offer.reference)
    sent = offer_fields_from_document(document)
    base = _base_of(draft, offer, sent)
    mine = {column: value for column, value in sent.items() if value != base.get(column)}
    theirs = [
        column
        for column, value in mine.items()
        if getattr(offer, column) not in (base.get(column), value)
    ]
    if theirs:
        # Told now: sending again puts the provider's answers over these.
        draft.amends_base = {
            **(draft.amends_base or base),
            **{column: getattr(offer, column) for column in theirs},
        }
        draft.save(update_fields=["amends_base", "updated_at"])
        fields = [Offer._meta.get_field(column) for column in theirs]
        return ChangeConflict(
            [(f.verbose_name, value_words(f, getattr(offer, f.name))) for f in fields]
        )
    changed = []
    for column, value in mine.items():
        before = getattr(offer, column)
        if before != value:
            label = Offer._meta.get_field(column).verbose_name
            changed.append(f"{label}: {_shown(before)} → {_shown(value)}")
        setattr(offer, column, value)
    offer._history_user = None  # the provider, as for the submission
    offer.save(update_fields=[*mine, "updated_at"])
    offer_duplicates_find(offer=offer)  # the address may have changed
    now = timezone.now()
    screening_record(
        offer=offer,
        # The offer as it now is: the provider's answers and the team's.
        result=offer_screen(document=offer_document_from_model(offer), on=timezone.localdate(now)),
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
