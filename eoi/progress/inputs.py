"""The rows of a forecast version and the offers, as ``eoi.progress.tally``
and ``eoi.progress.market`` read them."""

from collections.abc import Iterable

from django.db.models import F, JSONField, OuterRef, Subquery
from django.utils import timezone

from strategy import selectors as strategy_selectors
from strategy.models import DeliveryRecord, DemandLine, ForecastVersion, Phase, PipelineScheme

from ..models import Acceptance, Offer, Screening
from ..statuses import OPEN as OFFER_OPEN
from . import rows


def _acceptances(version) -> tuple[rows.AcceptanceIn, ...]:
    """Accepted offers' units by this version's demand line (matched by cohort
    when accepted against another version's line), with the offer's date."""
    source = strategy_selectors.demand_line_source(version)
    by_cohort = dict(
        DemandLine.objects.filter(group__version=source)
        .order_by("-pk")
        .values_list("cohort", "pk")
    )
    found = Acceptance.objects.values_list(
        "units", "demand_line__cohort", "offer__scheme_expected_available"
    ).order_by("pk")
    return tuple(
        rows.AcceptanceIn(
            units=units, demand_line_id=by_cohort.get(cohort), expected_available=expected
        )
        for units, cohort, expected in found
    )


def progress_inputs(
    *, version: ForecastVersion, offers: Iterable[rows.OfferIn] = ()
) -> rows.ProgressInputs:
    """A version's rows as ``eoi.progress.tally`` reads them, with the open ones
    of ``offers`` (``offer_progress_list``)."""
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
            for record in DeliveryRecord.objects.filter(version=version)
        ),
        acceptances=_acceptances(version),
        open_offers=tuple(o for o in offers if o.status_group == rows.OPEN),
    )


def _status_group(status: str) -> str:
    return rows.OPEN if status in OFFER_OPEN else status


def offer_progress_list() -> list[rows.OfferIn]:
    """Every offer as the market view needs it, with the demand lines its
    latest screening matched (for the offers in triage)."""
    latest_match = Subquery(
        Screening.objects.filter(offer=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("result__matched_demand")[:1],
        output_field=JSONField(),
    )
    labels = dict(Offer._meta.get_field("organisation_type").choices)
    found = Offer.objects.annotate(matched=latest_match).values_list(
        "reference",
        "organisation_name",
        "organisation_type",
        "status",
        "submitted_at",
        "scheme_units",
        "scheme_expected_available",
        "matched",
    )
    return [
        rows.OfferIn(
            reference=reference,
            organisation_name=name,
            organisation_type=labels.get(kind, kind) if kind else "Not given",
            status_group=_status_group(status),
            submitted_on=timezone.localdate(submitted_at),
            units=units or 0,
            expected_available=expected,
            matched_cohorts=tuple(item["cohort"] for item in matched or ()),
        )
        for (
            reference,
            name,
            kind,
            status,
            submitted_at,
            units,
            expected,
            matched,
        ) in found.iterator(chunk_size=2000)
    ]
