"""Your offers (/your-offers/): a provider signs in by an emailed link and
sees, withdraws and builds on every offer made with their address.

Signing in and what a provider may do are in ``eoi.offers.provider_access``; the
timescales in ``eoi.triage.timescales``. Every page says the same to an address
with offers and one without, until the link is followed.
"""

import logging
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leicester_sl.security.abuse import address_over_limit, honeypot_filled, rate_limit

from .. import provider_access as access
from ..forms.your_offers import ChangeMessageForm, SignInForm, WithdrawForm
from ..links import status_token
from eoi.offers.changes import (
    CHANGE_REFUSED,
    ChangeRefused,
    can_change,
    can_tell_about_a_change,
    offer_change_start,
    provider_message_send,
)
from ..session import DraftSession
from eoi.triage.statuses import PROVIDER_WORDS, Status
from eoi.triage.timescales import offer_next_step
from eoi.triage.services import TransitionRefused

logger = logging.getLogger(__name__)
SENT_TO_KEY = "your_offers_link_sent_to"
GET_POST = ["GET", "HEAD", "POST"]
READ = ["GET", "HEAD"]


def provider_required(view):
    """Give the view the signed-in provider's address; else go to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        email = access.ProviderSession(request).email
        if email is None:
            return redirect("your_offers:start")
        return view(request, email, *args, **kwargs)

    return wrapper


@require_http_methods(GET_POST)
@rate_limit("sign_in", methods=["POST"])
def start(request):
    """Signed in: the provider's offers. Otherwise: ask for their address."""
    email = access.ProviderSession(request).email
    if request.method != "POST" and email is not None:
        return _offer_list(request, email)
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if honeypot_filled(request):
            return redirect("your_offers:check-email")  # as if sent
        if form.is_valid():
            address = form.cleaned_data["email"]
            # Over the address's limit the reply is the same; no email goes.
            if not address_over_limit(request, "sign_in_address", access.email_normalise(address)):
                access.sign_in_link_send(email=address)
            request.session[SENT_TO_KEY] = address
            return redirect("your_offers:check-email")
    return render(request, "eoi/your_offers/sign_in.html", {"form": form})


@require_http_methods(READ)
def check_email(request):
    address = request.session.get(SENT_TO_KEY)
    if address is None:
        return redirect("your_offers:start")
    return render(request, "eoi/your_offers/check_email.html", {"address": address})


@require_http_methods(GET_POST)
@rate_limit("link", methods=READ)
@rate_limit("sign_in", methods=["POST"])
def sign_in(request, secret):
    """The emailed link: a button, so a mail scanner opening it does not use it up."""
    if request.method == "POST":
        email = access.sign_in_link_use(secret)
        if email is None:
            return render(request, "eoi/your_offers/link_invalid.html", status=404)
        access.ProviderSession(request).sign_in(email)
        request.session.pop(SENT_TO_KEY, None)
        return redirect("your_offers:start")
    if access.sign_in_link_valid(secret) is None:
        return render(request, "eoi/your_offers/link_invalid.html", status=404)
    return render(request, "eoi/your_offers/sign_in_confirm.html")


@require_POST
def sign_out(request):
    access.ProviderSession(request).sign_out()
    messages.success(request, "You have signed out")
    return redirect("your_offers:start")


def _offer_row(offer) -> dict:
    questions = sorted(offer.information_requests.all(), key=lambda q: q.asked_at)
    return {
        "offer": offer,
        "status": PROVIDER_WORDS[Status(offer.status)],
        "last_question": questions[-1] if questions else None,
        "next_step": offer_next_step(offer),
        "status_url": reverse("eoi:status", args=[status_token(offer)]),
        "can_withdraw": access.can_withdraw(offer),
        "can_change": can_change(offer),
        "can_tell": can_tell_about_a_change(offer),
    }


def _offer_list(request, email):
    return render(
        request,
        "eoi/your_offers/list.html",
        {
            "email": email,
            "rows": [_offer_row(offer) for offer in access.provider_offer_list(email=email)],
            "drafts": access.provider_draft_list(email=email),
        },
    )


@require_http_methods(GET_POST)
@rate_limit("your_offers", methods=["POST"])
@provider_required
def withdraw(request, email, reference):
    offer = access.provider_offer_get(email=email, reference=reference)
    if offer is None:
        raise Http404("No such offer for this address")
    if not access.can_withdraw(offer):
        messages.error(request, f"Offer {offer.reference} can no longer be withdrawn")
        return redirect("your_offers:start")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            access.offer_withdraw_by_provider(offer=offer, reason=form.cleaned_data["reason"])
        except TransitionRefused:
            messages.error(request, f"Offer {offer.reference} can no longer be withdrawn")
            return redirect("your_offers:start")
        logger.info(
            "Offer %s withdrawn by the provider",
            offer.reference,
            extra={"offer_reference": offer.reference},
        )
        messages.success(request, f"You have withdrawn offer {offer.reference}")
        return redirect("your_offers:start")
    return render(request, "eoi/your_offers/withdraw.html", {"offer": offer, "form": form})


@require_POST
@rate_limit("your_offers", methods=["POST"])
@provider_required
def another_site(request, email, reference):
    offer = access.provider_offer_get(email=email, reference=reference)
    if offer is None:
        raise Http404("No such offer for this address")
    draft = access.draft_for_another_site(offer=offer, email=email)
    DraftSession(request).start(draft)
    messages.success(
        request,
        f"Your organisation, contact and funding answers from {offer.reference} are copied into this new offer",
    )
    return redirect("eoi:tasks")


@require_POST
@provider_required
def draft_continue(request, email, draft_id):
    draft = access.provider_draft_get(email=email, draft_id=draft_id)
    if draft is None:
        raise Http404("No such draft for this address")
    DraftSession(request).start(draft)  # a new session key; still signed in
    return redirect("eoi:tasks")


@require_POST
@rate_limit("your_offers", methods=["POST"])
@provider_required
def change(request, email, reference):
    """Reopen a sent offer's answers to change and send again, before triage."""
    offer = access.provider_offer_get(email=email, reference=reference)
    if offer is None:
        raise Http404("No such offer for this address")
    try:
        draft = offer_change_start(offer=offer)
    except ChangeRefused:
        messages.error(request, CHANGE_REFUSED)
        return redirect("your_offers:start")
    DraftSession(request).start(draft)
    return redirect("eoi:check-answers")


@require_http_methods(GET_POST)
@rate_limit("your_offers", methods=["POST"])
@provider_required
def tell_us(request, email, reference):
    """Tell the council about a change, once the offer can no longer be changed."""
    offer = access.provider_offer_get(email=email, reference=reference)
    if offer is None:
        raise Http404("No such offer for this address")
    if not can_tell_about_a_change(offer):
        return redirect("your_offers:start")
    form = ChangeMessageForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            provider_message_send(offer=offer, text=form.cleaned_data["text"])
        except ChangeRefused:
            return redirect("your_offers:start")
        messages.success(
            request, f"We have sent your message about {offer.reference} to the commissioning team"
        )
        return redirect("your_offers:start")
    return render(request, "eoi/your_offers/tell_us.html", {"offer": offer, "form": form})
