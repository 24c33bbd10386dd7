"""The rows of a forecast version and the offers, as ``eoi.progress.tally``
and ``eoi.progress.market`` read them.

Offers are never read one by one: they are counted and added up in the
database (GROUP BY over the offer's own columns), so the rows read grow with
providers, quarters and dates, not with offers. A new count (say, by
working-day target) is one more grouped query here and one more field of the
rows it fills.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from strategy import selectors as strategy_selectors
from strategy.models import DeliveryRecord, DemandLine, ForecastVersion, Phase, PipelineScheme

from ..models import Offer
from eoi.triage.statuses import OPEN as OFFER_OPEN
from . import rows, stages
from .judgement import open_offers_counted_elsewhere


def _acceptances(version, on) -> tuple[rows.AcceptanceIn, ...]:
    """Accepted offers' units by this version's demand line (matched by cohort
    when accepted against another version's line), the offer's expected date
    and the stage its homes have reached on ``on`` (``eoi.progress.stages``)."""
    source = strategy_selectors.demand_line_source(version)
    by_cohort = dict(
        DemandLine.objects.filter(group__version=source).order_by("-pk").values_list("cohort", "pk")
    )
    added: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for each in stages.acceptance_stages(on=on):
        for stage, units in each.by_stage():
            key = (each.cohort, each.expected_available, stage)
            added[key][0] += units
            added[key][1] += each.sites if stage == stages.DELIVERED else 0
    return tuple(
        rows.AcceptanceIn(
            units=units,
            demand_line_id=by_cohort.get(cohort),
            expected_available=expected,
            stage=stage,
            sites=sites,
        )
        for (cohort, expected, stage), (units, sites) in sorted(
            added.items(),
            key=lambda item: (item[0][0], item[0][1] or datetime.date.min, item[0][2]),
        )
    )


def progress_inputs(
    *,
    version: ForecastVersion,
    open_offers: Iterable[rows.OpenOffers | rows.OfferIn] | None = None,
    on: datetime.date | None = None,
) -> rows.ProgressInputs:
    """A version's rows as ``eoi.progress.tally`` reads them, with the open
    offers (default: ``open_offer_list()``; the same for every version, so a
    caller tallying several versions reads them once)."""
    source = strategy_selectors.demand_line_source(version)
    lines = DemandLine.objects.filter(group__version=source).select_related("group")
    schemes = PipelineScheme.objects.filter(phase__version=version).annotate(
        phase_number=F("phase__number"),
    )
    return rows.ProgressInputs(
        lines=tuple(
            rows.LineIn(
                id=line.pk,
                cohort=line.cohort,
                group=line.group.name,
                net_units=line.net_units,
            )
            for line in lines.order_by("group__order", "order")
        ),
        phases=tuple(
            rows.PhaseIn(
                number=phase.number,
                period=phase.period,
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                stated_units=phase.stated_units,
            )
            for phase in Phase.objects.filter(version=version).order_by("number")
        ),
        schemes=tuple(
            rows.SchemeIn(
                id=scheme.pk,
                name=scheme.name,
                phase=scheme.phase_number,
                units=scheme.units,
                key=scheme.key,
                status=scheme.status,
                demand_line_id=scheme.demand_line_id,
                outside_forecast=scheme.outside_forecast,
                expected_completion=scheme.expected_completion,
            )
            for scheme in schemes.order_by("phase__number", "order", "pk")
        ),
        deliveries=tuple(
            rows.DeliveryIn(
                units=record.units,
                sites=record.sites,
                delivered_on=record.delivered_on,
                scheme_id=record.scheme_id,
                demand_line_id=record.demand_line_id,
            )
            for record in DeliveryRecord.objects.filter(version=version).exclude(
                pk__in=list(stages.linked_delivery_ids())
            )
        ),
        acceptances=_acceptances(version, on),
        open_offers=tuple(open_offer_list() if open_offers is None else open_offers),
    )


def _status_group(status: str) -> str:
    return rows.OPEN if status in OFFER_OPEN else status


def _cohorts_of(text: str) -> tuple[str, ...]:
    """The cohorts an offer's ``latest_matched_cohorts`` holds (a JSON list)."""
    return tuple(json.loads(text or "[]"))


def offer_group_list() -> list[rows.OfferGroup]:
    """Offers counted by provider name, type, status and calendar quarter of
    submission (local time), with their units: one GROUP BY, so the rows grow
    with providers and quarters, not with offers. Names are grouped as typed;
    ``market.provider_key`` merges their spellings."""
    labels = dict(Offer._meta.get_field("organisation_type").choices)
    zone = timezone.get_default_timezone()
    found = (
        Offer.objects.annotate(quarter=TruncQuarter("submitted_at", tzinfo=zone))
        .values_list("organisation_name", "organisation_type", "status", "quarter")
        .annotate(offers=Count("*"), units=Sum(Coalesce("scheme_units", 0)))
        .order_by()
    )
    # Statuses are counted apart, then added up by status group.
    added: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for name, kind, status, starts, offers, units in found:
        key = (name or "", kind or "", _status_group(status), timezone.localdate(starts, zone))
        added[key][0] += offers
        added[key][1] += units or 0
    return [
        rows.OfferGroup(
            organisation_name=name,
            organisation_type=labels.get(kind, kind) if kind else "Not given",
            status_group=group,
            submitted_on=quarter,
            offers=offers,
            units=units,
        )
        for (name, kind, group, quarter), (offers, units) in added.items()
    ]


def open_offer_list() -> tuple[rows.OpenOffers, ...]:
    """The units of open offers added up by expected date and by the demand
    lines their latest screening matched (the offer's
    ``latest_matched_cohorts``): one GROUP BY over the open offers.

    A site offered more than once counts once (``eoi.progress.judgement``):
    the offers another offer of the same site stands for are left out.
    """
    found = (
        Offer.objects.filter(status__in=OFFER_OPEN)
        .exclude(pk__in=open_offers_counted_elsewhere())
        .values_list("scheme_expected_available", "latest_matched_cohorts")
        .annotate(units=Sum(Coalesce("scheme_units", 0)))
        .order_by()
    )
    added: dict[tuple, int] = defaultdict(int)
    for expected, cohorts, units in found:
        added[expected, _cohorts_of(cohorts)] += units or 0
    return tuple(
        rows.OpenOffers(units=units, expected_available=expected, matched_cohorts=cohorts)
        for (expected, cohorts), units in added.items()
    )
