"""Saving a draft to come back to from an emailed link, and coming back."""

import logging

from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from leicester_sl.security.abuse import rate_limit

from eoi.notifications.emails import draft_resume_link_email_send, portal_url
from ..forms import SaveLinkForm
from ..links import (
    DRAFT_LINK_AGE,
    LinkInvalid,
    draft_id_from_token,
    draft_token,
    status_token,
)
from eoi.models import OfferDraft
from ..session import DraftSession
from .journey import GET_POST, READ, link_invalid_page, draft_required

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------
# Save and come back later
# --------------------------------------------------------------------------


@require_http_methods(GET_POST)
@rate_limit("save_link", methods=["POST"])
@draft_required
def save_link(request, draft):
    form = SaveLinkForm(
        request.POST if request.method == "POST" else None,
        initial={"email": draft.contact_email or None},
    )
    if form.is_valid():
        # From PORTAL_BASE_URL, never the request's Host header: an emailed
        # link must point at the portal whoever asked for it.
        url = portal_url(reverse("eoi:resume", args=[draft_token(draft)]))
        with transaction.atomic():
            draft.contact_email = form.cleaned_data["email"]
            draft.resume_link_sent_at = timezone.now()
            draft.save(update_fields=["contact_email", "resume_link_sent_at", "updated_at"])
            draft_resume_link_email_send(draft=draft, url=url)
        return redirect("eoi:save-sent")
    return render(
        request,
        "eoi/save_link.html",
        {"form": form, "email_known": bool(draft.contact_email)},
    )


@require_http_methods(["GET", "HEAD"])
@draft_required
def save_link_sent(request, draft):
    if draft.resume_link_sent_at is None:
        return redirect("eoi:save")
    return render(
        request,
        "eoi/save_link_sent.html",
        {
            "draft": draft,
            "expires": timezone.localtime(draft.resume_link_sent_at + DRAFT_LINK_AGE),
        },
    )


@require_http_methods(READ)
@rate_limit("link", methods=READ)
def resume(request, token):
    try:
        draft_id = draft_id_from_token(token)
    except LinkInvalid:
        return link_invalid_page(request, expired=True)
    draft = OfferDraft.objects.filter(pk=draft_id).select_related("submitted_offer").first()
    if draft is None:
        return link_invalid_page(request, expired=True)
    if draft.submitted_offer is not None:
        return redirect("eoi:status", token=status_token(draft.submitted_offer))
    DraftSession(request).start(draft)
    return redirect("eoi:tasks")
