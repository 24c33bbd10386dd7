"""Reads of the strategy's data. Every total is summed here from the rows.

What is still needed comes from one place: ``demand_balance_for`` reads the
rows into ``strategy.balance`` and computes there. Accepted offers are the
offers app's: it passes them in as plain rows (``eoi.progress.position``).
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from . import balance
from .models import (
    DeliveryRecord,
    DemandGroup,
    DemandLine,
    ExistingProvision,
    ForecastVersion,
    Phase,
    PipelineScheme,
    ReferenceValue,
    SupplyAllocation,
    VersionFigure,
)

PROCEEDING = ~Q(status=PipelineScheme.Status.NOT_PROCEEDING)


def forecast_version_current() -> ForecastVersion:
    """The version public pages and screening use."""
    return ForecastVersion.objects.get(is_current=True)


def demand_line_list(*, version: ForecastVersion) -> list[DemandLine]:
    """A version's demand lines in table order, with ``site_required``: true
    when a ✿ scheme (a site still to find) serves the line.

    What each line still needs is the balance's (``demand_balance_for``).
    """
    return list(
        DemandLine.objects.filter(group__version=version)
        .select_related("group")
        .annotate(
            site_required=Exists(
                PipelineScheme.objects.filter(
                    PROCEEDING,
                    demand_line=OuterRef("pk"),
                    key=PipelineScheme.Key.SITE_REQUIRED,
                )
            ),
        )
        .order_by("group__order", "order", "pk")
    )


def _allocations(rows) -> dict[int, tuple[balance.Allocation, ...]]:
    found: dict[int, list] = {}
    for owner, line_id, units in rows:
        found.setdefault(owner, []).append((line_id, units))
    return {owner: tuple(items) for owner, items in found.items()}


def demand_balance_for(
    *,
    version: ForecastVersion,
    on: datetime.date,
    accepted_offers: Iterable[balance.AcceptedOfferRow] = (),
    lines: Iterable[DemandLine] | None = None,
    excluded_deliveries: Collection[int] = (),
) -> balance.Balance:
    """The version's demand balance on ``on`` (``strategy.balance.demand_balance``),
    with the accepted offers the offers app passes in.

    ``excluded_deliveries``: ids of delivery records the offers app counts
    itself (linked to an accepted offer whose milestones count its homes),
    left out so no home counts twice.

    ``lines``: the version's demand lines when the caller has already read them
    (``demand_line_list``), so they are not read twice.
    """
    if lines is None:
        lines = DemandLine.objects.filter(group__version=version).select_related("group")
        lines = lines.order_by("group__order", "order", "pk")
    by_delivery = _allocations(
        SupplyAllocation.objects.filter(delivery__version=version)
        .order_by("pk")
        .values_list("delivery_id", "demand_line_id", "units")
    )
    by_scheme = _allocations(
        SupplyAllocation.objects.filter(scheme__phase__version=version)
        .order_by("pk")
        .values_list("scheme_id", "demand_line_id", "units")
    )
    schemes = PipelineScheme.objects.filter(phase__version=version).values_list(
        "pk", "units", "key", "status", "demand_line_id", "outside_forecast"
    )
    deliveries = (
        DeliveryRecord.objects.filter(version=version).exclude(pk__in=list(excluded_deliveries))
    ).values_list("pk", "units", "delivered_on", "scheme_id", "demand_line_id", "sites")
    return balance.demand_balance(
        version_slug=version.slug,
        version_name=version.name,
        on=on,
        lines=[
            balance.LineRow(
                id=line.pk,
                cohort=line.cohort,
                public_name=line.public_name,
                net_units=line.net_units,
                group=line.group.name,
                is_young_people=line.group.is_young_people,
            )
            for line in lines
        ],
        schemes=[
            balance.SchemeRow(
                id=pk,
                units=units,
                key=key,
                status=status,
                demand_line_id=line_id,
                allocations=by_scheme.get(pk, ()),
                outside_forecast=outside,
            )
            for pk, units, key, status, line_id, outside in schemes.order_by("pk")
        ],
        deliveries=[
            balance.DeliveryRow(
                units=units,
                delivered_on=delivered_on,
                scheme_id=scheme_id,
                demand_line_id=line_id,
                sites=sites,
                allocations=by_delivery.get(pk, ()),
            )
            for pk, units, delivered_on, scheme_id, line_id, sites in deliveries.order_by("pk")
        ],
        accepted_offers=accepted_offers,
    )


@dataclass(frozen=True)
class GroupTotal:
    name: str
    is_young_people: bool
    net_units: int
    unmet_units: int
    lines: list = field(default_factory=list, compare=False, repr=False)


def demand_group_list(
    *, version: ForecastVersion, position: balance.Balance, lines: Iterable[DemandLine] = ()
) -> list[GroupTotal]:
    """Demand grouped as in the strategy's table, with the group totals; each
    line carries its ``balance`` (a ``LineBalance``) and ``unmet_units`` from
    the balance ``position``."""
    by_group: dict[int, list[DemandLine]] = {}
    for line in lines or demand_line_list(version=version):
        line.balance = position.line(line.pk)
        line.unmet_units = line.balance.unmet
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
        .annotate(
            units=Coalesce(
                Sum(
                    "schemes__units",
                    filter=Q(schemes__in=PipelineScheme.objects.filter(PROCEEDING)),
                ),
                0,
            )
        )
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
    delivered: int
    firm_pipeline: int
    accepted_offers: int
    unattributed_supply: int
    lines: list[dict]

    def to_dict(self) -> dict:
        return asdict(self)


def strategy_summary(*, version: ForecastVersion, position: balance.Balance) -> StrategySummary:
    """The strategy's headline figures: what is still needed from the balance
    ``position``, the rest summed from the rows."""
    schemes = PipelineScheme.objects.filter(PROCEEDING, phase__version=version)
    outside = schemes.filter(outside_forecast=True).aggregate(u=Coalesce(Sum("units"), 0))["u"]
    proposed = schemes.filter(outside_forecast=False).aggregate(u=Coalesce(Sum("units"), 0))["u"]
    provision = existing_provision_list()
    demand_total = position.demand_total
    return StrategySummary(
        version=version.name,
        demand_total=demand_total,
        adults_total=sum(line.net for line in position.lines if not line.is_young_people),
        young_people_total=sum(line.net for line in position.lines if line.is_young_people),
        unmet_total=position.unmet_total,
        outside_forecast_units=outside,
        total_with_confirmed=demand_total + outside,
        phase_units={str(phase.number): phase.units for phase in phase_list(version=version)},
        proposed_excluding_confirmed=proposed,
        shortfall=max(demand_total - proposed, 0),
        existing_schemes=sum(p.schemes for p in provision),
        existing_units=sum(p.units for p in provision),
        delivered=position.delivered,
        firm_pipeline=position.firm_pipeline,
        accepted_offers=position.accepted_offers,
        unattributed_supply=position.unattributed_supply,
        lines=[line.to_dict() for line in position.lines],
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


def forecast_version_list(*, published_only: bool = False) -> list[ForecastVersion]:
    """Every version, oldest first; only the published ones for a public page."""
    versions = ForecastVersion.objects.select_related("based_on")
    if published_only:
        versions = versions.filter(is_published=True)
    return list(versions.order_by("published_on", "pk"))


def forecast_version_published(*, slug: str) -> ForecastVersion:
    """The published version with this slug, for a public page: a version not
    published is ``ForecastVersion.DoesNotExist``, as an unknown one is."""
    return ForecastVersion.objects.get(slug=slug, is_published=True)


def version_figure_map(*, version: ForecastVersion) -> dict[str, VersionFigure]:
    """The figures a version's source states, by key."""
    return {figure.key: figure for figure in version.figures.order_by("order")}
