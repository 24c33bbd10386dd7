"""Writes for opportunities: publishing and closing, each recorded with who
and when (on the opportunity, and in its history)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from eoi.models import Opportunity


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
