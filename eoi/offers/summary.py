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

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from leicester_sl.documents.formatting import NOT_GIVEN, day, day_and_time, pounds
from leicester_sl.documents.pdf import AUTHOR, LANG, render_html_pdf

from eoi.triage.assessment import OUTCOME_LABELS
from eoi.models import Assessment
from eoi.offers.document.sections import reported_in
from eoi.offers.document.questions import PARTS
from eoi.offers.document.wording import answer_text
from eoi.screening import FACTOR_LABELS, result_from_dict
from eoi.screening.wording import EXEMPT, LHA, NOT_APPLICABLE_ROUTE

__all__ = [
    "answer_sections",
    "assessment_summary",
    "attachment_rows",
    "offer_summary_context",
    "render_offer_summary_pdf",
    "screening_summary",
]

TEMPLATE = "pdf/offer_summary.html"

# --------------------------------------------------------------------------
# The answers, grouped as on the web form
# --------------------------------------------------------------------------


def answer_sections(offer) -> list[dict[str, Any]]:
    """Each part of the offer as ``{"title", "rows": [(question, answer)]}``.

    The questions, their labels and wording are the offer's declarations
    (``eoi.offer``). A part that does not apply to the offer type is left
    out, unless it holds an answer all the same (an imported document may
    carry one).
    """
    sections = []
    for part in PARTS:
        rows = [
            (question.report_label, answer_text(question, getattr(offer, question.column)))
            for question in reported_in(part.slug)
        ]
        given = any(answer != NOT_GIVEN for _, answer in rows)
        if part.applies_to(offer.offer_type) or given:
            sections.append({"title": part.report_title, "rows": rows})
    return sections


# --------------------------------------------------------------------------
# The screening
# --------------------------------------------------------------------------

ROUTE_LABELS = {
    EXEMPT: "Housing Benefit (exempt accommodation)",
    LHA: "Universal Credit, capped at the Local Housing Allowance",
    NOT_APPLICABLE_ROUTE: "Not applicable",
    None: "Not settled",  # the landlord, or whether it provides care, not given
}


def _worked_out(value: Decimal | None) -> str:
    return "Not worked out" if value is None else pounds(value, per="week")


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
            {"name": line.name_for_providers, "unmet_units": line.unmet_units}
            for line in screened.matched_demand
        ],
        "figures": [
            ("Gross eligible rent", _worked_out(figures.gross_eligible_rent)),
            ("Benefit route", ROUTE_LABELS.get(figures.benefit_route, figures.benefit_route)),
            ("Support cost per person", _worked_out(figures.support_cost_per_person_per_week)),
            ("Rent above what benefit meets", _worked_out(figures.tenant_weekly_shortfall)),
        ],
    }


# --------------------------------------------------------------------------
# The commissioner's assessment (eoi.triage.assessment)
# --------------------------------------------------------------------------


def assessment_summary(assessment) -> dict[str, Any] | None:
    """A commissioner's assessment beside the screening it assessed, worded."""
    if assessment is None:
        return None
    screened = assessment.screening.result["factors"] if assessment.screening else {}
    by = assessment.assessed_by
    return {
        "assessed_by": (by.get_full_name() or by.get_username())
        if by
        else "A former member of staff",
        "assessed_at": day_and_time(assessment.assessed_at),
        "overall": assessment.get_overall_display(),
        "screening_overall": assessment.screening.get_overall_display()
        if assessment.screening
        else "",
        "overall_reason": assessment.overall_reason,
        "differs": assessment.differs,
        "factors": [
            {
                "label": FACTOR_LABELS.get(key, key),
                "screened": OUTCOME_LABELS.get(screened.get(key, {}).get("outcome"), "–"),
                "agrees": factor["agrees"],
                "outcome": OUTCOME_LABELS.get(factor["outcome"], factor["outcome"]),
                "reason": factor["reason"],
            }
            for key, factor in assessment.factors.items()
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
            ("Submitted", day_and_time(offer.submitted_at)),
            ("How it arrived", offer.get_source_display()),
            ("Status", offer.get_status_display()),
            ("Organisation", offer.organisation_name or NOT_GIVEN),
            ("Contact", contact or NOT_GIVEN),
            ("Contact email", offer.contact_email or NOT_GIVEN),
        ],
        "sections": answer_sections(offer),
        "screening": screening_summary(screening.result if screening else None),
        "assessment": assessment_summary(
            Assessment.objects.filter(offer=offer)
            .select_related("screening", "assessed_by")
            .first()
        ),
        "attachments": attachment_rows(offer.attachments.all()),
    }


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def render_offer_summary_pdf(offer) -> bytes:
    """The offer's summary as PDF bytes."""
    return render_html_pdf(render_to_string(TEMPLATE, offer_summary_context(offer)))
