"""The file limit is the offer's (issue 23): its own files, those on drafts of
changes to it and those sent with answers to the council's questions count
together against one limit, with a message by the field and in the error
summary once it is reached."""

import dataclasses
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eoi.models import Attachment, Offer
from eoi.offers import uploads
from eoi.offers.links import status_token
from eoi.roles import COMMISSIONERS
from eoi.triage import services as triage
from tests.eoi.factories import staff
from tests.eoi.journey_answers import CONTACT, answer_all
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db

LIMIT = uploads.MAX_FILES_PER_OFFER
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ATTACHMENTS = reverse("eoi:step", args=["attachments"])
SIGN_IN_LINK = re.compile(re.escape(settings.PORTAL_BASE_URL) + r"(/your-offers/sign-in/[^/\s]+/)")
FULL = f"Your offer already has {LIMIT} files, the most an offer can have"


@pytest.fixture(autouse=True)
def media(settings, tmp_path, strategy_data):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def upload(client, name, *, returning=False):
    url = ATTACHMENTS + ("?return=check" if returning else "")
    return client.post(url, {"kind": "site_plan", "file": pdf(name), "notes": "", "upload": ""})


def sent_with_files(count: int) -> tuple[Client, Offer]:
    """A provider who sent an offer with ``count`` files and signed in to
    Your offers."""
    provider = Client()
    provider.post(reverse("eoi:start"))
    answer_all(provider, "accommodation")
    for number in range(count):
        assert upload(provider, f"plan-{number}.pdf").status_code == 302
    after_commit(provider.post, reverse("eoi:check-answers"))
    after_commit(provider.post, reverse("your_offers:start"), {"email": CONTACT["email"]})
    provider.post(SIGN_IN_LINK.search(mail.outbox[-1].body).group(1))
    offer = Offer.objects.get()
    assert offer.attachments.count() == count
    return provider, offer


def change_with_files(provider, offer, count: int, *, send=True):
    provider.post(reverse("your_offers:change", args=[offer.reference]))
    responses = [
        upload(provider, f"change-{number}.pdf", returning=True) for number in range(count)
    ]
    if send:
        after_commit(provider.post, reverse("eoi:check-answers"))
    return responses


def assert_full_message(response, message):
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert page.count(message) == 2  # by the field and in the error summary
    assert 'href="#id_file"' in page


def test_a_second_change_cannot_take_an_offer_past_the_limit():
    provider, offer = sent_with_files(LIMIT - 4)
    first = change_with_files(provider, offer, 4)
    assert [response.status_code for response in first] == [302] * 4
    assert offer.attachments.count() == LIMIT

    (refused,) = change_with_files(provider, offer, 1, send=False)

    assert_full_message(refused, FULL)
    assert Attachment.objects.count() == LIMIT


def test_a_change_counts_the_offers_files_with_its_own():
    provider, offer = sent_with_files(LIMIT - 2)

    responses = change_with_files(provider, offer, 3, send=False)

    assert [response.status_code for response in responses[:2]] == [302, 302]
    # The change's own files can be removed to make room.
    assert_full_message(responses[2], FULL + ". Remove a file from this change")
    assert Attachment.objects.count() == LIMIT


def test_an_answer_cannot_take_an_offer_past_the_limit():
    # Files on the offer and on a change never sent make the limit together.
    provider, offer = sent_with_files(LIMIT - 2)
    change_with_files(provider, offer, 2, send=False)
    commissioner = staff("chris", COMMISSIONERS)
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    triage.information_request(offer=offer, question="Send the title plan", actor=commissioner)

    response = provider.post(
        reverse("eoi:status", args=[status_token(offer)]),
        {"answer": "Attached", "file": pdf("title.pdf")},
    )

    assert_full_message(response, FULL)
    assert Attachment.objects.count() == LIMIT
    offer.refresh_from_db()
    assert offer.information_requests.get().answer == ""  # nothing was taken


def test_storing_is_refused_at_the_limit_whoever_counted_before():
    """The count again where the file is stored, under the offer's lock: an
    answer's form may have counted before another file was stored."""
    _provider, offer = sent_with_files(LIMIT)

    with pytest.raises(ValidationError) as refused:
        uploads.attachment_store(
            offer=offer,
            upload=pdf("late.pdf"),
            kind=Attachment.Kind.OTHER,
            content_type="application/pdf",
        )

    assert refused.value.code == "too_many"
    assert offer.attachments.count() == LIMIT


def test_an_answer_counted_before_the_tenth_file_is_refused_and_not_taken(
    monkeypatch,
):
    provider, offer = sent_with_files(LIMIT)
    commissioner = staff("chris", COMMISSIONERS)
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    triage.information_request(offer=offer, question="Any more?", actor=commissioner)
    # The form read the count (9) before another file was stored.
    from eoi.offers.forms import status as form_module

    real_check = form_module.uploads.upload_check
    monkeypatch.setattr(
        form_module.uploads,
        "upload_check",
        lambda upload, held: real_check(
            upload, held=dataclasses.replace(held, count=held.count - 1)
        ),
    )

    response = provider.post(
        reverse("eoi:status", args=[status_token(offer)]),
        {"answer": "Attached", "file": pdf("late.pdf")},
    )

    assert_full_message(response, FULL)
    assert Attachment.objects.count() == LIMIT
    offer.refresh_from_db()
    assert offer.status == "information_requested"  # the answer was not taken
    assert offer.information_requests.get().answer == ""
