"""Retention reaches every place a provider's details can reach (issue 23).

One name, phone number and email address, found nowhere else, are planted
through the real pages and services in every free-text path: the offer's
answers, a change the provider made, a file's name and content, a withdrawal,
a message about a change, an answer to a question (with a file), staff's
correction of the contact's name, their assessment and their notes, a sign-in
request, a second draft with its emailed link, a question about an
opportunity with its answer, and every kind of email. The
clock is then moved past the retention period and the nightly command run:
no column of any table, no session and no stored file holds any of them.
What the council keeps (the offer's facts, who on the staff did what when,
the decisions) is still there.
"""

import datetime
import re
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eoi.alerts.sending import alerts_send
from eoi.models import (
    AlertSubscription,
    AnswerCorrection,
    Assessment,
    Offer,
    Opportunity,
    OpportunityQuestion,
    OutboxEmail,
    StatusChange,
)
from eoi.opportunities.questions import question_answer
from eoi.offers.links import status_token
from eoi.roles import COMMISSIONERS
from eoi.triage import chasers
from eoi.triage import services as triage
from eoi.triage.statuses import Status
from eoi.triage.timescales import reminder_due_on
from tests.eoi.factories import staff
from tests.eoi.journey_answers import CONTACT, answer_all
from tests.eoi.opportunities.helpers import published_opportunity
from tests.support.personal_data import everywhere, places_holding
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quixworth"
SURNAME = "Quixworth"
PHONE = "07700 900123"
EMAIL = "zq-planted@example.org"
NEEDLES = (NAME, SURNAME, PHONE, EMAIL, "zq-planted")
ALL_OF_THEM = f"{NAME}, {PHONE}, {EMAIL}"
SIGN_IN_LINK = re.compile(re.escape(settings.PORTAL_BASE_URL) + r"(/your-offers/sign-in/[^/\s]+/)")


def pdf_naming_them() -> bytes:
    return b"%PDF-1.4\n% " + ALL_OF_THEM.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_naming_them(), content_type="application/pdf")


def step(slug: str) -> str:
    return reverse("eoi:step", args=[slug])


def post_file(client, name: str, *, returning: bool = False):
    url = step("attachments") + ("?return=check" if returning else "")
    response = client.post(
        url,
        {
            "kind": "site_plan",
            "file": upload(name),
            "notes": f"Ask for {ALL_OF_THEM}",
            "upload": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def commissioner():
    user = staff("chris", COMMISSIONERS)
    user.email = "chris@council.example"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def planted(strategy_data, settings, tmp_path, commissioner):
    """The planted details, everywhere the portal lets them go; the offer,
    withdrawn by the provider."""
    settings.MEDIA_ROOT = str(tmp_path)
    provider = Client()

    # The offer's answers, a file and the link back to the draft.
    provider.post(reverse("eoi:start"))
    answer_all(provider, "accommodation")
    contact = {**CONTACT, "email": EMAIL, "role": f"Assistant to {NAME}"}
    assert provider.post(step("contact"), {**contact, "continue": ""}).status_code == 302
    post_file(provider, f"{NAME} site plan.pdf")
    after_commit(provider.post, reverse("eoi:save"), {"email": EMAIL})
    response = after_commit(provider.post, reverse("eoi:check-answers"))
    assert response.status_code == 302
    offer = Offer.objects.get()

    # Signed in to Your offers by an emailed link.
    after_commit(provider.post, reverse("your_offers:start"), {"email": EMAIL})
    provider.post(SIGN_IN_LINK.search(mail.outbox[-1].body).group(1))

    # A change before triage: the contact's name and phone, and another file.
    response = provider.post(reverse("your_offers:change", args=[offer.reference]))
    assert response.url == reverse("eoi:check-answers")
    changed = {**contact, "name": NAME, "phone": PHONE, "continue": ""}
    assert provider.post(step("contact") + "?return=check", changed).status_code == 302
    post_file(provider, f"{NAME} floor plan.pdf", returning=True)
    assert after_commit(provider.post, reverse("eoi:check-answers")).status_code == 302
    change = StatusChange.objects.get(reason_code="provider_change")
    assert f"A. Person → {NAME}" in change.reason and PHONE in change.reason

    # Staff at work: triage, a digest, notes, corrections and an assessment.
    staff_client = Client()
    staff_client.force_login(commissioner)
    triage.offer_assign(offer=offer, actor=commissioner, to_user=commissioner)
    after_commit(triage.offer_transition, offer=offer, name="start_triage", actor=commissioner)
    offer.refresh_from_db()
    assert after_commit(chasers.commissioner_digests_send, today=offer.due_on) == 1
    triage.offer_note_add(offer=offer, author=commissioner, text=f"Rang {ALL_OF_THEM}: keen")
    for path, value in (("contact.name", "Zeb Quixworth"), ("scheme.units", "14")):
        response = staff_client.post(
            reverse("admin:eoi_offer_correct", args=[offer.pk, path]),
            {
                "value": value,
                "reason": f"{NAME} phoned from {PHONE} ({EMAIL})",
                # The version the page was shown at (a stale page is refused).
                "offer_version": Offer.objects.get(pk=offer.pk).version,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    factors = Offer.objects.get().screenings.first().result["factors"]
    key, factor = next(iter(factors.items()))
    other = "concern" if factor["outcome"] != "concern" else "meets"
    form = {f"{k}_agrees": "agree" for k in factors}
    form.update(
        {
            f"{key}_agrees": "different",
            f"{key}_outcome": other,
            f"{key}_reason": f"Seen on site with {ALL_OF_THEM}",
            "overall": "review",
            "overall_reason": f"{NAME} could not say who pays ({PHONE})",
            "offer_version": Offer.objects.get(pk=offer.pk).version,
        }
    )
    response = staff_client.post(reverse("admin:eoi_offer_assessment", args=[offer.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    # The provider tells us of a change, is asked, reminded, and answers.
    response = after_commit(
        provider.post,
        reverse("your_offers:tell-us", args=[offer.reference]),
        {"text": f"Our new contact is {ALL_OF_THEM}"},
    )
    assert response.status_code == 302
    after_commit(
        triage.information_request,
        offer=offer,
        question="Who owns the site?",
        actor=commissioner,
    )
    assert (
        after_commit(
            chasers.information_reminders_send,
            today=reminder_due_on(timezone.localdate()),
        )
        == 1
    )
    response = after_commit(
        provider.post,
        reverse("eoi:status", args=[status_token(offer)]),
        {
            "answer": f"{NAME}'s trust: call {PHONE}",
            "file": upload(f"{NAME} deeds.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # The provider withdraws, then starts on another site and saves it.
    response = after_commit(
        provider.post,
        reverse("your_offers:withdraw", args=[offer.reference]),
        {"reason": f"{NAME} has retired; ring {PHONE}"},
    )
    assert response.status_code == 302
    provider.post(reverse("your_offers:another-site", args=[offer.reference]))
    after_commit(provider.post, reverse("eoi:save"), {"email": EMAIL})
    alerts_planted()

    # A question about an opportunity, asked on its page and answered.
    opportunity = published_opportunity(by=commissioner)
    response = after_commit(
        provider.post,
        reverse("opportunities:ask", args=[opportunity.slug]),
        {"email": EMAIL, "question": f"Ask {ALL_OF_THEM}: is parking needed?"},
    )
    assert response.status_code == 302
    after_commit(
        question_answer,
        question=OpportunityQuestion.objects.get(opportunity=opportunity),
        answer="No.",
        actor=commissioner,
    )

    offer.refresh_from_db()
    assert offer.status == Status.WITHDRAWN
    return offer


def alerts_planted():
    """Email alerts to the address: asked for, confirmed, every kind sent,
    asked for again (the link to change them), stopped by one click, then
    asked for once more and left unconfirmed."""
    alerts = Client()
    after_commit(alerts.post, reverse("alerts:subscribe"), {"email": EMAIL, "monthly_digest": "on"})
    confirm = re.search(
        re.escape(settings.PORTAL_BASE_URL) + r"(/alerts/confirm/\S+/)", mail.outbox[-1].body
    )
    after_commit(alerts.post, confirm[1])
    subscription = AlertSubscription.objects.get(email=EMAIL)
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=subscription.confirmed_at - datetime.timedelta(days=1),
        still_to_find_told={**subscription.still_to_find_told, "older_people": -1},
    )
    first_of_march = datetime.date(2027, 3, 1)  # a working day, the first of its month
    day = datetime.timedelta(days=1)
    dates = {"opens_on": first_of_march - 60 * day, "questions_close_on": None}
    published_opportunity(slug="new", responses_close_on=first_of_march + 30 * day, **dates)
    closing = published_opportunity(
        slug="closing", responses_close_on=first_of_march + day, **dates
    )
    Opportunity.objects.filter(pk=closing.pk).update(published_at=timezone.now() - 10 * day)
    OpportunityQuestion.objects.create(
        opportunity=closing,
        question="Is parking needed?",
        published_question="Is parking needed?",
        answer="No.",
        published_at=timezone.now(),
    )
    assert after_commit(alerts_send, today=first_of_march) == 4
    after_commit(alerts.post, reverse("alerts:subscribe"), {"email": EMAIL})
    unsubscribe = re.search(
        r"<\S+(/alerts/unsubscribe/\S+/)>", mail.outbox[-2].extra_headers["List-Unsubscribe"]
    )
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe[1],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    # Asked for again, and never confirmed: the address waits in a row of its own.
    after_commit(alerts.post, reverse("alerts:subscribe"), {"email": EMAIL})
    assert not AlertSubscription.objects.get(email=EMAIL).is_confirmed


def test_the_planted_details_reach_every_path_before_retention(planted):
    found = places_holding(NEEDLES, everywhere())
    places = {where.split(" ")[0] if " " in where else where for where, _ in found}

    # Every kind of email went out and is in the outbox, but the reminder to
    # update an accepted offer's milestones: retention never touches an
    # accepted offer (eoi.retention), and this one was withdrawn.
    accepted_only = {OutboxEmail.Kind.MILESTONE_REMINDER}
    assert set(OutboxEmail.objects.values_list("kind", flat=True)) == (
        set(OutboxEmail.Kind.values) - accepted_only
    )
    for place in (
        "eoi_offer.contact_name",
        "eoi_offer.notes",
        "eoi_historicaloffer.contact_phone",
        "eoi_statuschange.reason",
        "eoi_providermessage.text",
        "eoi_informationrequest.answer",
        "eoi_answercorrection.old_value",
        "eoi_answercorrection.reason",
        "eoi_assessment.factors",
        "eoi_assessment.overall_reason",
        "eoi_historicalassessment.overall_reason",
        "eoi_offernote.text",
        "eoi_attachment.original_name",
        "eoi_offerdraft.answers",
        "eoi_providersignin.email",
        "eoi_alertsubscription.email",
        "eoi_opportunityquestion.email",
        "eoi_opportunityquestion.question",
        "eoi_historicalopportunityquestion.question",
        "post_office_email.to",
        "post_office_email.message",
        "post_office_email.html_message",
        "session",
        "file",
    ):
        assert place in places, place


def test_after_retention_no_table_session_or_file_holds_them(
    planted, commissioner, django_capture_on_commit_callbacks
):
    offer = planted
    history = list(offer.status_changes.values_list("from_status", "to_status", "actor", "at"))
    later = timezone.now() + datetime.timedelta(days=settings.EOI_RETENTION_DECIDED_DAYS + 1)

    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("apply_retention", stdout=StringIO())

    left = places_holding(NEEDLES, everywhere())
    assert not left, "\n".join(f"{where}: {needle}" for where, needle in left)
    # What the council keeps: the offer's facts, and who did what when.
    offer.refresh_from_db()
    assert offer.organisation_name == "Example Housing Association"
    assert (offer.scheme_name, offer.scheme_units) == ("Example Court", 14)
    assert offer.status == Status.WITHDRAWN
    assert history == list(
        offer.status_changes.values_list("from_status", "to_status", "actor", "at")
    )
    assert offer.status_changes.filter(actor=commissioner).exists()
    assert offer.information_requests.get().question == "Who owns the site?"
    units = AnswerCorrection.objects.get(path="scheme.units")
    assert (units.old_value, units.new_value, units.corrected_by) == (
        "12",
        "14",
        commissioner,
    )
    assessment = Assessment.objects.get(offer=offer)
    assert (assessment.overall, assessment.differs) == ("review", True)
    assert assessment.assessed_by == commissioner
    assert offer.screenings.exists()
