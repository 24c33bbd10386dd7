"""The pages of alerts (/alerts/): subscribe, check your email, confirm,
change or stop, unsubscribe.

Every link carries the subscription's signed key (``links``). No page says
whether an address was already subscribed. Nothing changes on a GET: a
mail scanner opening a link neither confirms nor unsubscribes. The
unsubscribe address takes RFC 8058's one-click POST from a mail client,
which has no CSRF token: it is exempt from the CSRF check, which is safe as
it can only delete the one subscription its signed link names.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from eoi.retention import period_words
from leicester_sl.security.abuse import address_over_limit, honeypot_filled, rate_limit

from . import links, selectors, services
from .forms import ChoicesForm, SubscribeForm

logger = logging.getLogger(__name__)

SENT_TO_KEY = "alerts_link_sent_to"
GET_POST = ["GET", "HEAD", "POST"]
READ = ["GET", "HEAD"]


def _deletion_words() -> dict:
    """How long our copies of the emails are kept (``eoi.retention``), for
    the pages that say what stopping deletes."""
    return {"draft_retention": period_words(settings.EOI_DRAFT_RETENTION_DAYS)}


def _link_invalid(request, *, expired: bool = False, stopped: bool = False):
    """A link that is tampered with, cut short, expired, or for a subscription
    no longer there: a page that says so, and nothing about anyone."""
    return render(
        request,
        "eoi/alerts/link_invalid.html",
        {
            "expired": expired,
            "stopped": stopped,
            "confirm_days": settings.EOI_ALERT_CONFIRM_DAYS,
            **_deletion_words(),
        },
        status=400 if expired else 404,
    )


@require_http_methods(GET_POST)
@rate_limit("alerts", methods=["POST"])
def subscribe(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if honeypot_filled(request):
            return redirect("alerts:check-email")  # as if sent; nothing is
        if form.is_valid():
            address = form.cleaned_data["email"]
            # Over the address's limit the reply is the same; no email goes.
            if not address_over_limit(request, "alerts_address", services.email_normalise(address)):
                services.subscription_request(email=address, choices=form.choices())
            request.session[SENT_TO_KEY] = address
            return redirect("alerts:check-email")
    return render(request, "eoi/alerts/subscribe.html", {"form": form})


@require_http_methods(READ)
def check_email(request):
    address = request.session.get(SENT_TO_KEY)
    if address is None:
        return redirect("alerts:subscribe")
    return render(request, "eoi/alerts/check_email.html", {"address": address})


@require_http_methods(GET_POST)
@rate_limit("link", methods=READ)
@rate_limit("alerts_change", methods=["POST"])
def confirm(request, token):
    """The emailed link: a button confirms (a POST), so a mail scanner that
    opens the link does not subscribe anyone."""
    try:
        key = links.key_from_confirm_token(token)
    except links.LinkExpired:
        return _link_invalid(request, expired=True)
    except links.LinkInvalid:
        return _link_invalid(request)
    if request.method != "POST":
        subscription = selectors.subscription_get(key=key)
        if subscription is None:
            return _link_invalid(request)
        if not subscription.is_confirmed:
            return render(request, "eoi/alerts/confirm.html")
    else:
        subscription = services.subscription_confirm(key=key)
        if subscription is None:
            return _link_invalid(request)
    request.session.pop(SENT_TO_KEY, None)
    return render(
        request,
        "eoi/alerts/confirmed.html",
        {"manage_url": links.manage_url(subscription)},
    )


@require_http_methods(GET_POST)
@rate_limit("link", methods=READ)
@rate_limit("alerts_change", methods=["POST"])
def manage(request, token):
    """Change what to hear about, or stop (a button: the subscription is deleted)."""
    try:
        key = links.key_from_manage_token(token)
    except links.LinkInvalid:
        return _link_invalid(request)
    subscription = selectors.subscription_get(key=key)
    if subscription is None:
        return _link_invalid(request, stopped=True)
    if request.method == "POST" and "stop" in request.POST:
        services.subscription_stop(key=key)
        return render(request, "eoi/alerts/stopped.html", _deletion_words())
    if request.method == "POST":
        form = ChoicesForm(request.POST)
        if form.is_valid():
            if services.subscription_change(key=key, choices=form.choices()) is None:
                return _link_invalid(request, stopped=True)
            messages.success(request, "Your email alerts have been changed")
            return redirect("alerts:manage", token=token)
    else:
        form = ChoicesForm(initial=ChoicesForm.initial_from(selectors.choices_of(subscription)))
    return render(
        request,
        "eoi/alerts/manage.html",
        {"form": form, "subscription": subscription, **_deletion_words()},
    )


@csrf_exempt  # RFC 8058 one-click: see the module's docstring
@require_http_methods(GET_POST)
@rate_limit("link", methods=READ)
@rate_limit("alerts_unsubscribe", methods=["POST"])
def unsubscribe(request, token):
    """GET: a page with a "Stop email alerts" button. POST (the button, or a
    mail client's ``List-Unsubscribe=One-Click``): the subscription deleted,
    and a page saying so (200, also when it was stopped already)."""
    try:
        key = links.key_from_unsubscribe_token(token)
    except links.LinkInvalid:
        return _link_invalid(request)
    if request.method == "POST":
        services.subscription_stop(key=key)
        return render(request, "eoi/alerts/stopped.html", _deletion_words())
    if selectors.subscription_get(key=key) is None:
        return _link_invalid(request, stopped=True)
    return render(request, "eoi/alerts/unsubscribe.html", _deletion_words())
