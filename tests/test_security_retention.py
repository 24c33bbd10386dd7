"""Retention removes a provider's personal data from every table (finding 4):
an offer sent through the journey, a draft with its emailed link, both aged
past their periods, then every text column of every model searched."""

import datetime

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email, Log

from eoi import retention
from eoi.triage import services as triage
from eoi.models import Offer, OfferDraft, StatusChange
from eoi.roles import COMMISSIONERS
from tests.eoi.factories import staff
from tests.eoi.journey_answers import answer_all

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = (
    "Zebedee Quillfeather",
    "zebedee.q@provider.example",
    "0116 496 0777",
)
DRAFT_EMAIL = "zebedee.drafts@provider.example"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def every_text_value():
    """(model, column, value) for every text value in the database."""
    for model in apps.get_models():
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        for row in model._default_manager.values_list(*columns):
            for column, value in zip(columns, row):
                if value:
                    yield model._meta.label, column, str(value)


def where(needle):
    return sorted(
        {
            (label, column)
            for label, column, value in every_text_value()
            if needle.lower() in value.lower()
        }
    )


@pytest.fixture
def sent_and_saved(strategy_data, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    provider = Client()
    provider.post(reverse("eoi:start"))
    answer_all(provider, "accommodation")
    contact = reverse("eoi:step", args=["contact"])
    provider.post(
        contact,
        {
            "name": NAME,
            "email": EMAIL,
            "phone": PHONE,
            "role": f"Director ({NAME})",
            "continue": "",
        },
    )
    attachments = reverse("eoi:step", args=["attachments"])
    provider.post(
        attachments,
        {
            "kind": "site_plan",
            "file": SimpleUploadedFile(f"{NAME}.pdf", PDF),
            "upload": "",
            "notes": f"Ask {NAME} on {PHONE}",
        },
    )
    provider.post(reverse("eoi:save"), {"email": EMAIL})  # a link back to the draft
    assert provider.post(reverse("eoi:check-answers")).status_code == 302
    offer = Offer.objects.get()
    commissioner = staff("chris", COMMISSIONERS)
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    triage.information_request(offer=offer, question="Who owns the site?", actor=commissioner)
    triage.information_answer(offer=offer, answer=f"{NAME}'s trust, call {PHONE}")
    triage.offer_transition(offer=offer, name="withdraw", actor=commissioner)

    # Another draft, never sent, whose link went to another address.
    other = Client()
    other.post(reverse("eoi:start"))
    other.post(
        reverse("eoi:step", args=["organisation"]),
        {
            "name": "Quillfeather Homes",
            "type": "registered_provider",
            "cqc_registered": "no",
            "continue": "",
        },
    )
    other.post(reverse("eoi:save"), {"email": DRAFT_EMAIL})
    return offer


def age_everything(days):
    then = timezone.now() - datetime.timedelta(days=days)
    StatusChange.objects.update(at=then)
    OfferDraft.objects.update(updated_at=then)
    Email.objects.update(created=then, last_updated=then)
    Log.objects.update(date=then)


def test_before_retention_the_data_is_everywhere(sent_and_saved):
    # The search works: it finds the provider in the places the finding named.
    assert ("post_office.Email", "to") in where(EMAIL)
    assert any(label == "post_office.Email" for label, _ in where(NAME))
    assert where(DRAFT_EMAIL)


def test_after_retention_no_table_holds_the_providers_name_email_or_phone(
    sent_and_saved,
):
    age_everything(days=800)

    retention.retention_apply()

    for needle in (NAME, EMAIL, PHONE, DRAFT_EMAIL):
        assert where(needle) == [], needle
    offer = Offer.objects.get()
    assert offer.organisation_name  # the market's record is kept
    assert offer.status_changes.exists()


def test_a_dry_run_removes_nothing(sent_and_saved):
    age_everything(days=800)

    retention.retention_apply(dry_run=True)

    assert where(EMAIL)


def test_the_privacy_notice_says_emails_are_deleted_too(client):
    page = client.get(reverse("privacy")).content.decode()

    assert "delete every email we sent you or our team about the offer" in page
    assert "link back to a draft are deleted" in page
