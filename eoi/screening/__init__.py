"""Screening an offer against the strategy (docs/screening-rules.md).

Appendix C of the Supported Living and Extra Care Housing Strategy 2021–2031
names five factors every new offer is weighed against; the strategy's guiding
principles, demand tables and key add two more. :func:`screen` runs each
factor of the registry and gives it an outcome and a reason a provider can
read, naming the figure used and where it comes from. Screening advises;
commissioners decide.

The package, one concern a module:

- ``results``: outcomes, factor results, figures, the result and its JSON;
- ``context``: the plain-data inputs and their reference-value accessors;
- ``reference_keys``: every reference value the rules read (key, kind, unit);
- ``calculations``: rent, benefit route, support cost, shortfall, RTB cap;
- ``wording``: labels, phrases and how money and dates are written;
- ``demand``: matching an offer to the strategy's demand lines;
- ``factors/``: one module per factor (``KEY``, ``LABEL``, ``evaluate``);
- ``registry``: the ordered list of factors;
- ``stored``: a stored result read back (:func:`result_from_dict`);
- ``priority``: the overall recommendation and the priority;
- ``assessment``: :func:`screen`; ``text``: :func:`result_as_text`.

It imports nothing from Django and does no I/O.
"""

from eoi.screening.screen import screen
from .context import (
    DemandLineState,
    FrameworkLotInfo,
    ReferenceValue,
    ReferenceValuesInvalid,
    ScreeningContext,
)
from .demand import matched_demand_lines
from .factors import (
    location as _location,
    procurement as _procurement,
    quality as _quality,
    rent_level as _rent_level,
    strategic_fit as _strategic_fit,
    support_costs as _support_costs,
    tenant_affordability as _tenant_affordability,
)
from .reference_keys import REFERENCE_KEYS
from .registry import FACTOR_LABELS, FACTORS
from .results import (
    FactorResult,
    Figures,
    MatchedDemand,
    Outcome,
    Overall,
    ReferenceUse,
    ScreeningResult,
)
from .stored import result_from_dict
from .text import result_as_text
from .wording import EXEMPT, LHA, NOT_APPLICABLE_ROUTE, ROUTE_LABELS

# The factor rules by name, as before the package.
procurement = _procurement.evaluate
strategic_fit = _strategic_fit.evaluate
rent_level = _rent_level.evaluate
support_costs = _support_costs.evaluate
tenant_affordability = _tenant_affordability.evaluate
location = _location.evaluate
quality = _quality.evaluate

__all__ = [
    "EXEMPT",
    "FACTORS",
    "FACTOR_LABELS",
    "LHA",
    "NOT_APPLICABLE_ROUTE",
    "REFERENCE_KEYS",
    "ROUTE_LABELS",
    "DemandLineState",
    "FactorResult",
    "Figures",
    "FrameworkLotInfo",
    "MatchedDemand",
    "Outcome",
    "Overall",
    "ReferenceUse",
    "ReferenceValue",
    "ReferenceValuesInvalid",
    "ScreeningContext",
    "ScreeningResult",
    "location",
    "matched_demand_lines",
    "procurement",
    "quality",
    "rent_level",
    "result_as_text",
    "result_from_dict",
    "screen",
    "strategic_fit",
    "support_costs",
    "tenant_affordability",
]
