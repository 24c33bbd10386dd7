"""Reads for opportunities: the public list in its order, one public
opportunity with its published questions, and the offers made for each."""

import dataclasses
import datetime

from django.db.models import Count, Prefetch, Sum
from django.http import Http404

from eoi.models import Opportunity, OpportunityQuestion

# The public list: open first, then forthcoming, then closed.
STAGES = ("open", "forthcoming", "closed")


@dataclasses.dataclass(frozen=True)
class Listed:
    opportunity: Opportunity
    stage: str


def _public():
    return (
        Opportunity.objects.exclude(status=Opportunity.Status.DRAFT)
        .prefetch_related("demand_lines", "wards")
        .order_by("pk")
    )


def opportunity_public_list(*, today: datetime.date) -> list[Listed]:
    """Every published or closed opportunity, open ones first (soonest to
    close first), then forthcoming (soonest to open first), then closed
    (most recently closed first)."""
    listed = [Listed(each, each.stage_on(today)) for each in _public()]

    def order(item: Listed):
        each = item.opportunity
        if item.stage == "open":
            return (0, each.responses_close_on.toordinal(), each.pk)
        if item.stage == "forthcoming":
            return (1, each.opens_on.toordinal(), each.pk)
        return (2, -each.responses_close_on.toordinal(), -each.pk)

    return sorted(listed, key=order)


def _published_questions() -> Prefetch:
    """Its published questions, oldest published first, as
    ``published_questions``: never the unpublished ones, nor who asked."""
    return Prefetch(
        "questions",
        queryset=OpportunityQuestion.objects.filter(published_at__isnull=False)
        .defer("email")
        .order_by("published_at", "pk"),
        to_attr="published_questions",
    )


def opportunity_public_list_by_id() -> list[Opportunity]:
    """Every published or closed opportunity, oldest first, with what the
    open data says of each read in a few queries."""
    return list(_public().prefetch_related("documents", _published_questions()))


def opportunity_public_get(*, slug: str) -> Opportunity:
    """A published or closed opportunity, with its documents and published
    questions (``published_questions``); a draft, like an unknown slug, is a 404."""
    opportunity = (
        _public().prefetch_related("documents", _published_questions()).filter(slug=slug).first()
    )
    if opportunity is None:
        raise Http404("No such opportunity.")
    return opportunity


@dataclasses.dataclass(frozen=True)
class Responses:
    opportunity_id: int
    title: str
    status: str
    offers: int
    units: int


def responses_by_opportunity() -> list[Responses]:
    """For each published or closed opportunity, the offers made for it and
    their homes (one query)."""
    rows = (
        Opportunity.objects.exclude(status=Opportunity.Status.DRAFT)
        .annotate(offer_count=Count("offers"), offered_units=Sum("offers__scheme_units"))
        .order_by("-opens_on", "pk")
        .values_list("pk", "title", "status", "offer_count", "offered_units")
    )
    return [
        Responses(pk, title, Opportunity.Status(status).label, offers, units or 0)
        for pk, title, status, offers, units in rows
    ]
