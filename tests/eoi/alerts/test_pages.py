"""The pages of alerts: subscribe, confirm, change or stop, unsubscribe."""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from post_office.models import Email

from eoi.alerts import links
from eoi.alerts.sending import alerts_send
from eoi.models import AlertSent, AlertSubscription, OutboxEmail
from strategy.models import Ward
from strategy.vocabulary import ClientGroup
from tests.eoi.opportunities.helpers import published_opportunity

from .helpers import alert_emails, subscription

pytestmark = pytest.mark.django_db
Kind = OutboxEmail.Kind
SUBSCRIBE = reverse("alerts:subscribe")


def ask(client, email="a.provider@example.org", **choices):
    return client.post(SUBSCRIBE, {"email": email, **choices})


def link_in(email: Email, start: str) -> str:
    """The path of the link in ``email``'s text that starts ``start``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(start)}\S+)", email.message)
    assert match, email.message
    return match.group(1)


# --------------------------------------------------------------------------
# Subscribing
# --------------------------------------------------------------------------


def test_the_page_offers_every_group_ward_and_route_with_hints(client):
    page = client.get(SUBSCRIBE).content.decode()

    assert "<title>Get email alerts about opportunities" in page
    for group in ClientGroup:
        assert group.label in page
    for ward in Ward.objects.all():
        assert escape(ward.name) in page
    assert "Formal tender on a procurement portal" in page
    assert page.count("If you do not select any, we will email you about all of them.") == 3
    assert "If you select only this, we will email you only when the framework re-opens." in page
    assert 'name="comments"' in page  # the honeypot


def test_asking_records_the_choices_unconfirmed_and_emails_a_link_to_confirm(client):
    ward = Ward.objects.order_by("name").first()
    response = ask(
        client,
        "A.Provider@Example.org",
        client_groups=["older_people", "dementia"],
        wards=[str(ward.pk)],
        routes=["formal_tender"],
        monthly_digest="on",
    )

    assert response.status_code == 302 and response.url == reverse("alerts:check-email")
    made = AlertSubscription.objects.get()
    assert made.email == "a.provider@example.org"
    assert sorted(made.client_groups) == ["dementia", "older_people"]
    assert list(made.wards.all()) == [ward]
    assert made.routes == ["formal_tender"]
    assert made.monthly_digest and not made.framework_reopening
    assert made.confirmed_at is None
    [sent] = alert_emails()
    assert sent.outbox_entry.kind == Kind.ALERT_CONFIRM and sent.to == ["a.provider@example.org"]
    assert "/alerts/confirm/" in sent.message
    assert str(made.key) in link_in(sent, "/alerts/confirm/")  # the key, signed
    assert "a.provider" not in link_in(sent, "/alerts/confirm/")
    page = client.get(response.url).content.decode()
    assert "Check your email" in page and "A.Provider@Example.org" in page


def test_errors_show_by_the_field_and_in_the_summary_and_keep_what_was_typed(client):
    response = ask(client, "not-an-address", client_groups=["older_people"], routes=["x"])

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Get email alerts about opportunities" in page
    assert page.count("Enter an email address in the correct format") == 2
    assert page.count("Select kinds of opportunity from the list") == 2
    assert 'value="not-an-address"' in page
    assert re.search(r'value="older_people"[^>]*checked', page)
    assert not AlertSubscription.objects.exists() and not alert_emails()


def test_the_honeypot_sends_nothing_and_says_the_same(client):
    response = ask(client, comments="buy now")

    assert response.status_code == 302 and response.url == reverse("alerts:check-email")
    assert not AlertSubscription.objects.exists() and not alert_emails()


def test_asking_again_for_a_confirmed_address_says_nothing_and_emails_it_the_link_to_change(
    client,
):
    existing = subscription("a.provider@example.org", client_groups=["older_people"])
    fresh = Client()

    for_new = ask(fresh, "someone.else@example.org", client_groups=["dementia"])
    for_existing = ask(client, "a.provider@example.org", client_groups=["dementia"])

    assert (for_existing.status_code, for_existing.url) == (for_new.status_code, for_new.url)
    shown = client.get(for_existing.url).content.decode().replace("a.provider", "X")
    assert shown == fresh.get(for_new.url).content.decode().replace("someone.else", "X")
    existing.refresh_from_db()
    assert existing.client_groups == ["older_people"]  # not changed by whoever asked
    [sent] = alert_emails(to="a.provider@example.org")
    assert "/alerts/manage/" in sent.message and "/alerts/confirm/" not in sent.message
    assert "we have not changed what you hear about" in sent.message


def test_the_email_to_confirm_says_what_is_deleted_if_nobody_confirms_and_when(client, settings):
    """Retention (eoi.retention) deletes the unconfirmed subscription after
    the confirm period, and the email itself after the draft period."""
    settings.EOI_ALERT_CONFIRM_DAYS = 3
    settings.EOI_DRAFT_RETENTION_DAYS = 45
    ask(client)

    [sent] = alert_emails(Kind.ALERT_CONFIRM)
    for text in (sent.message, sent.html_message):
        assert "we will delete your address and choices after 3 days" in text
        assert "our copy of this email after 45 days" in text


def test_asking_again_before_confirming_sends_a_fresh_link_with_the_new_choices(client):
    ask(client, client_groups=["older_people"])
    ask(client, client_groups=["dementia"])

    assert AlertSubscription.objects.get().client_groups == ["dementia"]
    assert len(alert_emails(Kind.ALERT_CONFIRM)) == 2


def test_one_address_is_not_flooded_with_emails(client, settings):
    settings.EOI_RATE_LIMITS = {**settings.EOI_RATE_LIMITS, "alerts_address": "2/h"}
    for _ in range(4):
        assert ask(Client(REMOTE_ADDR="10.0.0.9"), "a.provider@example.org").status_code == 302

    assert len(alert_emails()) == 2


def test_asking_is_rate_limited(client, settings):
    settings.EOI_RATE_LIMITS = {**settings.EOI_RATE_LIMITS, "alerts": "2/h"}
    statuses = [ask(client, f"p{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_control_characters_and_huge_addresses_are_refused(client):
    for address in ["a@example.org\r\nBcc: x@example.org", "a" * 300 + "@e.org", "a@localhost"]:
        assert ask(client, address).status_code == 200
    # A NUL byte: refused before the page (leicester_sl.security), as everywhere.
    assert ask(client, "a\x00@example.org").status_code == 400
    assert not AlertSubscription.objects.exists()


# --------------------------------------------------------------------------
# Confirming
# --------------------------------------------------------------------------


def test_the_link_asks_before_confirming_then_confirms_with_the_figures_as_told(client):
    ask(client, client_groups=["older_people"])
    path = link_in(alert_emails()[0], "/alerts/confirm/")

    page = client.get(path)
    assert page.status_code == 200 and b"Confirm your email alerts" in page.content
    assert AlertSubscription.objects.get().confirmed_at is None  # a scanner confirms nothing

    done = client.post(path)
    made = AlertSubscription.objects.get()
    assert done.status_code == 200 and made.confirmed_at is not None
    assert set(made.still_to_find_told) == {group.value for group in ClientGroup}
    assert links.manage_url(made) in done.content.decode()

    again = client.get(path)  # confirmed already: the same page, nothing changed
    assert again.status_code == 200 and b"are confirmed" in again.content
    assert AlertSubscription.objects.get().confirmed_at == made.confirmed_at


def test_an_expired_link_says_so_and_confirms_nothing(client, monkeypatch, settings):
    made = subscription(confirmed=False)
    days_ago = int(time.time()) - (settings.EOI_ALERT_CONFIRM_DAYS + 1) * 86400
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(days_ago)
    )
    path = reverse("alerts:confirm", args=[links.confirm_token(made)])
    monkeypatch.undo()

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert b"This link has expired" in response.content
    made.refresh_from_db()
    assert made.confirmed_at is None


@pytest.mark.parametrize("name", ["confirm", "manage", "unsubscribe"])
def test_a_tampered_or_cut_link_is_a_clear_not_found_page(client, name):
    made = subscription()
    token = {
        "confirm": links.confirm_token,
        "manage": links.manage_token,
        "unsubscribe": links.unsubscribe_token,
    }[name](made)

    for bad in (token[:-3], token + "x", str(made.key), "=1+1", "%0D%0A"):
        for response in (
            client.get(f"/alerts/{name}/{bad}/"),
            client.post(f"/alerts/{name}/{bad}/"),
        ):
            assert response.status_code == 404, bad
            assert b"Page not found" in response.content
    assert AlertSubscription.objects.filter(pk=made.pk).exists()


def test_one_purpose_s_link_does_not_work_for_another(client):
    made = subscription()
    response = client.post(reverse("alerts:unsubscribe", args=[links.manage_token(made)]))
    assert response.status_code == 404
    response = client.post(reverse("alerts:unsubscribe", args=[links.confirm_token(made)]))
    assert response.status_code == 404
    assert AlertSubscription.objects.filter(pk=made.pk).exists()


# --------------------------------------------------------------------------
# Changing and stopping
# --------------------------------------------------------------------------


def test_the_manage_page_shows_the_choices_and_changes_them(client):
    made = subscription(client_groups=["older_people"], wards=["Castle"])
    path = reverse("alerts:manage", args=[links.manage_token(made)])

    page = client.get(path).content.decode()
    assert re.search(r'value="older_people"[^>]*checked', page)
    castle = Ward.objects.get(name="Castle")
    assert re.search(rf'value="{castle.pk}"[^>]*checked', page)

    response = client.post(path, {"client_groups": ["dementia"], "framework_reopening": "on"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.client_groups == ["dementia"] and made.framework_reopening
    assert not made.wards.exists()
    assert "have been changed" in client.get(response.url).content.decode()


def test_a_change_with_errors_shows_them_and_keeps_the_choices(client):
    made = subscription(client_groups=["older_people"])
    path = reverse("alerts:manage", args=[links.manage_token(made)])

    response = client.post(path, {"client_groups": ["dementia", "nobody"], "wards": ["999999"]})

    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Your email alerts" in page
    assert page.count("Select groups from the list") == 2
    assert page.count("Select wards from the list") == 2
    assert re.search(r'value="dementia"[^>]*checked', page)
    made.refresh_from_db()
    assert made.client_groups == ["older_people"]


def test_stopping_deletes_the_subscription_and_its_link_then_says_so(client):
    made = subscription()
    AlertSent.objects.create(subscription=made, key="published:1")
    path = reverse("alerts:manage", args=[links.manage_token(made)])

    response = client.post(path, {"stop": "stop"})

    assert response.status_code == 200 and b"You have stopped your email alerts" in response.content
    assert not AlertSubscription.objects.exists() and not AlertSent.objects.exists()
    gone = client.get(path)
    assert gone.status_code == 404 and b"have stopped" in gone.content


def test_the_stop_pages_say_what_is_deleted_and_how_long_sent_emails_are_kept(client, settings):
    """Stopping deletes the address and choices at once; the emails already
    sent are kept for the draft period (eoi.retention)."""
    settings.EOI_DRAFT_RETENTION_DAYS = 45
    made = subscription()
    manage = reverse("alerts:manage", args=[links.manage_token(made)])
    unsubscribe = reverse("alerts:unsubscribe", args=[links.unsubscribe_token(made)])

    for path in (manage, unsubscribe):
        page = client.get(path).content.decode()
        assert "delete your address and choices" in page
        assert "emails already sent to you are deleted within 45 days" in page
    stopped = client.post(manage, {"stop": "stop"}).content.decode()
    assert "deleted your address and choices" in stopped and "within 45 days" in stopped
    gone = client.get(manage).content.decode()
    assert "deleted the email address" in gone and "within 45 days" in gone


def test_unsubscribe_by_get_only_shows_the_button(client):
    made = subscription()
    response = client.get(reverse("alerts:unsubscribe", args=[links.unsubscribe_token(made)]))

    assert response.status_code == 200
    assert b"Stop email alerts" in response.content and b'method="post"' in response.content
    assert AlertSubscription.objects.filter(pk=made.pk).exists()


def test_one_click_unsubscribe_without_a_csrf_token_stops_everything(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    made = subscription()
    published_opportunity()
    assert alerts_send() == 1  # an alert waiting in the outbox
    [waiting] = alert_emails(Kind.ALERT_PUBLISHED)
    header = waiting.headers["List-Unsubscribe"]
    path = re.fullmatch(r"<https://portal\.example\.org(/alerts/unsubscribe/\S+/)>", header)[1]
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200 and b"You have stopped your email alerts" in response.content
    assert not AlertSubscription.objects.filter(pk=made.pk).exists()
    assert not Email.objects.filter(pk=waiting.pk).exists()  # not sent after all
    published_opportunity(slug="another", title="Another")
    assert alerts_send() == 0
    # A second click, or a mail client trying again: the same page.
    assert (
        mail_client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )


def test_other_pages_keep_their_csrf_check(client):
    made = subscription()
    strict = Client(enforce_csrf_checks=True)
    path = reverse("alerts:manage", args=[links.manage_token(made)])
    assert strict.post(path, {"stop": "stop"}).status_code == 403
    assert strict.post(SUBSCRIBE, {"email": "x@example.org"}).status_code == 403
    assert AlertSubscription.objects.filter(pk=made.pk).exists()


def test_the_opportunity_pages_link_to_alerts(client):
    opportunity = published_opportunity()
    for path in (reverse("opportunities:list"), opportunity.get_absolute_url()):
        page = client.get(path).content.decode()
        assert f'href="{SUBSCRIBE}">Get email alerts about opportunities</a>' in page, path
