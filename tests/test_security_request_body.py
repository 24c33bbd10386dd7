"""The whole request body capped in the app (issue 23, finding 2): each file
was capped, but one POST with seven 9.5 MB parts was accepted and 65 MB
spooled to disk. A body over ``settings.MAX_REQUEST_BODY_BYTES`` now gets the
"too large" page (413) before any of it is read; a body without a length, or
longer than its length says, is never read past that length."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from eoi.models import Attachment
from tests.test_error_pages import assert_branded

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ATTACHMENTS = reverse("eoi:step", args=["attachments"])
FILE_LIMIT = 100_000
BODY_LIMIT = 300_000
TOO_LARGE = "The file you sent is too large"


@pytest.fixture
def started(client, strategy_data, settings, tmp_path):
    """A draft started, files stored under a temporary folder, the limits
    scaled down (a file 100 kB, a request 300 kB) as the real ones are
    (10 MB and 11 MB)."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EOI_MAX_UPLOAD_BYTES = FILE_LIMIT
    settings.MAX_REQUEST_BODY_BYTES = BODY_LIMIT
    client.post(reverse("eoi:start"))
    return client


@pytest.fixture
def spooled(monkeypatch):
    """The bytes Django's own upload handlers were given to keep."""
    kept = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            kept.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return kept


class CountingInput(io.BytesIO):
    """wsgi.input that counts what the app reads of it."""

    read_so_far = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_so_far += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.read_so_far += len(data)
        return data


def seven_parts() -> bytes:
    """The attack's POST, scaled: seven parts each just under a file's limit."""
    files = [
        SimpleUploadedFile(f"part-{n}.pdf", PDF + b"0" * (FILE_LIMIT - 1_000)) for n in range(7)
    ]
    return encode_multipart(BOUNDARY, {"kind": "site_plan", "upload": "", "file": files})


def test_the_request_limit_is_a_file_and_a_margin_by_default():
    from django.conf import settings

    assert settings.MAX_REQUEST_BODY_BYTES == settings.EOI_MAX_UPLOAD_BYTES + 1024 * 1024
    assert settings.MAX_REQUEST_BODY_BYTES == 11 * 1024 * 1024  # nginx's 11m


def test_a_post_over_the_limit_gets_413_and_the_branded_page_and_nothing_is_kept(started, spooled):
    body = seven_parts()
    assert len(body) > BODY_LIMIT
    stream = CountingInput(body)

    response = started.generic(
        "POST",
        ATTACHMENTS,
        body,
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": stream},
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert_branded(page, TOO_LARGE)
    assert "Each file must be smaller than" in page
    assert stream.read_so_far == 0
    assert spooled == []
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    "declared",
    [
        pytest.param("", id="no length (chunked)"),
        pytest.param("1000", id="a length shorter than the body"),
        pytest.param("banana", id="a length that is not a number"),
    ],
)
def test_a_body_is_never_read_past_its_declared_length(started, spooled, declared):
    body = seven_parts()
    stream = CountingInput(body)

    response = started.generic(
        "POST",
        ATTACHMENTS,
        body,
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": stream, "CONTENT_LENGTH": declared},
    )

    assert response.status_code < 500
    assert stream.read_so_far <= (int(declared) if declared.isdigit() else 0)
    assert sum(spooled) <= BODY_LIMIT
    assert Attachment.objects.count() == 0


def test_a_file_at_its_limit_is_still_uploaded(started):
    response = started.post(
        ATTACHMENTS,
        {
            "kind": "site_plan",
            "upload": "",
            "file": SimpleUploadedFile("plan.pdf", PDF + b"0" * (FILE_LIMIT - len(PDF))),
        },
    )

    assert response.status_code == 302
    assert Attachment.objects.get().size == FILE_LIMIT


def test_a_file_over_its_limit_but_under_the_request_limit_gets_the_form_error(
    started,
):
    response = started.post(
        ATTACHMENTS,
        {
            "kind": "site_plan",
            "upload": "",
            "file": SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * FILE_LIMIT)),
        },
    )

    assert response.status_code == 200
    assert "The selected file must be smaller than" in response.content.decode()
    assert Attachment.objects.count() == 0
