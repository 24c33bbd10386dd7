"""Issue 23, "Changes lost": a provider's confirmed change was reverted by a
commissioner saving the offer's admin page at the same moment.

Every save of an offer now checks its version (``Offer.save``): a staff page
loaded before the offer changed is refused with "This offer changed while
you were looking at it" and what changed, and nothing is overwritten; a
provider's change writes only the answers the provider changed, and is
refused where the team changed the same answer meanwhile. The races are
played out in order here, one step after the other; the last test runs two
saves at once on two connections.
"""

import contextlib
import html.parser
import re
import sqlite3
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from eoi import models as eoi_models
from eoi.models import Assessment, Offer, OfferNote
from eoi.offers.links import status_token
from eoi.roles import COMMISSIONERS
from eoi.triage import services as triage
from eoi.triage.corrections import offer_answer_correct
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.journey_answers import CONFIGURATION, CONTACT, answer_all

pytestmark = pytest.mark.django_db
CHANGED = "This offer changed while you were looking at it"
LINK = re.compile(re.escape(settings.PORTAL_BASE_URL) + r"(/your-offers/sign-in/[^/\s]+/)")


# --------------------------------------------------------------------------
# The people: a provider signed in to Your offers, two commissioners
# --------------------------------------------------------------------------


@pytest.fixture
def provider(strategy_data, django_capture_on_commit_callbacks):
    """A provider who sent an offer on the web (12 units), then signed in."""
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("eoi:start"))
        answer_all(browser, "accommodation")
        browser.post(reverse("eoi:check-answers"))
        browser.post("/your-offers/", {"email": CONTACT["email"]})
    browser.post(LINK.search(mail.outbox[-1].body).group(1))
    return browser


def commissioner(name):
    browser = Client()
    browser.force_login(staff(name, COMMISSIONERS))
    return browser


def change_start(provider, offer):
    response = provider.post(reverse("your_offers:change", args=[offer.reference]))
    assert response.url == reverse("eoi:check-answers")


def change_answers(provider, step, answers):
    url = reverse("eoi:step", args=[step])
    response = provider.post(f"{url}?return=check", {**answers, "continue": ""})
    assert response.status_code == 302


def change_send(provider):
    return provider.post(reverse("eoi:check-answers"))


def provider_changes_units(provider, offer, units):
    change_start(provider, offer)
    change_answers(provider, "configuration", {**CONFIGURATION, "units": str(units)})
    return change_send(provider)


# --------------------------------------------------------------------------
# The offer page's form, as the browser sends it back
# --------------------------------------------------------------------------


class OfferPageForm(html.parser.HTMLParser):
    """The inputs of the offer page's own form (``id="offer_form"``)."""

    def __init__(self, page: str):
        super().__init__()
        self.data, self.inside, self.textarea = {}, False, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "offer_form"
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("submit", "button", "checkbox", "radio"):
                self.data[attrs["name"]] = attrs.get("value", "")
        elif self.inside and tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            # A browser drops the newline that starts a textarea's text.
            self.data[self.textarea] = self.data[self.textarea].removeprefix("\n")
            self.textarea = None
        elif tag == "form":
            self.inside = False


def offer_page(browser, offer):
    response = browser.get(reverse("admin:eoi_offer_change", args=[offer.pk]))
    assert response.status_code == 200
    return response


def with_a_note(page, text) -> dict:
    """The page's form sent back as read, with a note typed in."""
    data = OfferPageForm(page.content.decode()).data
    note = next(name for name in data if name.endswith("-0-text"))
    return {**data, note: text, "_save": "Save"}


def post_offer_page(browser, offer, data):
    return browser.post(reverse("admin:eoi_offer_change", args=[offer.pk]), data)


# --------------------------------------------------------------------------
# The offer's version
# --------------------------------------------------------------------------


def test_each_save_moves_the_version_on_and_writes_it_in_the_history(strategy_data):
    offer = submitted_offer()
    assert offer.version == 1

    offer.notes = "First"
    offer.save()
    offer.notes = "Second"
    offer.save(update_fields=["notes"])

    offer.refresh_from_db()
    assert offer.version == 3
    assert [row.version for row in offer.history.order_by("history_date", "history_id")] == [
        1,
        2,
        3,
    ]


def test_a_copy_read_before_another_save_is_not_written(strategy_data):
    offer = submitted_offer()
    stale = Offer.objects.get(pk=offer.pk)
    offer.scheme_units = 20
    offer.save()

    stale.notes = "Written over a version not read"
    with pytest.raises(eoi_models.OfferChanged):
        stale.save()

    offer.refresh_from_db()
    assert offer.scheme_units == 20 and offer.notes != stale.notes
    assert offer.version == 2 and offer.history.count() == 2


# --------------------------------------------------------------------------
# A commissioner's offer page against a provider's change (the finding)
# --------------------------------------------------------------------------


def test_the_offer_page_loaded_before_a_providers_change_is_refused_and_the_change_kept(provider):
    offer = Offer.objects.get()
    staff_browser = commissioner("chris")
    page = offer_page(staff_browser, offer)  # version N, 12 units

    sent = provider_changes_units(provider, offer, 20)  # version N + 1
    assert sent.url == reverse("eoi:sent", args=[status_token(offer)])
    response = post_offer_page(staff_browser, offer, with_a_note(page, "Rang the provider"))

    assert response.status_code == 200
    shown = response.content.decode()
    assert re.search(r"<title>\s*Error: ", shown)
    summary = shown.index('class="govuk-error-summary"')
    assert summary < shown.index("<h1>")  # at the top, above the heading
    assert CHANGED in shown[summary:]
    # What differs now from what the page showed: the units, 12 then 20.
    assert response.context["offer_changes"]
    units = next(c for c in response.context["offer_changes"] if c.field == "scheme_units")
    assert (units.seen, units.now) == ("12", "20")
    assert "What you saw" in shown and "What it is now" in shown
    # The form shown again keeps the note typed, and carries the version now shown.
    again = OfferPageForm(shown).data
    assert "Rang the provider" in again.values()
    offer.refresh_from_db()
    assert again["offer_version"] == str(offer.version)
    # Nothing was written: the provider's units stay, no note was added.
    assert offer.scheme_units == 20
    assert not OfferNote.objects.exists()
    # Sent again, having seen the change, the note is added.
    resent = post_offer_page(staff_browser, offer, {**again, "_save": "Save"})
    assert resent.status_code == 302
    assert OfferNote.objects.get().text == "Rang the provider"
    offer.refresh_from_db()
    assert offer.scheme_units == 20


def test_a_providers_change_between_the_pages_read_and_write_is_not_reverted(provider):
    """The finding's race, in order: the page is fresh when sent, and the
    provider's change commits after the admin read the offer for the POST,
    before it wrote."""
    offer = Offer.objects.get()
    staff_browser = commissioner("chris")
    page = offer_page(staff_browser, offer)
    offer_admin = admin.site.get_model_admin(Offer)
    read = offer_admin.get_object

    def read_then_the_provider_sends(request, object_id, from_field=None):
        found = read(request, object_id, from_field)
        if request.method == "POST":
            provider_changes_units(provider, offer, 20)
        return found

    with mock.patch.object(offer_admin, "get_object", side_effect=read_then_the_provider_sends):
        response = post_offer_page(staff_browser, offer, with_a_note(page, "Rang the provider"))

    offer.refresh_from_db()
    assert offer.scheme_units == 20  # the provider's, as their history says
    assert offer.status_changes.last().reason.endswith("Changed: units: 12 → 20")
    assert response.status_code == 200 and CHANGED in response.content.decode()


# --------------------------------------------------------------------------
# Two commissioners
# --------------------------------------------------------------------------


def shown_version(page) -> str:
    """The offer's version in the page's form (its hidden field); "" if none."""
    found = re.search(r'name="offer_version" value="(\d*)"', page.content.decode())
    return found.group(1) if found else ""


def test_a_correction_from_a_page_loaded_before_another_commissioners_is_refused(strategy_data):
    offer = submitted_offer()
    first, second = commissioner("chris"), commissioner("sam")
    url = reverse("admin:eoi_offer_correct", args=[offer.pk, "scheme.units"])
    page = first.get(url)

    corrected = second.post(
        url,
        {"value": "30", "reason": "Phoned: 30", "offer_version": shown_version(second.get(url))},
    )
    response = first.post(
        url, {"value": "40", "reason": "Phoned: 40", "offer_version": shown_version(page)}
    )

    assert corrected.status_code == 302
    assert response.status_code == 200
    shown = response.content.decode()
    assert re.search(r"<title>\s*Error: ", shown) and CHANGED in shown
    units = next(c for c in response.context["offer_changes"] if c.field == "scheme_units")
    assert units.now == "30"
    assert 'value="40"' in shown  # what was typed is kept
    offer.refresh_from_db()
    assert offer.scheme_units == 30  # the other commissioner's correction stays
    assert offer.corrections.count() == 1


def test_the_offer_page_is_stale_after_another_commissioners_transition(strategy_data):
    offer = submitted_offer()
    first = commissioner("chris")
    page = offer_page(first, offer)

    triage.offer_transition(offer=offer, name="start_triage", actor=staff("sam", COMMISSIONERS))
    response = post_offer_page(first, offer, with_a_note(page, "Looked at the site plan"))

    assert response.status_code == 200 and CHANGED in response.content.decode()
    status = next(c for c in response.context["offer_changes"] if c.field == "status")
    assert (status.seen, status.now) == ("Submitted", "In triage")
    assert not OfferNote.objects.exists()


def test_an_assessment_of_an_offer_the_provider_changed_meanwhile_is_refused(provider):
    offer = Offer.objects.get()
    first = commissioner("chris")
    url = reverse("admin:eoi_offer_assessment", args=[offer.pk])
    page = first.get(url)
    factors = offer.screenings.first().result["factors"]

    provider_changes_units(provider, offer, 20)  # and screened again
    response = first.post(
        url,
        {
            **{f"{key}_agrees": "agree" for key in factors},
            "overall": offer.recommendation,
            "overall_reason": "",
            "offer_version": shown_version(page),
        },
    )

    assert response.status_code == 200 and CHANGED in response.content.decode()
    assert not Assessment.objects.filter(offer=offer).exists()


# --------------------------------------------------------------------------
# The provider's change against a commissioner's correction
# --------------------------------------------------------------------------


def correct_units(offer, units):
    offer_answer_correct(
        offer=offer,
        path="scheme.units",
        value=units,
        reason="The provider phoned",
        actor=staff("sam", COMMISSIONERS),
    )


def test_a_providers_change_keeps_a_correction_made_meanwhile(provider):
    offer = Offer.objects.get()
    change_start(provider, offer)
    correct_units(offer, 5)  # while the provider is changing the offer

    change_answers(provider, "contact", {**CONTACT, "phone": "0116 111 1111"})
    sent = change_send(provider)

    assert sent.url == reverse("eoi:sent", args=[status_token(offer)])
    offer.refresh_from_db()
    assert offer.contact_phone == "0116 111 1111"  # the provider's change
    assert offer.scheme_units == 5  # the correction, not the draft's 12
    assert offer.status_changes.last().reason.endswith(
        "Changed: Phone number: 0116 000 0000 → 0116 111 1111"
    )


def test_a_providers_change_keeps_a_correction_made_before_it_started(provider):
    offer = Offer.objects.get()
    correct_units(offer, 5)

    change_start(provider, offer)  # the draft holds the answers as sent: 12 units
    change_answers(provider, "contact", {**CONTACT, "phone": "0116 111 1111"})
    change_send(provider)

    offer.refresh_from_db()
    assert (offer.contact_phone, offer.scheme_units) == ("0116 111 1111", 5)


def test_a_providers_change_of_an_answer_corrected_meanwhile_is_refused_then_sent_knowingly(
    provider,
):
    offer = Offer.objects.get()
    change_start(provider, offer)
    correct_units(offer, 5)
    change_answers(provider, "configuration", {**CONFIGURATION, "units": "20"})

    refused = change_send(provider)

    assert refused.url == reverse("eoi:check-answers")
    page = provider.get(refused.url).content.decode()
    assert "The commissioning team changed your offer while you were changing it" in page
    assert "has not been sent" in page and "to 5" in page
    offer.refresh_from_db()
    assert offer.scheme_units == 5  # nothing written
    assert not offer.screenings.filter(trigger="change").exists()
    assert offer.changes_in_progress.exists()  # nothing typed is lost
    # Told, the provider sends their answer again: it replaces the team's.
    sent = change_send(provider)
    assert sent.url == reverse("eoi:sent", args=[status_token(offer)])
    offer.refresh_from_db()
    assert offer.scheme_units == 20


# --------------------------------------------------------------------------
# Two saves at once, on two connections
# --------------------------------------------------------------------------


@contextlib.contextmanager
def connections_of_their_own(tmp_path):
    """Threads each with its own connection to the database, as each request has.

    On PostgreSQL, the test database as it is. SQLite's test database is in
    memory, shared by its connections through one cache, where a second
    writer is refused at once ("database table is locked") rather than
    waiting for the first as on the embedded default's file: the threads get
    a file copy of it, with the embedded default's settings, and what they
    wrote is copied back after.
    """
    if connection.vendor != "sqlite":
        yield
        return
    copy = str(tmp_path / "threads.sqlite3")
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(copy)) as file:
        connection.connection.backup(file)
    databases = settings.DATABASES["default"]
    in_memory, databases["NAME"] = databases["NAME"], copy
    try:
        yield
    finally:
        databases["NAME"] = in_memory
        with contextlib.closing(sqlite3.connect(copy)) as file:
            file.backup(connection.connection)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_one_is_written_and_the_other_refused(tmp_path):
    offer = submitted_offer()
    both_read, outcomes = threading.Barrier(2), {}

    def save(column, value):
        try:
            mine = Offer.objects.get(pk=offer.pk)  # both read version 1
            both_read.wait(timeout=10)
            setattr(mine, column, value)
            mine.save()  # every column, as the admin wrote them
            outcomes[column] = "saved"
        except eoi_models.OfferChanged:
            outcomes[column] = "refused"
        except Exception as error:  # noqa: BLE001 - shown by the assertion
            outcomes[column] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("scheme_units", 20)),  # the provider
        threading.Thread(target=save, args=("notes", "Seen by a commissioner")),
    ]
    with connections_of_their_own(tmp_path):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    offer.refresh_from_db()
    saved = next(column for column, outcome in outcomes.items() if outcome == "saved")
    assert (offer.scheme_units == 20, offer.notes == "Seen by a commissioner") == (
        saved == "scheme_units",
        saved == "notes",
    )
    assert offer.version == 2 and offer.history.count() == 2
