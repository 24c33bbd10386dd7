"""Requests an attacker shapes (finding 6): uploads over the limit stopped
while the body streams, the 10-file limit under the draft's lock, resume
links from PORTAL_BASE_URL only, NUL and malformed parameters, odd
transition URLs, and scripts/start's portal address."""

import dataclasses
import os
import subprocess
import threading
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from eoi.offers import uploads
from eoi.models import Attachment, OfferDraft
from eoi.roles import COMMISSIONERS
from tests.eoi.factories import staff, submitted_offer

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ATTACHMENTS = reverse("eoi:step", args=["attachments"])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def post_file(client, name, content):
    return client.post(
        ATTACHMENTS,
        {
            "kind": "site_plan",
            "file": SimpleUploadedFile(name, content, "application/pdf"),
            "upload": "",
        },
    )


# --------------------------------------------------------------------------
# Uploads
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_stopped_while_it_streams(
    client, strategy_data, media, settings, monkeypatch
):
    settings.EOI_MAX_UPLOAD_BYTES = 100_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # straight to a temporary file, as a big one would
    stored = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        stored.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    client.post(reverse("eoi:start"))

    response = post_file(client, "huge.pdf", PDF + b"0" * 2_000_000)

    assert response.status_code == 200
    assert "The selected file must be smaller than" in response.content.decode()
    assert sum(stored) <= settings.EOI_MAX_UPLOAD_BYTES + 64 * 1024  # at most one chunk over
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_a_file_at_the_limit_is_accepted(client, strategy_data, media, settings):
    settings.EOI_MAX_UPLOAD_BYTES = 100_000
    client.post(reverse("eoi:start"))
    content = PDF + b"0" * (100_000 - len(PDF))

    assert post_file(client, "exact.pdf", content).status_code == 302
    assert Attachment.objects.get().size == 100_000


@pytest.mark.django_db
def test_the_eleventh_file_is_refused_even_when_the_count_was_read_before_it(
    client, strategy_data, media, monkeypatch
):
    client.post(reverse("eoi:start"))
    for number in range(uploads.MAX_FILES_PER_OFFER):
        assert post_file(client, f"plan-{number}.pdf", PDF).status_code == 302
    # Another tab's upload read the count (9) before the tenth was stored.
    from eoi.offers.forms import attachments as form_module

    real_check = form_module.uploads.upload_check
    monkeypatch.setattr(
        form_module.uploads,
        "upload_check",
        lambda upload, held: real_check(
            upload, held=dataclasses.replace(held, count=held.count - 1)
        ),
    )

    response = post_file(client, "eleventh.pdf", PDF)

    assert response.status_code == 200
    assert "You can upload up to 10 files" in response.content.decode()
    assert Attachment.objects.count() == 10


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has no row locks; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_never_store_more_than_ten(strategy_data, media):
    first = Client()
    first.post(reverse("eoi:start"))
    for number in range(8):
        assert post_file(first, f"plan-{number}.pdf", PDF).status_code == 302
    session_cookie = first.cookies
    results, barrier = [], threading.Barrier(6)

    def upload(number):
        client = Client()
        client.cookies = session_cookie
        barrier.wait()
        results.append(post_file(client, f"racing-{number}.pdf", PDF).status_code)
        connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Attachment.objects.count() == 10
    assert sorted(results) == [200] * 4 + [302] * 2


# --------------------------------------------------------------------------
# Links in emails
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_emailed_resume_link_ignores_the_host_header(
    strategy_data, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["portal.example.org", "evil.example"]
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    client = Client(HTTP_HOST="evil.example")
    client.post(reverse("eoi:start"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eoi:save"), {"email": "a.person@example.org"})

    body = mail.outbox[0].body
    assert "https://portal.example.org/offer/resume/" in body
    assert "evil.example" not in body


def test_scripts_start_sets_the_portal_address_from_the_port():
    script = (ROOT / "scripts" / "start").read_text()
    line = next(
        line for line in script.splitlines() if "PORTAL_BASE_URL" in line and "export" in line
    )

    def run(env):
        return subprocess.run(
            ["bash", "-c", f"{line}; echo $PORTAL_BASE_URL"],
            env={"PATH": os.environ["PATH"], **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert run({"PORT": "8123"}) == "http://127.0.0.1:8123"
    assert run({}) == "http://127.0.0.1:8000"
    assert (
        run({"PORT": "8123", "PORTAL_BASE_URL": "https://portal.example.org"})
        == "https://portal.example.org"
    )


# --------------------------------------------------------------------------
# NUL and malformed parameters; odd transition URLs
# --------------------------------------------------------------------------


@pytest.fixture
def commissioner(client, strategy_data):
    client.force_login(staff("chris", COMMISSIONERS))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/eoi/offer/?scheme_ward=%00",
        "/admin/eoi/offer/?q=%00",
        "/admin/eoi/offer/export.csv?scheme_ward=%00",
        "/staff/dashboard/?version=%00",
        "/staff/dashboard/?version=abc",
        "/staff/dashboard/?version=99999999999999999999999",
        "/staff/dashboard.csv?version=%00",
        "/admin/strategy/demandline/?q=a%00b",
        "/offer/%00/",
    ],
)
def test_nul_and_malformed_parameters_never_give_500(commissioner, url):
    submitted_offer()

    response = commissioner.get(url)

    assert response.status_code in (200, 302, 400, 404), response.status_code


@pytest.mark.django_db
def test_a_nul_in_a_form_post_is_refused_with_400(client, strategy_data):
    client.post(reverse("eoi:start"))

    response = client.post(
        reverse("eoi:step", args=["organisation"]),
        {"name": "Acme\x00", "type": "registered_provider", "cqc_registered": "no"},
    )

    assert response.status_code in (200, 400)
    assert "organisation" not in OfferDraft.objects.get().answers


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "suffix",
    [
        "{pk}/change/transition/accept/",
        "{pk}/transition/nonsense/",
        "{pk}/transition/__init__/",
        "{pk}/transition/%00/",
        "abc/transition/accept/",
        "999999/transition/accept/",
        "{pk}/transition/save/",
    ],
)
def test_odd_transition_urls_give_a_client_error(commissioner, method, suffix):
    offer = submitted_offer()

    response = getattr(commissioner, method)("/admin/eoi/offer/" + suffix.format(pk=offer.pk))

    assert response.status_code in (400, 403, 404, 405), response.status_code
