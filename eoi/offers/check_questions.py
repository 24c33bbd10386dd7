"""The questions "Check before you offer" asks: a few of the offer's
declared questions, the ones the screening rules read
(docs/screening-rules.md). Plain data over the declarations, read by the
check (``eoi.offers.check``) and its form (``eoi.offers.forms.check``)."""

from __future__ import annotations

from eoi.offers.document.questions import Question
from eoi.offers.document.sections import BY_PATH

__all__ = ["CHECK_PATHS", "CHECK_QUESTIONS", "REQUIRED_PATHS"]

# The questions the check asks, in the order it asks them: the ones the
# screening rules read (docs/screening-rules.md).
CHECK_PATHS: tuple[str, ...] = (
    "offer_type",
    "scheme.client_groups",
    "scheme.residents_have_eligible_care_needs",
    "scheme.configuration",
    "scheme.units",
    "scheme.bedrooms_per_unit",
    "scheme.shared_house_bedrooms",
    "scheme.communal_space",
    "scheme.staff_office",
    "scheme.development_stage",
    "scheme.postcode",
    "scheme.ward",
    "finance.landlord_type",
    "finance.landlord_provides_care_support_or_supervision",
    "finance.tenancy_conditional_on_support_provider",
    "finance.weekly_core_rent",
    "finance.weekly_eligible_service_charge",
    "finance.weekly_ineligible_charge",
    "support.provider_on_framework",
    "support.framework_lots",
    "support.individual_hours_per_person_per_week",
    "support.shared_core_hours_per_week",
    "support.night_cover",
    "support.hourly_rate",
)
CHECK_QUESTIONS: tuple[Question, ...] = tuple(BY_PATH[path] for path in CHECK_PATHS)
# The check must answer what the document requires; everything else may be
# left for the check to say it needs.
REQUIRED_PATHS = frozenset(q.path for q in CHECK_QUESTIONS if q.required)

_names = [question.name for question in CHECK_QUESTIONS]
if len(set(_names)) != len(_names):  # the form's field names must be unique
    raise LookupError("Two questions of the check share a name")
