"""A commissioner's own assessment of an offer, beside its screening.

Screening advises; commissioners decide (Appendix C needs judgement). For
each factor of the latest screening the commissioner agrees or records a
different outcome with a reason, and gives an overall recommendation of their
own, with a reason when it differs. ``assessment_differs`` is pure; the
service ``offer_assess`` checks the permission and records who and when
(django-simple-history keeps each earlier assessment).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eoi.models import TRIAGE, Assessment, Offer, OfferChanged, Recommendation
from eoi.screening.results import Outcome

__all__ = ["OUTCOME_LABELS", "assessment_differs", "offer_assess"]

OUTCOME_LABELS = {
    Outcome.MEETS: "Meets",
    Outcome.CONCERN: "Concern",
    Outcome.DOES_NOT_MEET: "Does not meet",
    Outcome.MORE_INFORMATION_NEEDED: "More information needed",
    Outcome.NOT_APPLICABLE: "Not applicable",
}


def assessment_differs(*, factors: dict, overall: str, screened_overall: str) -> bool:
    """Whether any factor or the overall recommendation differs from the screening."""
    return overall != screened_overall or any(not f["agrees"] for f in factors.values())


def _clean_factors(factors: dict, screened: dict) -> dict:
    """Each screened factor as ``{"agrees", "outcome", "reason"}``; errors by key."""
    cleaned, errors = {}, {}
    for key, screened_outcome in screened.items():
        given = factors.get(key)
        if given is None:
            errors[key] = "Say whether you agree with the screening."
            continue
        if given["agrees"]:
            cleaned[key] = {"agrees": True, "outcome": screened_outcome, "reason": ""}
            continue
        outcome, reason = given.get("outcome", ""), given.get("reason", "").strip()
        if outcome not in OUTCOME_LABELS:
            errors[key] = "Choose the outcome you would give."
        elif outcome == screened_outcome:
            errors[key] = "Choose an outcome different from the screening's, or agree."
        elif not reason:
            errors[key] = "Explain why your outcome differs."
        else:
            cleaned[key] = {"agrees": False, "outcome": outcome, "reason": reason}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def offer_assess(
    *,
    offer: Offer,
    actor,
    factors: dict,
    overall: str,
    overall_reason: str = "",
    seen_version: int | None = None,
) -> Assessment:
    """Record ``actor``'s assessment of ``offer``'s latest screening.

    ``factors`` maps each factor key to ``{"agrees": bool, "outcome", "reason"}``.
    ``seen_version`` is the offer's version the page showed: an assessment of
    an offer that changed since (a provider's change screens it again) is
    refused with ``OfferChanged`` (None: the caller showed no page).
    """
    if not actor.has_perm(TRIAGE):
        raise PermissionDenied(f"{actor} may not assess offers.")
    if seen_version is not None:
        # Locked to the end: no change of the offer comes in before the
        # assessment is recorded.
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if current.version != seen_version:
            raise OfferChanged(current, seen=seen_version, current=current.version)
    screening = offer.screenings.first()
    if screening is None:
        raise ValidationError("The offer has not been screened: screen it first.")
    screened = {key: value["outcome"] for key, value in screening.result["factors"].items()}
    cleaned = _clean_factors(factors, screened)
    if overall not in Recommendation.values:
        raise ValidationError({"overall": "Choose your overall recommendation."})
    overall_reason = overall_reason.strip()
    if overall != screening.overall and not overall_reason:
        raise ValidationError({"overall_reason": "Explain why your recommendation differs."})
    assessment = Assessment.objects.select_for_update().filter(offer=offer).first() or Assessment(
        offer=offer
    )
    assessment.screening = screening
    assessment.factors = cleaned
    assessment.overall = overall
    assessment.overall_reason = overall_reason
    assessment.differs = assessment_differs(
        factors=cleaned, overall=overall, screened_overall=screening.overall
    )
    assessment.assessed_by = actor
    assessment.assessed_at = timezone.now()
    assessment._history_user = actor
    assessment.save()
    return assessment
