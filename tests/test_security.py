"""The public pages against floods, bots, guessed and tampered links; offer
attachments as downloads only. (Staff sign-in: tests/test_staff_security.py;
retention: tests/eoi/test_retention.py; docs/security.md lists them all.)"""

import re
import time
from unittest import mock

import pytest
from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from eoi.triage import services as triage
from eoi.offers import uploads
from eoi.offers.links import STATUS_LINK_AGE, STATUS_SALT, draft_token, status_token
from eoi.models import Attachment, Offer, OfferDraft
from eoi.roles import COMMISSIONERS
from leicester_sl.security.abuse import HONEYPOT_FIELD, client_ip
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.journey_answers import answer_all

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
START = reverse("eoi:start")
CHECK_ANSWERS = reverse("eoi:check-answers")


@pytest.fixture
def limits(settings):
    """Lower some rate limits for a test: ``limits(start="2/h")``."""

    def lower(**rates):
        settings.EOI_RATE_LIMITS = {**settings.EOI_RATE_LIMITS, **rates}

    return lower


@pytest.fixture
def started(client, strategy_data):
    assert client.post(START).status_code == 302
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def assert_too_many_requests(response):
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many requests – try again later" in page
    assert "govuk-template" in page  # the service's own page, not a stack trace
    assert "Traceback" not in page
    assert int(response["Retry-After"]) > 0


def main_content(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


# --------------------------------------------------------------------------
# Rate limits
# --------------------------------------------------------------------------


def test_starting_drafts_is_limited(client, limits):
    limits(start="2/h")

    assert [client.post(START).status_code for _ in range(2)] == [302, 302]
    response = client.post(START)

    assert_too_many_requests(response)
    assert OfferDraft.objects.count() == 2
    # Reading a page is not counted: the home page, where "Start now" is.
    assert client.get(reverse("home")).status_code == 200


def test_sending_offers_is_limited(limits, strategy_data):
    limits(submit="1/h")
    first = Client()
    first.post(START)
    answer_all(first, "accommodation")
    assert first.post(CHECK_ANSWERS).status_code == 302

    second = Client()  # another browser at the same address
    second.post(START)
    response = second.post(CHECK_ANSWERS)

    assert_too_many_requests(response)
    assert Offer.objects.count() == 1


def test_saving_pages_is_limited(started, limits):
    limits(step="3/h")
    url = reverse("eoi:step", args=["offer-type"])

    for _ in range(3):
        assert started.post(url, {"offer_type": "accommodation"}).status_code == 302
    response = started.post(url, {"offer_type": "accommodation"})

    assert_too_many_requests(response)
    assert started.get(url).status_code == 200  # reading a page is not counted
    # Removing a file counts with saving pages.
    assert_too_many_requests(started.post(reverse("eoi:attachment-remove", args=[1])))


def test_emailing_links_to_drafts_is_limited(started, limits):
    limits(save_link="1/h")
    save = reverse("eoi:save")

    assert started.post(save, {"email": "a.person@example.org"}).status_code == 302
    response = started.post(save, {"email": "someone.else@example.org"})

    assert_too_many_requests(response)


def test_opening_links_is_limited_across_resume_sent_and_status(started, limits):
    limits(link="3/m")
    answer_all(started, "accommodation")
    draft = OfferDraft.objects.get()
    started.post(CHECK_ANSWERS)
    token = status_token(Offer.objects.get())
    visitor = Client()

    assert visitor.get(reverse("eoi:sent", args=[token])).status_code == 200
    assert visitor.get(reverse("eoi:status", args=[token])).status_code == 200
    assert visitor.get(reverse("eoi:resume", args=[draft_token(draft)])).status_code == 302
    assert_too_many_requests(visitor.get(reverse("eoi:status", args=[token])))
    assert_too_many_requests(visitor.get(reverse("eoi:resume", args=["guess"])))


def test_answers_on_the_status_page_are_limited(client, limits, strategy_data):
    limits(answer="1/h")
    commissioner = staff("chris", COMMISSIONERS)
    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    triage.information_request(offer=offer, question="Site area?", actor=commissioner)
    url = reverse("eoi:status", args=[status_token(offer)])

    assert client.post(url, {"answer": "0.7 hectares"}).status_code == 302
    response = client.post(url, {"answer": "0.8 hectares"})

    assert_too_many_requests(response)
    assert offer.information_requests.get().answer == "0.7 hectares"
    assert client.get(url).status_code == 200  # answering does not use up links


def test_each_client_address_is_counted_on_its_own(limits):
    limits(start="1/h")

    assert Client(REMOTE_ADDR="198.51.100.1").post(START).status_code == 302
    assert Client(REMOTE_ADDR="198.51.100.2").post(START).status_code == 302
    assert Client(REMOTE_ADDR="198.51.100.1").post(START).status_code == 429


@override_settings(TRUSTED_PROXIES=["172.18.0.0/16"])
def test_behind_the_proxy_each_forwarded_client_is_counted_and_cannot_dodge(limits):
    limits(start="1/h")
    proxy = {"REMOTE_ADDR": "172.18.0.5"}

    def start(forwarded_for):
        return Client(**proxy).post(START, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert start("81.2.69.160").status_code == 302
    assert start("81.2.69.161").status_code == 302
    # A client writing its own X-Forwarded-For entry is still counted by the
    # address our proxy saw.
    assert start("203.0.113.9, 81.2.69.160").status_code == 429


@pytest.mark.parametrize(
    "proxies, forwarded_for, remote, expected",
    [
        ([], "", "127.0.0.1", "127.0.0.1"),
        ([], "81.2.69.160", "127.0.0.1", "127.0.0.1"),  # no proxy: header ignored
        (["172.18.0.5"], "81.2.69.160", "172.18.0.5", "81.2.69.160"),
        (["172.18.0.5"], "203.0.113.9, 81.2.69.160", "172.18.0.5", "81.2.69.160"),
        (
            ["172.18.0.0/16", "10.0.0.2"],
            "203.0.113.9, 81.2.69.160, 10.0.0.2",
            "172.18.0.5",
            "81.2.69.160",
        ),
        (["172.18.0.5"], "", "172.18.0.5", "172.18.0.5"),  # the health check
        ([], "", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),  # IPv6: its /64
    ],
)
def test_the_client_address(proxies, forwarded_for, remote, expected):
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post(START, **meta)

    with override_settings(TRUSTED_PROXIES=proxies):
        assert client_ip("start", request) == expected


def test_the_rate_limits_and_the_staff_lockout_see_the_same_client():
    request = RequestFactory().post(
        START,
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 81.2.69.160",
    )

    with override_settings(TRUSTED_PROXIES=["172.18.0.0/16"]):
        assert client_ip("start", request) == get_client_ip_address(request) == "81.2.69.160"


def test_when_the_cache_is_down_requests_go_through(client, limits, caplog):
    limits(start="1/h")
    with mock.patch.object(LocMemCache, "add", side_effect=RedisConnectionError("down")):
        responses = [client.post(START).status_code for _ in range(3)]

    assert responses == [302, 302, 302]
    assert "the cache cannot be reached" in caplog.text


def test_a_whole_offer_stays_well_inside_the_default_limits(started):
    answer_all(started, "accommodation_and_support")
    started.post(CHECK_ANSWERS)
    token = status_token(Offer.objects.get())

    for _ in range(5):
        assert started.get(reverse("eoi:status", args=[token])).status_code == 200


# --------------------------------------------------------------------------
# The honeypot
# --------------------------------------------------------------------------


def test_the_honeypot_is_hidden_labelled_and_out_of_the_tab_order(started):
    answer_all(started, "accommodation")
    for url in (reverse("home"), CHECK_ANSWERS):  # "Start now" is on the home page
        page = started.get(url).content.decode()
        hidden = re.search(
            r'<div class="govuk-visually-hidden">\s*'
            r'<label for="id_comments">Leave this field empty</label>\s*'
            r'<input type="text" id="id_comments" name="comments" value="" '
            r'tabindex="-1" autocomplete="off">\s*</div>',
            page,
        )
        assert hidden, url
        assert "aria-hidden" not in hidden.group(0)
    assert HONEYPOT_FIELD == "comments"


def test_a_filled_in_honeypot_starts_no_draft(client, caplog):
    response = client.post(START, {HONEYPOT_FIELD: "https://spam.example"})

    assert response.status_code == 302
    assert response.url == reverse("home")  # as if nothing happened
    assert OfferDraft.objects.count() == 0
    assert "eoi_draft" not in client.session
    assert "Honeypot filled in on /offer/" in caplog.text


def test_a_filled_in_honeypot_sends_no_offer(started, caplog):
    answer_all(started, "accommodation")

    response = started.post(CHECK_ANSWERS, {HONEYPOT_FIELD: "buy now"})

    assert response.status_code == 302
    assert response.url == CHECK_ANSWERS
    assert Offer.objects.count() == 0
    assert OfferDraft.objects.get().submitted_offer is None
    assert "Honeypot filled in" in caplog.text
    assert "could not be sent" in started.get(CHECK_ANSWERS).content.decode()


def test_an_empty_honeypot_is_no_obstacle(client, strategy_data):
    assert client.post(START, {HONEYPOT_FIELD: ""}).url == reverse("eoi:tasks")
    answer_all(client, "accommodation")

    response = client.post(CHECK_ANSWERS, {HONEYPOT_FIELD: "  "})

    assert response.url == reverse("eoi:sent", args=[status_token(Offer.objects.get())])


# --------------------------------------------------------------------------
# Signed links reveal nothing about other offers (more in
# tests/eoi/test_journey.py and tests/eoi/test_status_page.py)
# --------------------------------------------------------------------------


@pytest.fixture
def two_offers(strategy_data):
    return submitted_offer(), submitted_offer(name="Other Court")


def assert_reveals_nothing(response, *offers):
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page or "This link has expired" in page
    assert "EOI-" not in page
    for offer in offers:
        assert offer.reference not in page
        assert offer.scheme_name not in page


@pytest.mark.parametrize("view", ["eoi:status", "eoi:sent"])
def test_another_offers_reference_under_a_signature_is_refused(view, two_offers):
    mine, theirs = two_offers
    token = status_token(mine).replace(mine.reference, theirs.reference)

    response = Client().get(reverse(view, args=[token]))

    assert_reveals_nothing(response, mine, theirs)
    # The same page as for a token that was never valid: nothing to compare.
    nonsense = Client().get(reverse(view, args=["EOI-2026-0002"]))
    assert main_content(response) == main_content(nonsense)


@pytest.mark.parametrize("view", ["eoi:status", "eoi:sent"])
def test_an_expired_status_link_is_refused(view, two_offers):
    offer, _other = two_offers
    long_ago = time.time() - STATUS_LINK_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = status_token(offer)

    assert_reveals_nothing(Client().get(reverse(view, args=[token])), offer)


@pytest.mark.parametrize("view", ["eoi:status", "eoi:sent"])
def test_a_link_signed_with_another_key_is_refused(view, two_offers):
    offer, _other = two_offers
    with override_settings(SECRET_KEY="another-key-" + "k" * 50):
        token = status_token(offer)

    assert_reveals_nothing(Client().get(reverse(view, args=[token])), offer)


def test_a_status_link_does_not_open_a_draft(started):
    answer_all(started, "accommodation")
    draft = OfferDraft.objects.get()
    started.post(CHECK_ANSWERS)
    offer = Offer.objects.get()
    as_status = signing.TimestampSigner(salt=STATUS_SALT).sign(str(draft.pk))
    fresh = Client()

    for token in (status_token(offer), as_status):
        response = fresh.get(reverse("eoi:resume", args=[token]))
        assert_reveals_nothing(response, offer)
    assert "eoi_draft" not in fresh.session


def test_a_link_to_a_deleted_draft_is_refused(client):
    draft = OfferDraft.objects.create()
    token = draft_token(draft)
    draft.delete()

    response = client.get(reverse("eoi:resume", args=[token]))

    assert_reveals_nothing(response)
    assert "eoi_draft" not in client.session


def test_answering_through_a_tampered_link_changes_nothing(client, two_offers):
    mine, theirs = two_offers
    commissioner = staff("chris", COMMISSIONERS)
    triage.offer_transition(offer=theirs, name="start_triage", actor=commissioner)
    triage.information_request(offer=theirs, question="Rent?", actor=commissioner)
    token = status_token(mine).replace(mine.reference, theirs.reference)

    response = client.post(reverse("eoi:status", args=[token]), {"answer": "£1"})

    assert_reveals_nothing(response, mine, theirs)
    assert theirs.information_requests.get().answer == ""


# --------------------------------------------------------------------------
# Forged requests and fixed sessions (headers: tests/test_pages.py)
# --------------------------------------------------------------------------


def test_forms_posted_without_the_csrf_token_are_refused(two_offers):
    offer, _other = two_offers
    browser = Client(enforce_csrf_checks=True)

    assert browser.post(START).status_code == 403
    assert browser.post(reverse("eoi:status", args=[status_token(offer)])).status_code == 403
    assert OfferDraft.objects.count() == 0


def test_starting_or_resuming_a_draft_gives_a_new_session_key(client):
    client.get(START)
    client.session.save()
    before = client.session.session_key

    client.post(START)

    assert client.session.session_key != before
    draft = OfferDraft.objects.get()
    before = client.session.session_key
    client.get(reverse("eoi:resume", args=[draft_token(draft)]))
    assert client.session.session_key != before


# --------------------------------------------------------------------------
# Attachments: downloaded by staff through the admin, never served inline
# --------------------------------------------------------------------------


@pytest.fixture
def attachment(media, strategy_data):
    offer = submitted_offer()
    return uploads.attachment_store(
        offer=offer,
        upload=SimpleUploadedFile("site plan.pdf", PDF, "application/pdf"),
        kind=Attachment.Kind.SITE_PLAN,
        content_type="application/pdf",
    )


def download_url(attachment):
    return reverse("admin:eoi_attachment_download", args=[attachment.pk])


def test_staff_download_an_attachment_as_a_file_that_cannot_run(client, attachment):
    client.force_login(staff("chris", COMMISSIONERS))

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="site plan.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_an_unexpected_stored_type_is_sent_as_bytes(client, attachment):
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    client.force_login(staff("chris", COMMISSIONERS))

    response = client.get(download_url(attachment))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_offer_page_links_each_attachment_for_download(client, attachment):
    client.force_login(staff("chris", COMMISSIONERS))

    page = client.get(
        reverse("admin:eoi_offer_change", args=[attachment.offer.pk])
    ).content.decode()

    assert f'href="{download_url(attachment)}"' in page


def test_only_staff_who_may_see_offers_can_download(client, attachment):
    url = download_url(attachment)
    assert client.get(url).url.startswith(reverse("admin:login"))

    member_of_public = get_user_model().objects.create_user("pat", password="x" * 20)
    client.force_login(member_of_public)
    assert client.get(url).url.startswith(reverse("admin:login"))

    staff_without_role = get_user_model().objects.create_user(
        "sam", password="x" * 20, is_staff=True
    )
    client.force_login(staff_without_role)
    assert client.get(url).status_code == 403


def test_a_drafts_files_are_not_downloadable(client, media):
    draft = OfferDraft.objects.create()
    attachment = uploads.attachment_store(
        draft=draft,
        upload=SimpleUploadedFile("plan.pdf", PDF),
        kind=Attachment.Kind.FLOOR_PLAN,
        content_type="application/pdf",
    )
    client.force_login(staff("chris", COMMISSIONERS))

    assert client.get(download_url(attachment)).status_code == 404


@pytest.mark.parametrize("debug", [False, True])
def test_uploaded_files_are_not_served_from_the_media_url(client, attachment, settings, debug):
    settings.DEBUG = debug
    client.force_login(staff("chris", COMMISSIONERS))

    response = client.get(settings.MEDIA_URL + attachment.file.name)

    assert response.status_code == 404
    assert PDF not in response.content
