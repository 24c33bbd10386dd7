"""Staff correct one of a provider's answers (issue 15): "Correct an answer".

The new value has passed the question's own form field (``eoi.offers.forms.questions
.form_field``, the provider's validation); here the whole offer must still be a
valid offer document (a sibling limit such as wheelchair units ≤ units), and
then the correction is recorded (who, when, from, to, why), the offer's
history row carries the reason, the offer is screened again with today's
figures (so its recommendation and priority follow), and possible duplicates
are looked for again when the site's address changes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .duplicates import offer_duplicates_find
from eoi.models import AnswerCorrection, Offer, OfferChanged
from eoi.offers.document.sections import BY_PATH
from eoi.offers.document.parse import OfferDocumentError
from eoi.offers.document.questions import Question
from eoi.offers.document.wording import answer_text
from eoi.offers.services import column_value, offer_document_from_model, offer_rescreen
from .statuses import is_terminal

# The answers that decide which offers are the same site (``eoi.triage.duplicates``).
SITE_PATHS = frozenset({"scheme.address", "scheme.postcode", "scheme.name"})
REASON_LENGTH = 5000


def correctable_question(path: str) -> Question | None:
    """The declared question at ``path``, or None: only declared questions
    are corrected, and only through their own columns."""
    return BY_PATH.get(path)


def offer_answer_correct(
    *, offer: Offer, path: str, value, reason: str, actor, seen_version: int | None = None
) -> AnswerCorrection:
    """Correct the answer at ``path``. ``seen_version`` is the offer's version
    the staff page showed: if the offer changed since, ``OfferChanged`` and
    nothing is written (None: the caller showed no page)."""
    question = correctable_question(path)
    if question is None:
        raise LookupError(f"No question at {path!r}")
    if not actor.has_perm("eoi.triage_offer"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are correcting this answer."})
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            {"reason": f"The reason must be {REASON_LENGTH:,} characters or fewer."}
        )
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if seen_version is not None and seen_version != offer.version:
            raise OfferChanged(offer, seen=seen_version, current=offer.version)
        if is_terminal(offer.status):
            raise ValidationError(
                f"{offer.reference} is decided ({offer.get_status_display()}): its answers are kept as they were."
            )
        old = getattr(offer, question.column)
        setattr(offer, question.column, column_value(question.column, value))
        try:
            offer_document_from_model(offer)
        except OfferDocumentError as error:
            raise ValidationError({"value": str(error)}) from error
        new = getattr(offer, question.column)
        if new == old:
            # The same correction sent twice records nothing the second time.
            raise ValidationError({"value": "That is the answer already."})
        correction = AnswerCorrection.objects.create(
            offer=offer,
            path=path,
            question=question.report_label,
            old_value=answer_text(question, old),
            new_value=answer_text(question, new),
            reason=reason,
            corrected_by=actor,
            corrected_at=timezone.now(),
        )
        # simple-history's reason column holds 100 characters; the full
        # reason is on the correction.
        offer._change_reason = f"Answer corrected: {question.report_label}"[:100]
        offer.save()
        offer_rescreen(offer=offer, actor=actor)
        if path in SITE_PATHS:
            offer_duplicates_find(offer=offer)
    return correction
