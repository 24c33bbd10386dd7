"""The PDF summary of an offer, for the admin offer page and the team inbox.

PDF context is built apart from rendering. :func:`offer_summary_context` turns
an offer into plain data (strings, numbers, lists and dicts, every answer
already worded for a reader) and can be checked without WeasyPrint;
:func:`render_offer_summary_pdf` renders ``templates/pdf/offer_summary.html``
with it into a tagged PDF/UA-1 document.

The answers are read from the offer's columns, not through the offer document
parser, so an offer whose personal data the retention job has blanked still
prints ("Not given").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from leicester_sl.formatting import NOT_GIVEN, day
from leicester_sl.pdf import AUTHOR, LANG, render_html_pdf

from . import offer_document as doc
from .screening import FACTOR_LABELS, result_from_dict
from .screening.wording import EXEMPT, LHA, NOT_APPLICABLE_ROUTE

__all__ = [
    "answer_sections",
    "attachment_rows",
    "offer_summary_context",
    "render_offer_summary_pdf",
    "screening_summary",
]

TEMPLATE = "pdf/offer_summary.html"

# --------------------------------------------------------------------------
# Wording of answers
# --------------------------------------------------------------------------

Format = Callable[[Any], str]


def _given(value: Any) -> bool:
    return value not in (None, "", [], ())


def _text(value: Any) -> str:
    return str(value).strip() if _given(value) else NOT_GIVEN


def _yes_no(value: bool | None) -> str:
    return NOT_GIVEN if value is None else ("Yes" if value else "No")


def _pounds(value: Any) -> str:
    """``Decimal("2400000")`` gives ``"£2,400,000.00"``."""
    return f"£{Decimal(str(value)):,.2f}"


def _money(value: Any) -> str:
    return _pounds(value) if _given(value) else NOT_GIVEN


def _money_a_week(value: Any) -> str:
    return f"{_pounds(value)} a week" if _given(value) else NOT_GIVEN


def _money_an_hour(value: Any) -> str:
    return f"{_pounds(value)} an hour" if _given(value) else NOT_GIVEN


def _number(value: Any) -> str:
    """``Decimal("10.00")`` gives ``"10"``, ``Decimal("7.50")`` gives ``"7.5"``."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():f}"


def _count(value: Any) -> str:
    return _number(value) if _given(value) else NOT_GIVEN


def _hours_a_week(value: Any) -> str:
    if not _given(value):
        return NOT_GIVEN
    return f"{_number(value)} {'hour' if Decimal(str(value)) == 1 else 'hours'} a week"


def _hectares(value: Any) -> str:
    if not _given(value):
        return NOT_GIVEN
    return f"{_number(value)} {'hectare' if Decimal(str(value)) == 1 else 'hectares'}"


def _day_and_time(value: datetime.datetime) -> str:
    """An aware datetime in the council's time zone: ``"3 March 2026 at 2:05pm"``."""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{day(local.date())} at {hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def _label(enum: type[doc.LabelledChoices]) -> Format:
    def word(code: Any) -> str:
        if not _given(code):
            return NOT_GIVEN
        try:
            return enum(code).label
        except ValueError:  # a code no longer in the vocabulary: show it as stored
            return str(code)

    return word


def _labels(enum: type[doc.LabelledChoices]) -> Format:
    """A list of codes as labels, one a line (the template keeps the lines)."""
    one = _label(enum)

    def words(codes: Any) -> str:
        return "\n".join(one(code) for code in codes) if _given(codes) else NOT_GIVEN

    return words


# --------------------------------------------------------------------------
# The answers, grouped as on the web form
# --------------------------------------------------------------------------


def _accommodation(offer_type: str) -> bool:
    return offer_type != doc.OfferType.CARE_AND_SUPPORT


def _support(offer_type: str) -> bool:
    return offer_type != doc.OfferType.ACCOMMODATION


def _always(offer_type: str) -> bool:
    return True


# (section title, applies to the offer type, ((question, column, wording), ...))
SECTIONS: tuple[tuple[str, Callable[[str], bool], tuple[tuple[str, str, Format], ...]], ...] = (
    (
        "Organisation",
        _always,
        (
            ("Organisation name", "organisation_name", _text),
            ("Type of organisation", "organisation_type", _label(doc.OrganisationType)),
            ("Registered provider number", "organisation_registered_provider_number", _text),
            ("Companies House number", "organisation_companies_house_number", _text),
            ("Charity number", "organisation_charity_number", _text),
            ("Registered with the Care Quality Commission (CQC)", "organisation_cqc_registered", _yes_no),
        ),
    ),
    (
        "Contact",
        _always,
        (
            ("Full name", "contact_name", _text),
            ("Email address", "contact_email", _text),
            ("Phone number", "contact_phone", _text),
            ("Role", "contact_role", _text),
        ),
    ),
    (
        "Offer type",
        _always,
        (("What is offered", "offer_type", _label(doc.OfferType)),),
    ),
    (
        "Scheme",
        _accommodation,
        (
            ("Name of the scheme", "scheme_name", _text),
            ("Address", "scheme_address", _text),
            ("Postcode", "scheme_postcode", _text),
            ("Ward", "scheme_ward", _text),
            ("How far the development has got", "scheme_development_stage", _label(doc.DevelopmentStage)),
            ("Site area", "scheme_site_area_hectares", _hectares),
        ),
    ),
    (
        "Configuration and units",
        _accommodation,
        (
            ("How the homes are arranged", "scheme_configuration", _label(doc.Configuration)),
            ("Number of units", "scheme_units", _count),
            ("Bedrooms in each unit", "scheme_bedrooms_per_unit", _count),
            ("If a shared house, bedrooms in the house", "scheme_shared_house_bedrooms", _count),
            ("Communal space for the tenants", "scheme_communal_space", _yes_no),
            ("Office for support staff", "scheme_staff_office", _yes_no),
            ("Wheelchair accessible units", "scheme_wheelchair_accessible_units", _count),
            ("Fully adapted units", "scheme_fully_adapted_units", _count),
        ),
    ),
    (
        "Client groups",
        _always,
        (
            ("Who the offer is for", "scheme_client_groups", _labels(doc.ClientGroup)),
            (
                "Everyone it is for has eligible social care needs",
                "scheme_residents_have_eligible_care_needs",
                _yes_no,
            ),
        ),
    ),
    (
        "Rent and charges",
        _accommodation,
        (
            ("Landlord", "finance_landlord_type", _label(doc.LandlordType)),
            (
                "Landlord, or someone on its behalf, provides care, support or supervision",
                "finance_landlord_provides_care_support_or_supervision",
                _yes_no,
            ),
            ("Tenancy offered", "finance_tenancy", _label(doc.Tenancy)),
            (
                "Tenancy depends on getting support from a particular provider",
                "finance_tenancy_conditional_on_support_provider",
                _yes_no,
            ),
            ("Core rent", "finance_weekly_core_rent", _money_a_week),
            ("Eligible service charge", "finance_weekly_eligible_service_charge", _money_a_week),
            ("Ineligible charges", "finance_weekly_ineligible_charge", _money_a_week),
        ),
    ),
    (
        "Support",
        _support,
        (
            ("Provider on Leicester’s Supported Living framework", "support_provider_on_framework", _yes_no),
            ("If on the framework, its lots", "support_framework_lots", _labels(doc.FrameworkLot)),
            ("Individual support hours for each person", "support_individual_hours_per_person_per_week", _hours_a_week),
            ("Shared core support hours for the scheme", "support_shared_core_hours_per_week", _hours_a_week),
            ("Night cover", "support_night_cover", _label(doc.NightCover)),
            ("Hourly rate for care and support", "support_hourly_rate", _money_an_hour),
        ),
    ),
    (
        "Funding and timescales",
        _accommodation,
        (
            ("Expected to be available", "scheme_expected_available", day),
            ("Total capital cost", "finance_capital_cost", _money),
            ("How the homes will be paid for", "finance_funding_sources", _labels(doc.FundingSource)),
            ("Right to Buy receipts asked of the council", "finance_right_to_buy_receipts_requested", _money),
        ),
    ),
    (
        "Notes",
        _always,
        (("Anything else the provider told us", "notes", _text),),
    ),
)


def answer_sections(offer) -> list[dict[str, Any]]:
    """Each section of the form as ``{"title", "rows": [(question, answer)]}``.

    A section that does not apply to the offer type is left out, unless it
    holds an answer all the same (an imported document may carry one).
    """
    sections = []
    for title, applies, questions in SECTIONS:
        rows = [(question, wording(getattr(offer, column))) for question, column, wording in questions]
        if applies(offer.offer_type) or any(answer != NOT_GIVEN for _, answer in rows):
            sections.append({"title": title, "rows": rows})
    return sections


# --------------------------------------------------------------------------
# The screening
# --------------------------------------------------------------------------

ROUTE_LABELS = {
    EXEMPT: "Housing Benefit (exempt accommodation)",
    LHA: "Universal Credit, capped at the Local Housing Allowance",
    NOT_APPLICABLE_ROUTE: "Not applicable",
}


def _worked_out(value: Decimal | None) -> str:
    return "Not worked out" if value is None else f"{_pounds(value)} a week"


def screening_summary(result: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored screening result (``ScreeningResult.to_dict()``), worded."""
    if result is None:
        return None
    screened = result_from_dict(result)
    figures = screened.figures
    return {
        "screened_on": day(screened.screened_on),
        "overall": screened.overall.label,
        "overall_code": screened.overall.value,
        "priority": screened.priority,
        "priority_explanation": list(screened.priority_explanation),
        "factors": [
            {
                "label": FACTOR_LABELS.get(name, name),
                "outcome": factor.outcome.label,
                "outcome_code": factor.outcome.value,
                "reason": factor.reason,
            }
            for name, factor in screened.factors.items()
        ],
        "matched_demand": [
            {"cohort": line.cohort, "unmet_units": line.unmet_units}
            for line in screened.matched_demand
        ],
        "figures": [
            ("Gross eligible rent", _worked_out(figures.gross_eligible_rent)),
            ("Benefit route", ROUTE_LABELS.get(figures.benefit_route, figures.benefit_route)),
            ("Support cost per person", _worked_out(figures.support_cost_per_person_per_week)),
            ("Rent above what benefit meets", _worked_out(figures.tenant_weekly_shortfall)),
        ],
    }


def _size(size: int) -> str:
    """Bytes for a reader: ``"850 bytes"``, ``"240 KB"``, ``"1.4 MB"``."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def attachment_rows(attachments: Iterable) -> list[dict[str, str]]:
    return [
        {
            "kind": attachment.get_kind_display(),
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": _size(attachment.size),
        }
        for attachment in attachments
    ]


def offer_summary_context(offer) -> dict[str, Any]:
    """Everything the summary shows, as plain data: no rendering, no writes."""
    screening = offer.screenings.first()
    contact = ", ".join(filter(None, [offer.contact_name, offer.contact_role]))
    return {
        "title": f"Offer {offer.reference}: summary",
        "author": AUTHOR,
        "lang": LANG,
        "reference": offer.reference,
        "organisation": offer.organisation_name or NOT_GIVEN,
        "scheme": offer.scheme_name,
        "key_facts": [
            ("Reference", offer.reference),
            ("Submitted", _day_and_time(offer.submitted_at)),
            ("How it arrived", offer.get_source_display()),
            ("Status", offer.get_status_display()),
            ("Organisation", offer.organisation_name or NOT_GIVEN),
            ("Contact", contact or NOT_GIVEN),
            ("Contact email", offer.contact_email or NOT_GIVEN),
        ],
        "sections": answer_sections(offer),
        "screening": screening_summary(screening.result if screening else None),
        "attachments": attachment_rows(offer.attachments.all()),
    }


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def render_offer_summary_pdf(offer) -> bytes:
    """The offer's summary as PDF bytes."""
    return render_html_pdf(render_to_string(TEMPLATE, offer_summary_context(offer)))
