"""Published opportunities as open data: a JSON release package in the Open
Contracting Data Standard (OCDS 1.1), and a CSV of one row per opportunity.

OCDS fields are used where they fit: ``tender`` (title, description,
status, procurement method, items, tender and enquiry periods, documents) and,
for soft market testing, ``planning`` as well. Published questions and
answers are ``tender.enquiries``, from OCDS's Enquiries extension (never who
asked). What OCDS has no field for is
an extension field starting ``x_`` (homes sought, wards). The fields are
documented on the opportunities' page (templates/eoi/opportunities/list.html).
Drafts are never included.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from leicester_sl.documents.spreadsheets import csv_writer

from eoi.models import Opportunity

BUYER = {"id": "GB-LAE-LCE", "name": "Leicester City Council"}
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Demand lines as an item classification of this portal's own.
DEMAND_LINE_SCHEME = "x_LeicesterDemandLine"
# The OCDS extension the questions and answers use (tender.enquiries).
ENQUIRY_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_enquiry_extension/master/extension.json"
)
# OCDS tender status by where the opportunity stands.
TENDER_STATUS = {"forthcoming": "planned", "open": "active", "closed": "complete"}
CSV_COLUMNS = (
    "ocid",
    "title",
    "summary",
    "status",
    "route",
    "reopens_framework",
    "homes_sought",
    "demand_lines",
    "where",
    "opens_on",
    "questions_close_on",
    "responses_close_on",
    "procurement_portal",
    "procurement_url",
    "procurement_reference",
    "url",
)


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _at(day: datetime.date | None, time: datetime.time) -> str | None:
    """A day as an OCDS date-time, at ``time`` in Leicester."""
    if day is None:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, time, tzinfo=zone).isoformat()


def ocid(opportunity: Opportunity) -> str:
    return f"{settings.OCDS_OCID_PREFIX}-{opportunity.pk}"


def _where(opportunity: Opportunity) -> list[str]:
    return [ward.name for ward in opportunity.wards.all()]


def _items(opportunity: Opportunity) -> list[dict]:
    lines = list(opportunity.demand_lines.all())
    items = []
    for line in lines:
        item = {
            "id": str(line.pk),
            "description": line.name_for_providers,
            "classification": {
                "scheme": DEMAND_LINE_SCHEME,
                "id": str(line.pk),
                "description": line.name_for_providers,
            },
        }
        if len(lines) == 1 and opportunity.units:
            item["quantity"] = opportunity.units
            item["unit"] = {"name": "homes"}
        items.append(item)
    return items


def _documents(opportunity: Opportunity) -> list[dict]:
    documents = [
        {
            "id": "notice",
            "documentType": "tenderNotice",
            "title": opportunity.title,
            "url": _absolute(opportunity.get_absolute_url()),
            "format": "text/html",
            "language": "en",
        }
    ]
    if opportunity.route == Opportunity.Route.FORMAL_TENDER and opportunity.portal_url:
        documents.append(
            {
                "id": "procurement-portal",
                "documentType": "tenderNotice",
                "title": f"{opportunity.title} on {opportunity.portal_name}",
                "url": opportunity.portal_url,
                "format": "text/html",
            }
        )
    for document in opportunity.documents.all():
        documents.append(
            {
                "id": str(document.pk),
                "title": document.title,
                "url": _absolute(
                    reverse("opportunities:document", args=[opportunity.slug, document.pk])
                ),
                "format": document.content_type,
                "datePublished": document.uploaded_at.isoformat(timespec="seconds"),
            }
        )
    return documents


def _published_questions(opportunity: Opportunity) -> list:
    # Read with the opportunity by the selectors; else read here.
    published = getattr(opportunity, "published_questions", None)
    if published is None:
        published = list(
            opportunity.questions.filter(published_at__isnull=False).order_by("published_at", "pk")
        )
    return published


def _enquiries(published) -> list[dict]:
    """Published questions with their answers, as OCDS enquiries: the words
    staff published, never who asked."""
    return [
        {
            "id": str(question.pk),
            "date": question.asked_at.isoformat(timespec="seconds"),
            "description": question.published_question,
            "answer": question.answer,
            "dateAnswered": question.answered_at.isoformat(timespec="seconds"),
        }
        for question in published
    ]


def release(opportunity: Opportunity, *, today: datetime.date) -> dict:
    """One opportunity as an OCDS release."""
    stage = opportunity.stage_on(today)
    published = _published_questions(opportunity)
    changed = max(
        [opportunity.closed_at or opportunity.published_at or opportunity.updated_at]
        + [question.published_at for question in published]
    )
    tender = {
        "id": opportunity.slug,
        "title": opportunity.title,
        "description": f"{opportunity.summary}\n\n{opportunity.description}",
        "status": TENDER_STATUS[stage],
        "procurementMethodDetails": opportunity.get_route_display(),
        "mainProcurementCategory": "services",
        "items": _items(opportunity),
        "tenderPeriod": {
            "startDate": _at(opportunity.opens_on, datetime.time(0, 0)),
            "endDate": _at(opportunity.responses_close_on, datetime.time(23, 59, 59)),
        },
        "documents": _documents(opportunity),
        "x_homesSought": opportunity.units,
        "x_anywhereInCity": opportunity.anywhere_in_city,
        "x_wards": _where(opportunity),
        "hasEnquiries": bool(published),
        "enquiries": _enquiries(published),
    }
    if opportunity.route != Opportunity.Route.SOFT_MARKET_TESTING:
        tender["procurementMethod"] = "open"
    if opportunity.questions_close_on:
        tender["enquiryPeriod"] = {
            "endDate": _at(opportunity.questions_close_on, datetime.time(23, 59, 59))
        }
    if opportunity.route == Opportunity.Route.FORMAL_TENDER:
        tender["submissionMethod"] = ["electronicSubmission"]
        tender["submissionMethodDetails"] = (
            f"{opportunity.portal_name}, reference {opportunity.portal_reference}: "
            f"{opportunity.portal_url}"
        )
    result = {
        "ocid": ocid(opportunity),
        "id": f"{ocid(opportunity)}-{changed:%Y%m%dT%H%M%S}",
        "date": changed.isoformat(timespec="seconds"),
        "tag": ["planning"]
        if opportunity.route == Opportunity.Route.SOFT_MARKET_TESTING
        else ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{**BUYER, "roles": ["buyer", "procuringEntity"]}],
        "buyer": BUYER,
        "tender": tender,
    }
    if opportunity.route == Opportunity.Route.SOFT_MARKET_TESTING:
        result["planning"] = {"rationale": opportunity.description}
    return result


def release_package(opportunities, *, today: datetime.date) -> dict:
    """The opportunities as an OCDS release package."""
    return {
        "uri": _absolute(reverse("opportunities_json")),
        "version": "1.1",
        "publishedDate": timezone.now().isoformat(timespec="seconds"),
        "publisher": {"name": BUYER["name"]},
        "license": LICENCE,
        "publicationPolicy": _absolute(reverse("opportunities:list")) + "#open-data",
        "extensions": [ENQUIRY_EXTENSION],
        "releases": [release(each, today=today) for each in opportunities],
    }


def opportunities_csv(opportunities, *, today: datetime.date) -> str:
    """One row per opportunity; cells that would start a formula are defused."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for each in opportunities:
        writer.writerow(
            (
                ocid(each),
                each.title,
                each.summary,
                each.stage_on(today),
                each.get_route_display(),
                "yes" if each.reopens_framework else "no",
                each.units,
                "; ".join(line.name_for_providers for line in each.demand_lines.all()),
                "Anywhere in the city" if each.anywhere_in_city else "; ".join(_where(each)),
                each.opens_on.isoformat(),
                each.questions_close_on.isoformat() if each.questions_close_on else "",
                each.responses_close_on.isoformat(),
                each.portal_name,
                each.portal_url,
                each.portal_reference,
                _absolute(each.get_absolute_url()),
            )
        )
    return buffer.getvalue()
