"""An accepted scheme's milestones in "Your offers": the provider sees them,
moves a forecast (with a reason), reports the date one happened, or reports
homes completed or let in a tranche. Only the offer's provider (signed in with
its contact address) reaches these pages; a commissioner confirms what is
reported in the staff pages (``eoi.triage.admin.milestones``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from leicester_sl.security.abuse import rate_limit

from .. import provider_access as access
from ..forms.milestones import ActualForm, ForecastForm, TrancheForm
from eoi.models import Milestone
from eoi.triage import milestones as services
from eoi.triage.milestone_selectors import milestone_list
from eoi.triage.statuses import Status
from .your_offers import GET_POST, READ, provider_required

logger = logging.getLogger(__name__)
ACTIONS = {
    "forecast": ForecastForm,
    "actual": ActualForm,
    "tranche": TrancheForm,
}
HEADINGS = {
    "forecast": "Change the forecast date",
    "actual": "Tell us the date it happened",
    "tranche": "Tell us about homes that are ready",
}


def _accepted_offer(email, reference):
    offer = access.provider_offer_get(email=email, reference=reference)
    if offer is None or offer.status != Status.ACCEPTED:
        raise Http404("No accepted offer of this reference for this address")
    return offer


@require_http_methods(READ)
@provider_required
def milestone_list_view(request, email, reference):
    offer = _accepted_offer(email, reference)
    return render(
        request,
        "eoi/your_offers/milestones.html",
        {
            "offer": offer,
            "rows": milestone_list(offer=offer),
            "offer_units": services.units_of_offer(offer),
            "threshold_months": settings.EOI_SLIPPAGE_THRESHOLD_MONTHS,
        },
    )


def _save(action, milestone, data):
    if action == "forecast":
        services.milestone_forecast_change(
            milestone=milestone, forecast=data["forecast"], reason=data["reason"]
        )
        return "The new forecast date is saved"
    if action == "actual":
        services.milestone_actual_report(milestone=milestone, actual_on=data["actual_on"])
        return "The date is saved. The commissioning team will confirm it"
    services.tranche_report(milestone=milestone, units=data["units"], actual_on=data["actual_on"])
    return "The homes are saved. The commissioning team will confirm them"


@require_http_methods(GET_POST)
@rate_limit("your_offers", methods=["POST"])
@provider_required
def milestone_change(request, email, reference, kind, action):
    offer = _accepted_offer(email, reference)
    if action not in ACTIONS or kind not in Milestone.Kind.values:
        raise Http404("No such change")
    milestone = Milestone.objects.filter(offer=offer, kind=kind).first()
    if milestone is None or (action == "tranche" and not milestone.in_tranches):
        raise Http404("No such milestone")
    if milestone.is_confirmed:
        messages.error(request, f"{milestone.get_kind_display()} is confirmed: it cannot change")
        return redirect("your_offers:milestones", reference=offer.reference)
    form = ACTIONS[action](request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            done = _save(action, milestone, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logger.info(
                "Offer %s: the provider changed %s (%s)",
                offer.reference,
                kind,
                action,
                extra={"offer_reference": offer.reference},
            )
            messages.success(request, f"{milestone.get_kind_display()}: {done}")
            return redirect("your_offers:milestones", reference=offer.reference)
    return render(
        request,
        "eoi/your_offers/milestone_change.html",
        {
            "offer": offer,
            "milestone": milestone,
            "form": form,
            "action": action,
            "heading": HEADINGS[action],
        },
    )
