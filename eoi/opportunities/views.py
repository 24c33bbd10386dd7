"""The public pages of opportunities: the list (open, forthcoming, closed)
and a page per opportunity with its documents, its published questions and
answers, and the form to ask one. Drafts are not found."""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView

from leicester_sl.security.abuse import honeypot_filled, rate_limit

from eoi.offers.session import DraftSession
from eoi.retention import period_words
from . import open_data, questions, selectors, services
from .forms import QuestionForm

logger = logging.getLogger(__name__)

STAGE_HEADINGS = {
    "open": "Open for responses",
    "forthcoming": "Forthcoming",
    "closed": "Closed",
}


class OpportunityListView(TemplateView):
    template_name = "eoi/opportunities/list.html"

    def get_context_data(self, **kwargs):
        listed = selectors.opportunity_public_list(today=timezone.localdate())
        sections = [
            {
                "stage": stage,
                "heading": STAGE_HEADINGS[stage],
                "items": [item for item in listed if item.stage == stage],
            }
            for stage in selectors.STAGES
        ]
        return super().get_context_data(sections=sections, any=bool(listed), **kwargs)


DETAIL_TEMPLATE = "eoi/opportunities/detail.html"
QUESTION_SENT = (
    "Your question has been sent. We will email you our answer, and may publish your "
    "question, without saying who asked, with the answer on this page."
)
QUESTIONS_CLOSED = "Questions about this opportunity have closed"


def _detail_context(opportunity, *, today, question_form=None) -> dict:
    asking = questions.questions_open(opportunity, today=today)
    close_day = questions.questions_close_day(opportunity)
    return {
        "opportunity": opportunity,
        "stage": opportunity.stage_on(today),
        "takes_offers": services.takes_offers(opportunity, today=today),
        "paragraphs": [p.strip() for p in opportunity.description.split("\n\n") if p.strip()],
        "published_questions": opportunity.published_questions,
        "questions_open": asking,
        "questions_close_on": close_day,
        # The day they closed, when that is past (not when staff closed it early).
        "questions_closed_on": close_day if close_day < today else None,
        "question_retention": period_words(settings.EOI_QUESTION_RETENTION_DAYS),
        "question_form": (question_form or QuestionForm()) if asking else None,
    }


class OpportunityDetailView(TemplateView):
    template_name = DETAIL_TEMPLATE

    def get_context_data(self, **kwargs):
        opportunity = selectors.opportunity_public_get(slug=self.kwargs["slug"])
        return super().get_context_data(
            **_detail_context(opportunity, today=timezone.localdate()), **kwargs
        )


def _questions_section(opportunity) -> str:
    return f"{opportunity.get_absolute_url()}#questions"


@require_POST
@rate_limit("question", methods=["POST"])
def question_ask(request, slug):
    """ "Ask a question": recorded and sent to the team inbox, then the page
    again with a banner; with errors, the page with them and what was typed."""
    opportunity = selectors.opportunity_public_get(slug=slug)
    if honeypot_filled(request):
        messages.success(request, QUESTION_SENT)  # as if sent; nothing recorded
        return redirect(_questions_section(opportunity))
    today = timezone.localdate()
    if not questions.questions_open(opportunity, today=today):
        messages.info(request, QUESTIONS_CLOSED)
        return redirect(_questions_section(opportunity))
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            questions.question_ask(
                opportunity=opportunity,
                email=form.cleaned_data["email"],
                question=form.cleaned_data["question"],
            )
        except ValidationError as error:
            # Closed since the check above (midnight), or refused by the rules.
            if error.code != "questions_closed":
                raise
            messages.info(request, QUESTIONS_CLOSED)
            return redirect(_questions_section(opportunity))
        messages.success(request, QUESTION_SENT)
        return redirect(_questions_section(opportunity))
    return render(
        request, DETAIL_TEMPLATE, _detail_context(opportunity, today=today, question_form=form)
    )


@require_safe
def document_download(request, slug, pk):
    """A public opportunity's document, always as a download: the content type
    sniffed at upload, and headers that stop a browser running anything in it
    (as ``eoi.offers.uploads.attachment_download_response`` sends staff theirs)."""
    opportunity = selectors.opportunity_public_get(slug=slug)
    document = opportunity.documents.filter(pk=pk).first()
    if document is None:
        raise Http404("No such document.")
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        logger.error("Opportunity document %s is missing its file", document.pk)
        raise Http404("No such document.") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@rate_limit("start", methods=["POST"])
def offer_start(request, slug):
    """ "Make an offer for this opportunity": a new draft tied to it, with what
    it fixes answered, then the offer's task list.

    A draft for the same opportunity already in progress in this browser is
    carried on rather than started again (a second click, the back button).
    """
    opportunity = selectors.opportunity_public_get(slug=slug)
    if honeypot_filled(request):
        return redirect(opportunity)  # as if nothing happened; no draft
    if not services.takes_offers(opportunity, today=timezone.localdate()):
        messages.error(request, "This opportunity is not taking offers through this service")
        return redirect(opportunity)
    session = DraftSession(request)
    current = session.draft()
    if not (
        current is not None
        and current.opportunity_id == opportunity.pk
        and not current.submitted_offer_id
        and not current.amends_offer_id
    ):
        session.start(services.offer_draft_start(opportunity=opportunity))
    return redirect("eoi:tasks")


# --------------------------------------------------------------------------
# Published opportunities as open data (``open_data``), beside the current
# position's (``eoi.progress.pages``): anyone may read them, from anywhere.
# --------------------------------------------------------------------------


@require_safe
def opportunities_json(request):
    package = open_data.release_package(
        selectors.opportunity_public_list_by_id(), today=timezone.localdate()
    )
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def opportunities_csv(request):
    today = timezone.localdate()
    text = open_data.opportunities_csv(selectors.opportunity_public_list_by_id(), today=today)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="opportunities-{today:%Y-%m-%d}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
