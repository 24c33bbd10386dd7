"""Reads of the strategy's data. Every total is summed here from the rows.

The progress reads at the end also read offers and their acceptances
(``eoi.models``): progress against the strategy counts what the market offers.
"""
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.db.models import Exists, F, JSONField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from eoi.models import Acceptance, Offer, Screening
from eoi.workflow import OPEN as OFFER_OPEN

from . import progress
from .models import (
    FIRM_SCHEME,
    DeliveryRecord,
    DemandGroup,
    DemandLine,
    ExistingProvision,
    ForecastVersion,
    Phase,
    PipelineScheme,
    ReferenceValue,
    VersionFigure,
)

PROCEEDING = ~Q(status=PipelineScheme.Status.NOT_PROCEEDING)


def forecast_version_current() -> ForecastVersion:
    """The version public pages and screening use."""
    return ForecastVersion.objects.get(is_current=True)


def demand_line_list(*, version: ForecastVersion) -> list[DemandLine]:
    """Demand lines with ``firm_units``, ``unmet_units`` and ``site_required``.

    Firm supply is a scheme keyed ★, or one under construction or delivered,
    allocated to the line; ◆ and ✿ schemes are gaps still to fill.
    ``site_required`` is true when a ✿ scheme (a site still to find) serves the line.
    """
    lines = (
        DemandLine.objects.filter(group__version=version)
        .select_related("group")
        .annotate(
            firm_units=Coalesce(
                Sum(
                    "schemes__units",
                    filter=Q(schemes__in=PipelineScheme.objects.filter(FIRM_SCHEME)),
                ),
                0,
            ),
            site_required=Exists(
                PipelineScheme.objects.filter(
                    PROCEEDING,
                    demand_line=OuterRef("pk"),
                    key=PipelineScheme.Key.SITE_REQUIRED,
                )
            ),
        )
        .order_by("group__order", "order")
    )
    lines = list(lines)
    for line in lines:
        line.unmet_units = max(line.net_units - line.firm_units, 0)
    return lines


@dataclass(frozen=True)
class GroupTotal:
    name: str
    is_young_people: bool
    net_units: int
    unmet_units: int
    lines: list = field(default_factory=list, compare=False, repr=False)


def demand_group_list(*, version: ForecastVersion) -> list[GroupTotal]:
    """Demand grouped as in the strategy's table, with the group totals."""
    by_group: dict[int, list[DemandLine]] = {}
    for line in demand_line_list(version=version):
        by_group.setdefault(line.group_id, []).append(line)
    groups = DemandGroup.objects.filter(version=version).order_by("order")
    return [
        GroupTotal(
            name=group.name,
            is_young_people=group.is_young_people,
            net_units=sum(line.net_units for line in by_group.get(group.pk, [])),
            unmet_units=sum(line.unmet_units for line in by_group.get(group.pk, [])),
            lines=by_group.get(group.pk, []),
        )
        for group in groups
    ]


def phase_list(*, version: ForecastVersion) -> list[Phase]:
    """Phases with their schemes and ``units`` summed from schemes still proceeding."""
    return list(
        Phase.objects.filter(version=version)
        .annotate(units=Coalesce(Sum("schemes__units", filter=Q(schemes__in=PipelineScheme.objects.filter(PROCEEDING))), 0))
        .prefetch_related(
            Prefetch(
                "schemes",
                queryset=PipelineScheme.objects.select_related("demand_line").order_by("order"),
            )
        )
        .order_by("number")
    )


@dataclass(frozen=True)
class ProvisionTotal:
    provision_type: str
    label: str
    schemes: int
    units: int


def existing_provision_list() -> list[ProvisionTotal]:
    """Appendix A's existing supply, summed by type."""
    rows = (
        ExistingProvision.objects.filter(register=ExistingProvision.Register.APPENDIX_A)
        .values("provision_type")
        .annotate(schemes=Sum("schemes"), units=Coalesce(Sum("units"), 0))
        .order_by("provision_type")
    )
    labels = dict(ExistingProvision.ProvisionType.choices)
    return [
        ProvisionTotal(
            provision_type=row["provision_type"],
            label=labels[row["provision_type"]],
            schemes=row["schemes"],
            units=row["units"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class StrategySummary:
    version: str
    demand_total: int
    adults_total: int
    young_people_total: int
    unmet_total: int
    outside_forecast_units: int
    total_with_confirmed: int
    phase_units: dict[str, int]
    proposed_excluding_confirmed: int
    shortfall: int
    existing_schemes: int
    existing_units: int

    def to_dict(self) -> dict:
        return asdict(self)


def strategy_summary(*, version: ForecastVersion | None = None) -> StrategySummary:
    """The strategy's headline figures, all computed from the rows."""
    version = version or forecast_version_current()
    groups = demand_group_list(version=version)
    demand_total = sum(group.net_units for group in groups)
    schemes = PipelineScheme.objects.filter(PROCEEDING, phase__version=version)
    outside = schemes.filter(outside_forecast=True).aggregate(u=Coalesce(Sum("units"), 0))["u"]
    proposed = schemes.filter(outside_forecast=False).aggregate(u=Coalesce(Sum("units"), 0))["u"]
    provision = existing_provision_list()
    return StrategySummary(
        version=version.name,
        demand_total=demand_total,
        adults_total=sum(g.net_units for g in groups if not g.is_young_people),
        young_people_total=sum(g.net_units for g in groups if g.is_young_people),
        unmet_total=sum(group.unmet_units for group in groups),
        outside_forecast_units=outside,
        total_with_confirmed=demand_total + outside,
        phase_units={
            str(phase.number): phase.units for phase in phase_list(version=version)
        },
        proposed_excluding_confirmed=proposed,
        shortfall=max(demand_total - proposed, 0),
        existing_schemes=sum(p.schemes for p in provision),
        existing_units=sum(p.units for p in provision),
    )


def reference_values_in_force(*, on) -> dict[str, ReferenceValue]:
    """For each key, the reference value with the latest ``valid_from`` on or before ``on``."""
    in_force: dict[str, ReferenceValue] = {}
    for value in ReferenceValue.objects.filter(valid_from__lte=on).order_by("key", "-valid_from"):
        in_force.setdefault(value.key, value)
    return in_force


def ward_supported_living_units() -> dict[str, int]:
    """Existing supported living units by ward, where the register records the ward."""
    rows = (
        ExistingProvision.objects.filter(
            register=ExistingProvision.Register.APPENDIX_A, ward__isnull=False
        )
        .values("ward__name")
        .annotate(units=Coalesce(Sum("units"), 0))
    )
    return {row["ward__name"]: row["units"] for row in rows}


# --------------------------------------------------------------------------
# Progress against the strategy (plain data for ``strategy.progress``)
# --------------------------------------------------------------------------


def demand_line_source(version: ForecastVersion) -> ForecastVersion:
    """The version whose demand lines stand for ``version``'s.

    A version that did not restate the forecast has no demand lines of its own:
    the 2025 refresh kept the 2021 methodology, so its progress is measured
    against the lines of the version it is ``based_on``. Followed back until a
    version with lines is found; ``version`` itself if none has any.
    """
    seen, candidate = set(), version
    while candidate is not None and candidate.pk not in seen:
        if DemandLine.objects.filter(group__version=candidate).exists():
            return candidate
        seen.add(candidate.pk)
        candidate = candidate.based_on
    return version


def forecast_version_list() -> list[ForecastVersion]:
    """Every version, oldest first."""
    versions = ForecastVersion.objects.select_related("based_on")
    return list(versions.order_by("published_on", "pk"))


def progress_inputs(
    *, version: ForecastVersion, offers: Iterable[progress.OfferIn] = ()
) -> progress.ProgressInputs:
    """A version's rows as ``strategy.progress`` reads them, with the open ones
    of ``offers`` (``offer_progress_list``)."""
    source = demand_line_source(version)
    lines = DemandLine.objects.filter(group__version=source).select_related("group")
    schemes = PipelineScheme.objects.filter(phase__version=version).annotate(
        phase_number=F("phase__number"),
        accepted=Exists(Acceptance.objects.filter(pipeline_scheme=OuterRef("pk"))),
    )
    return progress.ProgressInputs(
        lines=tuple(
            progress.LineIn(
                id=line.pk,
                cohort=line.cohort,
                group=line.group.name,
                net_units=line.net_units,
            )
            for line in lines.order_by("group__order", "order")
        ),
        phases=tuple(
            progress.PhaseIn(
                number=phase.number,
                period=phase.period,
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                stated_units=phase.stated_units,
            )
            for phase in Phase.objects.filter(version=version).order_by("number")
        ),
        schemes=tuple(
            progress.SchemeIn(
                id=scheme.pk,
                name=scheme.name,
                phase=scheme.phase_number,
                units=scheme.units,
                key=scheme.key,
                status=scheme.status,
                demand_line_id=scheme.demand_line_id,
                outside_forecast=scheme.outside_forecast,
                expected_completion=scheme.expected_completion,
                accepted=scheme.accepted,
            )
            for scheme in schemes.order_by("phase__number", "order", "pk")
        ),
        deliveries=tuple(
            progress.DeliveryIn(
                units=record.units,
                sites=record.sites,
                delivered_on=record.delivered_on,
                scheme_id=record.scheme_id,
                demand_line_id=record.demand_line_id,
            )
            for record in DeliveryRecord.objects.filter(version=version)
        ),
        acceptances=tuple(
            progress.AcceptanceIn(
                units=acceptance.units,
                scheme_id=acceptance.pipeline_scheme_id,
                demand_line_id=acceptance.demand_line_id,
            )
            for acceptance in Acceptance.objects.filter(
                pipeline_scheme__phase__version=version
            )
        ),
        open_offers=tuple(o for o in offers if o.status_group == progress.OPEN),
    )


def _status_group(status: str) -> str:
    return progress.OPEN if status in OFFER_OPEN else status


def offer_progress_list() -> list[progress.OfferIn]:
    """Every offer as the market view needs it, with the demand lines its
    latest screening matched (for the offers in triage)."""
    latest_match = Subquery(
        Screening.objects.filter(offer=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("result__matched_demand")[:1],
        output_field=JSONField(),
    )
    labels = dict(Offer._meta.get_field("organisation_type").choices)
    rows = Offer.objects.annotate(matched=latest_match).values_list(
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
        progress.OfferIn(
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
        ) in rows.iterator(chunk_size=2000)
    ]


def version_figure_map(*, version: ForecastVersion) -> dict[str, VersionFigure]:
    """The figures a version's source states, by key."""
    return {figure.key: figure for figure in version.figures.order_by("order")}
