"""Check before you offer (/check/): no sign-in, no personal data.

The form is sent by GET, so the check works without JavaScript, can be
bookmarked and sent again, and writes nothing. "Make an offer with these
answers" POSTs the same query to :func:`check_start`, which checks the
answers again and starts a draft holding them (POST, redirect, GET).
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leicester_sl.security.abuse import rate_limit

from ..check import check_outcome, offer_document, step_answers
from ..forms.base import json_safe
from ..forms.check import CheckForm
from eoi.models import OfferDraft
from eoi.screening.sources import figure_sources, sources_of
from ..services import offer_screen
from ..session import DraftSession
from .status import overall_words, screening_feedback

READ = ["GET", "HEAD"]
CHANGE = "change"  # in the query: show the form again, filled in
# The form sends no CSRF token (a GET needs none); an address made before it
# stopped, bookmarked or shared, may still hold one: it is not passed on to
# the results' links.
CSRF_FIELD = "csrfmiddlewaretoken"


def _answers(form: CheckForm) -> dict:
    return {name: json_safe(value) for name, value in form.cleaned_data.items()}


@require_http_methods(READ)
@rate_limit("check", methods=READ)
def check(request):
    query = request.GET.copy()
    query.pop(CSRF_FIELD, None)
    changing = query.pop(CHANGE, None) is not None
    form = CheckForm(query or None)
    if not query or changing or not form.is_valid():
        return render(request, "eoi/check/form.html", {"form": form})
    offer = offer_document(_answers(form))
    result = offer_screen(document=offer)
    outcome = check_outcome(offer, result)
    return render(
        request,
        "eoi/check/result.html",
        {
            "outcome": outcome,
            "rates": sources_of(outcome.rates),
            "feedback": screening_feedback(result),
            "overall": overall_words(result),
            "sources": figure_sources(result),
            "query": query.urlencode(),
        },
    )


@require_POST
@rate_limit("start", methods=["POST"])
def check_start(request):
    """A new draft holding the check's answers; then its task list."""
    form = CheckForm(request.GET or None)
    if not form.is_valid():
        return redirect(f"{reverse('check')}?{request.GET.urlencode()}")
    draft = OfferDraft.objects.create(answers=step_answers(_answers(form)))
    DraftSession(request).start(draft)
    return redirect("eoi:tasks")
