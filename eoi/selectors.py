"""Reads for offers: above all, the plain-data context screening runs on."""

import datetime

from strategy import selectors as strategy_selectors
from strategy.models import FrameworkLot, Ward

from .screening import (
    DemandLineState,
    FrameworkLotInfo,
    ReferenceValue,
    ScreeningContext,
)


def screening_context_build(*, on: datetime.date) -> ScreeningContext:
    """Gather, from the database, everything the screening rules read on ``on``."""
    version = strategy_selectors.forecast_version_current()
    source = f"{version.source}, forecast demand table ({version.name})"
    lines = tuple(
        DemandLineState(
            cohort=line.cohort,
            group=line.group.name,
            net_units=line.net_units,
            unmet_units=line.unmet_units,
            client_groups=frozenset(line.client_groups),
            configurations=frozenset(line.configurations),
            size_min=line.size_min,
            size_max=line.size_max,
            shared_house_max_bedrooms=line.shared_house_max_bedrooms,
            is_tbc=line.is_tbc,
            site_required=line.site_required,
            best_fit=line.best_fit,
            source=source,
        )
        for line in strategy_selectors.demand_line_list(version=version)
    )
    reference = {
        key: ReferenceValue(
            key=key,
            value=value.typed_value(),
            unit=value.unit,
            source=value.source,
            valid_from=value.valid_from,
        )
        for key, value in strategy_selectors.reference_values_in_force(on=on).items()
    }
    lots = tuple(
        FrameworkLotInfo(
            code=lot.code, name=str(lot), client_groups=frozenset(lot.client_groups)
        )
        for lot in FrameworkLot.objects.all()
    )
    return ScreeningContext(
        on=on,
        reference=reference,
        demand_lines=lines,
        framework_lots=lots,
        city_wards=frozenset(Ward.objects.values_list("name", flat=True)),
        ward_supported_living_units=strategy_selectors.ward_supported_living_units(),
    )
