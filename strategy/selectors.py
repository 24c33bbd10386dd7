"""Reads of the strategy's data. Every total is summed here from the rows."""
from dataclasses import asdict, dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from .models import (
    FIRM_SCHEME,
    DemandGroup,
    DemandLine,
    ExistingProvision,
    ForecastVersion,
    Phase,
    PipelineScheme,
    ReferenceValue,
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
