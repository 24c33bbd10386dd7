"""Uploading plans to a draft: the type read from the content, the size and
number limits, storage, and removing a file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eoi.offers import uploads
from eoi.models import Attachment, OfferDraft
from tests.eoi.journey_answers import answer_all

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32
NONE_YET = uploads.FilesHeld(count=0, removable=0, sent=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files go to a temporary folder, through the default storage."""
    settings.MEDIA_ROOT = str(tmp_path)


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (PDF, "site-plan.pdf", "application/pdf"),
        (PNG, "floor-plan.png", "image/png"),
        (JPEG, "photo.jpg", "image/jpeg"),
        (PNG, "misnamed.pdf", "image/png"),  # the content decides, not the name
        (PDF, "no-extension", "application/pdf"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted_by_their_content(content, name, expected):
    assert uploads.upload_check(upload(name, content, "text/plain"), held=NONE_YET) == expected


@pytest.mark.parametrize(
    "content, name",
    [
        (EXE, "plan.pdf"),
        (b"<html><script>alert(1)</script>", "plan.png"),
        (b"PK\x03\x04 a zip", "plan.jpg"),
        (b"%PD", "short.pdf"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(content, name):
    with pytest.raises(ValidationError) as refused:
        uploads.upload_check(upload(name, content, "application/pdf"), held=NONE_YET)
    assert refused.value.code == "wrong_type"
    assert refused.value.messages == ["The selected file must be a PDF, PNG or JPEG"]


def test_an_oversized_file_is_refused(settings):
    settings.EOI_MAX_UPLOAD_BYTES = 1024 * 1024
    big = upload("big.pdf", PDF + b"\x00" * (1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        uploads.upload_check(big, held=NONE_YET)

    assert refused.value.code == "too_large"
    assert refused.value.messages == ["The selected file must be smaller than 1 MB"]


def test_the_size_limit_is_ten_megabytes_by_default(settings):
    assert settings.EOI_MAX_UPLOAD_BYTES == 10 * 1024 * 1024


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.upload_check(upload("empty.pdf", b""), held=NONE_YET)
    assert refused.value.code == "empty"


def test_an_eleventh_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.upload_check(
            upload("plan.pdf", PDF),
            held=uploads.FilesHeld(count=10, removable=10, sent=False),
        )
    assert refused.value.code == "too_many"


# Through the attachments step ----------------------------------------------


@pytest.fixture
def started(client, strategy_data):
    client.post(reverse("eoi:start"))
    return client


ATTACHMENTS_URL = reverse("eoi:step", args=["attachments"])


def post_file(client, name, content, *, kind="site_plan", button="upload"):
    return client.post(
        ATTACHMENTS_URL,
        {"kind": kind, "file": upload(name, content), "notes": "", button: ""},
    )


def test_an_upload_is_stored_through_the_storage_api_and_listed(started):
    response = post_file(started, "site-plan.pdf", PDF)

    assert response.status_code == 302
    assert response.url == ATTACHMENTS_URL
    attachment = Attachment.objects.get()
    draft = OfferDraft.objects.get(pk=started.session["eoi_draft"])
    assert attachment.draft == draft
    assert attachment.offer is None
    assert attachment.original_name == "site-plan.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert "site-plan" not in attachment.file.name  # a random name on disk
    assert default_storage.exists(attachment.file.name)
    page = started.get(ATTACHMENTS_URL).content.decode()
    assert "site-plan.pdf" in page
    assert 'Remove<span class="govuk-visually-hidden"> site-plan.pdf</span>' in page


def test_a_renamed_program_is_refused_on_the_page(started):
    response = post_file(started, "plan.pdf", EXE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The selected file must be a PDF, PNG or JPEG" in page
    assert 'href="#id_file"' in page
    assert Attachment.objects.count() == 0


def test_a_file_needs_to_say_what_it_is(started):
    response = post_file(started, "plan.pdf", PDF, kind="")

    assert "Select what the file is" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_too_many_files_are_refused_on_the_page(started):
    for number in range(uploads.MAX_FILES_PER_OFFER):
        assert post_file(started, f"plan-{number}.pdf", PDF).status_code == 302

    response = post_file(started, "one-too-many.pdf", PDF)

    assert response.status_code == 200
    assert "You can upload up to 10 files" in response.content.decode()
    assert Attachment.objects.count() == 10


def test_continue_with_a_chosen_file_uploads_it_and_moves_on(started):
    response = post_file(started, "floor.png", PNG, kind="floor_plan", button="continue")

    assert response.status_code == 302
    assert Attachment.objects.get().kind == "floor_plan"


def test_a_removed_file_is_gone(started, django_capture_on_commit_callbacks):
    post_file(started, "site-plan.pdf", PDF)
    attachment = Attachment.objects.get()
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = started.post(reverse("eoi:attachment-remove", args=[attachment.pk]))

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(name)
    assert "site-plan.pdf has been removed" in started.get(ATTACHMENTS_URL).content.decode()


def test_another_drafts_file_cannot_be_removed(started):
    post_file(started, "site-plan.pdf", PDF)
    attachment = Attachment.objects.get()
    other = Client()
    other.post(reverse("eoi:start"))

    response = other.post(reverse("eoi:attachment-remove", args=[attachment.pk]))

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_removing_needs_a_post(started):
    post_file(started, "site-plan.pdf", PDF)
    attachment = Attachment.objects.get()

    response = started.get(reverse("eoi:attachment-remove", args=[attachment.pk]))

    assert response.status_code == 405
    assert Attachment.objects.exists()


def test_sending_the_offer_moves_the_files_to_it(started):
    post_file(started, "site-plan.pdf", PDF)
    answer_all(started, "accommodation")
    started.post(reverse("eoi:check-answers"))

    attachment = Attachment.objects.get()
    assert attachment.offer is not None
    assert attachment.offer.reference.startswith("EOI-")
