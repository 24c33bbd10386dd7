"""The strategy's data: forecast versions, demand, phases and pipeline, delivery,
existing provision, decisions and the reference values screening reads.

Totals are never stored: selectors and ``strategy.figures`` sum them from the
rows here, so editing a line in admin changes every page at once.
"""

from .forecast import DemandGroup, DemandLine, ForecastVersion, Phase
from .register import (
    Decision,
    ExistingProvision,
    FrameworkLot,
    ReferenceValue,
    Ward,
)
from .supply import (
    FIRM_SCHEME,
    DeliveryRecord,
    PipelineScheme,
    SupplyAllocation,
    VersionFigure,
)

__all__ = [
    "FIRM_SCHEME",
    "Decision",
    "DeliveryRecord",
    "DemandGroup",
    "DemandLine",
    "ExistingProvision",
    "ForecastVersion",
    "FrameworkLot",
    "Phase",
    "PipelineScheme",
    "ReferenceValue",
    "SupplyAllocation",
    "VersionFigure",
    "Ward",
]
