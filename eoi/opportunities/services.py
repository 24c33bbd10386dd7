"""Writes for opportunities: publishing and closing, each recorded with who
and when (on the opportunity, and in its history)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from eoi.models import OfferDraft, Opportunity
from eoi.notifications import enqueue


def _transition_check(method, actor) -> None:
    if not can_proceed(method):
        raise ValidationError(
            f"This opportunity is {method.__self__.get_status_display().lower()}: "
            "it cannot be changed that way.",
            code="wrong_status",
        )
    if not has_transition_perm(method, actor):
        raise PermissionDenied("Only commissioners may publish or close opportunities.")


def publish_problems(opportunity: Opportunity) -> list[str]:
    """What stops the opportunity being published, in the staff's words."""
    problems = []
    if not opportunity.demand_lines.exists():
        problems.append("Choose what is sought: at least one group of people.")
    if not opportunity.anywhere_in_city and not opportunity.wards.exists():
        problems.append("Choose the wards, or tick “anywhere in the city”.")
    return problems


@transaction.atomic
def opportunity_publish(*, opportunity: Opportunity, actor) -> Opportunity:
    """Put a draft opportunity on the public pages.

    Raises ``PermissionDenied`` when ``actor`` may not publish, and
    ``ValidationError`` when it is not a draft or is not ready
    (:func:`publish_problems`).
    """
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    _transition_check(opportunity.publish, actor)
    problems = publish_problems(opportunity)
    if problems:
        raise ValidationError(problems, code="not_ready")
    opportunity.publish()
    opportunity.published_at, opportunity.published_by = timezone.now(), actor
    opportunity._history_user = actor
    opportunity.save()
    # Subscribers hear of it now, not at the job's next morning run.
    transaction.on_commit(enqueue.alerts_send_enqueue)
    return opportunity


@transaction.atomic
def opportunity_close(*, opportunity: Opportunity, actor) -> Opportunity:
    """Stop taking responses to a published opportunity (it stays public, as closed)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    _transition_check(opportunity.close, actor)
    opportunity.close()
    opportunity.closed_at, opportunity.closed_by = timezone.now(), actor
    opportunity._history_user = actor
    opportunity.save()
    return opportunity


def offer_answers_from_opportunity(opportunity: Opportunity) -> dict:
    """The answers an offer for ``opportunity`` starts with, in the draft's
    format (``eoi.offers.journey``: by step, then by question): what the
    opportunity fixes and the journey asks.

    The client groups are those of its demand lines; the ward, where it
    names one ward only; the configuration, where its lines accept one only.
    The provider sees them on the steps and can change them.
    """
    lines = list(opportunity.demand_lines.all())
    answers: dict = {}
    groups = sorted({group for line in lines for group in line.client_groups})
    if groups:
        answers["client-groups"] = {"client_groups": groups}
    if not opportunity.anywhere_in_city:
        wards = list(opportunity.wards.values_list("name", flat=True)[:2])
        if len(wards) == 1:
            answers["scheme"] = {"ward": wards[0]}
    configurations = {tuple(line.configurations) for line in lines}
    if len(configurations) == 1:
        (accepted,) = configurations
        if len(accepted) == 1:
            answers["configuration"] = {"configuration": accepted[0]}
    return answers


def takes_offers(opportunity: Opportunity, *, today) -> bool:
    """Whether providers can make an offer for it here now: open, and not a
    formal tender (answered on the procurement portal)."""
    return (
        opportunity.stage_on(today) == "open"
        and opportunity.route != Opportunity.Route.FORMAL_TENDER
    )


def offer_draft_start(*, opportunity: Opportunity) -> OfferDraft:
    """A new draft of an offer for ``opportunity``, with what it fixes answered."""
    return OfferDraft.objects.create(
        opportunity=opportunity, answers=offer_answers_from_opportunity(opportunity)
    )
