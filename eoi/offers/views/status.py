"""After sending: the confirmation page with the screening in a provider's
words, and the status page where the provider follows the offer and
answers the council's questions."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from leicester_sl.security.abuse import rate_limit

from eoi.triage import services as triage
from eoi.offers import uploads
from eoi.notifications.emails import portal_url
from ..forms.status import InformationAnswerForm
from ..links import (
    LinkInvalid,
    offer_reference_from_token,
)
from eoi.models import Attachment, Offer
from eoi.screening import Outcome, result_from_dict
from eoi.screening.wording import overall_for_providers
from eoi.screening.sources import figure_sources
from eoi.screening.selectors import offer_history_for_provider
from eoi.triage.statuses import PROVIDER_WORDS, Status
from .journey import GET_POST, READ, link_invalid_page

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------
# Confirmation and status (reached by a signed link, not the session)
# --------------------------------------------------------------------------

FEEDBACK_GROUPS = (
    ("What meets the strategy", (Outcome.MEETS,)),
    ("What concerns the council", (Outcome.DOES_NOT_MEET, Outcome.CONCERN)),
    ("What we need to know", (Outcome.MORE_INFORMATION_NEEDED,)),
)


def overall_words(result) -> str:
    """The overall result in a provider's words: where the offer does not
    meet the strategy, which factors, for their reasons to say how to meet them."""
    not_met = [f.label for f in result.factors.values() if f.outcome is Outcome.DOES_NOT_MEET]
    return overall_for_providers(result.overall.value, not_met)


def screening_feedback(result) -> list[tuple[str, list]]:
    """The screening's factors grouped under headings a provider understands.

    Factors that do not apply to the offer are left out, as are empty groups.
    """
    groups = []
    for title, outcomes in FEEDBACK_GROUPS:
        factors = [f for f in result.factors.values() if f.outcome in outcomes]
        if factors:
            groups.append((title, factors))
    return groups


def _offer_from_token(token: str) -> Offer | None:
    try:
        reference = offer_reference_from_token(token)
    except LinkInvalid:
        return None
    return Offer.objects.filter(reference=reference).first()


@require_http_methods(READ)
@rate_limit("link", methods=READ)
def sent(request, token):
    offer = _offer_from_token(token)
    if offer is None:
        return link_invalid_page(request, expired=False)
    result = result_from_dict(offer.screenings.latest().result)
    return render(
        request,
        "eoi/sent.html",
        {
            "offer": offer,
            "feedback": screening_feedback(result),
            "overall": overall_words(result),
            "sources": figure_sources(result),
            # From PORTAL_BASE_URL, never the request's Host header: the
            # provider copies this link to come back.
            "status_url": portal_url(reverse("eoi:status", args=[token])),
        },
    )


@require_http_methods(GET_POST)
@rate_limit("link", methods=READ)
@rate_limit("answer", methods=["POST"])
def status(request, token):
    """The offer's status and history as the provider may see them; where the
    council has asked a question, the provider answers it here."""
    offer = _offer_from_token(token)
    if offer is None:
        return link_invalid_page(request, expired=False)
    question = triage.information_request_open(offer=offer)
    form = None
    if question is not None and offer.status == Status.INFORMATION_REQUESTED:
        form = InformationAnswerForm(request.POST or None, request.FILES or None, offer=offer)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    triage.information_answer(offer=offer, answer=form.cleaned_data["answer"])
                    if form.cleaned_data.get("file"):
                        # Counted again under the offer's lock: the form's
                        # count may be out of date by now.
                        uploads.attachment_store(
                            offer=offer,
                            upload=form.cleaned_data["file"],
                            kind=Attachment.Kind.OTHER,
                            content_type=form.content_type,
                        )
            except ValidationError as error:  # the offer's files are full
                form.add_error("file", error)
            else:
                logger.info(
                    "Offer %s: the provider answered a request for information",
                    offer.reference,
                    extra={"offer_reference": offer.reference},
                )
                messages.success(request, "Thank you: we have your answer.")
                return redirect("eoi:status", token=token)
    elif request.method == "POST":
        return redirect("eoi:status", token=token)
    return render(
        request,
        "eoi/status.html",
        {
            "offer": offer,
            "status": PROVIDER_WORDS[Status(offer.status)],
            "history": offer_history_for_provider(offer=offer),
            "question": question,
            "form": form,
        },
    )
