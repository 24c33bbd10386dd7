"""The provider's journey: start, task list, one page per step, check
answers and send. The steps, their order and when they apply are in
``eoi.offers.journey``; validation is in ``eoi.offers.forms``; submission is
``eoi.offers.services.offer_submit``."""

import logging
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leicester_sl.security.abuse import honeypot_filled, rate_limit

from .. import journey, uploads
from ..links import (
    status_token,
)
from eoi.models import Offer, OfferDraft
from eoi.offers.changes import CHANGE_REFUSED, ChangeConflict, ChangeRefused, offer_change_submit
from eoi.offers.document import OfferDocumentError, parse_offer
from eoi.offers.document.answers import document_from_answers
from ..services import offer_submit
from ..session import DraftSession

GET_POST = ["GET", "HEAD", "POST"]
READ = ["GET", "HEAD"]

logger = logging.getLogger(__name__)


def draft_required(view):
    """Give the view the session's draft; without one, go to the home page
    (the one start page).

    A draft already sent (the form sent twice, or the back button) goes to
    its confirmation instead.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        session = DraftSession(request)
        draft = session.draft()
        if draft is not None and draft.submitted_offer_id:
            session.sent(draft)
            draft = None
        if draft is None:
            offer = session.sent_offer()
            if offer is not None:
                return redirect("eoi:sent", token=status_token(offer))
            return redirect("home")
        return view(request, draft, *args, **kwargs)

    return wrapper


def _step_url(slug: str, *, returning: bool = False) -> str:
    url = reverse("eoi:step", args=[slug])
    return f"{url}?{urlencode({'return': 'check'})}" if returning else url


def _page_url(slug: str, returning: bool = False) -> str:
    """The URL of a journey page named by ``eoi.offers.journey``."""
    if slug == journey.CHECK_ANSWERS:
        return reverse("eoi:check-answers")
    if slug == journey.TASK_LIST:
        return reverse("eoi:tasks")
    return _step_url(slug, returning=returning)


def link_invalid_page(request, *, expired: bool):
    """A GOV.UK "page not found" (or "link expired") that reveals nothing."""
    return render(request, "eoi/link_invalid.html", {"expired": expired}, status=404)


# --------------------------------------------------------------------------
# Start and task list
# --------------------------------------------------------------------------


@require_http_methods(GET_POST)
@rate_limit("start", methods=["POST"])
def start(request):
    """ "Start now" on the home page (the one start page) posts here: a new
    draft, and its task list. An old link to /offer/ goes to the draft in
    progress, or else to the home page."""
    session = DraftSession(request)
    if request.method == "POST":
        if honeypot_filled(request):
            return redirect("home")  # as if nothing happened; no draft
        session.start(OfferDraft.objects.create())
        return redirect("eoi:tasks")
    return redirect("eoi:tasks" if session.in_progress() else "home")


@require_http_methods(["GET", "HEAD"])
@draft_required
def task_list(request, draft):
    sections = journey.task_list(draft.answers, draft=draft)
    required = [task for section in sections[:-1] for task in section.tasks if not task.optional]
    completed = sum(task.status is journey.Status.COMPLETED for task in required)
    return render(
        request,
        "eoi/task_list.html",
        {
            "sections": sections,
            "completed": completed,
            "total": len(required),
            "opportunity": draft.opportunity,
        },
    )


# --------------------------------------------------------------------------
# The question pages
# --------------------------------------------------------------------------


@require_http_methods(GET_POST)
@rate_limit("step", methods=["POST"])
@draft_required
def step_page(request, draft, slug):
    step = journey.step_named(slug)
    if step is None:
        raise Http404("No such step")
    if not (step.applies(draft.answers) and journey.can_start(step, draft.answers)):
        return redirect("eoi:tasks")
    returning = request.GET.get("return") == "check"
    if request.method == "POST":
        form = step.form_class(request.POST, request.FILES, draft=draft)
        if form.is_valid():
            try:
                with transaction.atomic():
                    # Lock and re-read: another tab may have saved another
                    # step, or uploaded a file (counted again under the lock).
                    draft = OfferDraft.objects.select_for_update().get(pk=draft.pk)
                    form.apply_to(draft, step.slug)
                    journey.step_validity_record(draft, step)
                    draft.save()
            except ValidationError as error:
                form.add_error("file" if "file" in form.fields else None, error)
            else:
                uploaded = form.cleaned_data.get("file")
                if uploaded is not None:
                    messages.success(request, f"{uploaded.name} has been uploaded")
                return redirect(_after_step(request, step, draft.answers, returning))
    else:
        form = step.form_class(initial=draft.answers.get(step.slug), draft=draft)
    back_slug = journey.back(step, draft.answers, returning=returning)
    return render(
        request,
        step.template,
        {
            "step": step,
            "form": form,
            "back_url": _page_url(back_slug),
            "returning": returning,
            "save_failed": form.is_bound and "save_and_exit" in request.POST,
            "attachments": draft.attachments.all(),
        },
    )


def _after_step(request, step, answers, returning: bool) -> str:
    """Where a saved step goes: the save page, the same page after an upload,
    or on through the journey."""
    if "save_and_exit" in request.POST:
        return reverse("eoi:save")
    if "upload" in request.POST:
        return _step_url(step.slug, returning=returning)
    return _page_url(journey.after(step, answers, returning=returning), returning)


@require_POST
@rate_limit("step", methods=["POST"])
@draft_required
def attachment_remove(request, draft, pk):
    removed = uploads.attachment_remove(draft=draft, attachment_id=pk)
    if removed is None:
        raise Http404("No such file")
    messages.success(request, f"{removed.original_name} has been removed")
    return redirect(_step_url("attachments", returning=request.GET.get("return") == "check"))


# --------------------------------------------------------------------------
# Check answers and send
# --------------------------------------------------------------------------


@require_http_methods(GET_POST)
@rate_limit("submit", methods=["POST"])
@draft_required
def check_answers(request, draft):
    answers = draft.answers
    unfinished = journey.first_unfinished(answers, draft=draft)
    if unfinished is not None:
        if request.method != "POST":
            return redirect("eoi:tasks")
        messages.error(request, "Answer these questions before you send your offer")
        return redirect(_step_url(unfinished.slug, returning=True))
    if request.method == "POST":
        if honeypot_filled(request):
            messages.error(
                request,
                "Your offer could not be sent. Try again, or email caas.carehomes@leicester.gov.uk",
            )
            return redirect("eoi:check-answers")
        try:
            document = parse_offer(document_from_answers(answers))
        except OfferDocumentError as error:
            # The forms should not let this happen; if they do, send the
            # provider to the step to put right rather than fail.
            path = error.errors[0][0]
            to_fix = journey.step_for_path(path, answers) or journey.STEPS[0]
            messages.error(request, "Check your answers on this page before you send your offer")
            return redirect(_step_url(to_fix.slug, returning=True))
        if draft.amends_offer_id:  # a change to a sent offer (eoi.offers.changes)
            try:
                offer = offer_change_submit(document=document, draft=draft)
            except ChangeRefused:
                messages.error(request, CHANGE_REFUSED)
                return redirect("your_offers:start")
            except ChangeConflict as conflict:
                # The team changed the same answers meanwhile: nothing sent.
                messages.error(request, str(conflict))
                return redirect("eoi:check-answers")
            DraftSession(request).sent(draft)
        else:
            offer = offer_submit(document=document, source=Offer.Source.WEB, draft=draft)
            DraftSession(request).submitted()
        logger.info(
            "Offer %s submitted on the web",
            offer.reference,
            extra={"offer_reference": offer.reference},
        )
        return redirect("eoi:sent", token=status_token(offer))
    return render(
        request,
        "eoi/check_answers.html",
        {"cards": journey.summary(answers, draft=draft)},
    )
