"""Staff sign-in: lockout after failed logins, sessions that expire, and the
optional second factor (leicester_sl/security/staff_sign_in.py, two_factor.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.support.production import PRODUCTION_ENV

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-password"
LOGIN_URL = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # A fast hasher: these tests sign in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff(username, **extra):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
    )


def log_in(client, username, password=PASSWORD, *, meta=None, **fields):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/", **fields},
        **(meta or {}),
    )


def signed_in(client):
    return SESSION_KEY in client.session


def code(device, steps_ahead=0):
    """The device's current code (or the one ``steps_ahead`` time steps on)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code(device):
    accepted = {code(device, drift) for drift in (-1, 0, 1)}
    candidates = ("000000", "111111", "222222", "333333")
    return next(c for c in candidates if c not in accepted)


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def production_settings(*prefixes):
    """The production settings whose names start with one of ``prefixes``."""
    script = (
        "import json\n"
        "from leicester_sl.settings import production\n"
        "print(json.dumps({name: getattr(production, name) for name in dir(production)"
        f" if name.startswith({prefixes!r})}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


# Lockout (django-axes).


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client):
    staff("chris")
    assert settings.AXES_FAILURE_LIMIT == 5

    for _attempt in range(4):
        response = log_in(client, "chris", "not-the-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    fifth = log_in(client, "chris", "not-the-password")
    sixth = log_in(client, "chris")

    for response in (fifth, sixth):
        assert response.status_code == 429
        assert "this account is locked for an hour" in response.text
        assert "contact a portal administrator" in response.text
        # In the admin's look.
        assert "Leicester City Council" in response.text and "app-staff-header" in response.text
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_lockout_is_per_username_and_address(client):
    staff("chris")
    staff("pat")
    for _attempt in range(5):
        log_in(client, "chris", "not-the-password")

    assert log_in(client, "chris").status_code == 429
    # Another username from the same address.
    assert log_in(client, "pat").status_code == 302
    client.logout()
    # The same username from another address.
    other = log_in(client, "chris", meta={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302


def test_an_administrator_unlocks_the_account(client):
    staff("chris")
    for _attempt in range(5):
        log_in(client, "chris", "not-the-password")
    assert log_in(client, "chris").status_code == 429

    call_command("axes_reset_username", "chris", verbosity=0)

    response = log_in(client, "chris")
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert signed_in(client)


def test_the_lock_ends_after_the_cool_off(client):
    staff("chris")
    for _attempt in range(5):
        log_in(client, "chris", "not-the-password")
    assert log_in(client, "chris").status_code == 429

    # An hour on: the attempts are older than the cool-off.
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - settings.AXES_COOLOFF_TIME)

    assert log_in(client, "chris").status_code == 302


def test_a_successful_login_clears_the_failures(client):
    staff("chris")
    for _attempt in range(4):
        log_in(client, "chris", "not-the-password")
    assert log_in(client, "chris").status_code == 302
    client.logout()

    for _attempt in range(4):
        assert log_in(client, "chris", "not-the-password").status_code == 200


def test_behind_the_proxy_the_client_address_is_the_proxys_last_forwarded_entry():
    proxy = "172.18.0.5"

    def client_address(forwarded_for=None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
        request = RequestFactory().post(LOGIN_URL, REMOTE_ADDR=proxy, **headers)
        return get_client_ip_address(request)

    # The rule itself: tests/test_security_proxies.py.
    with override_settings(TRUSTED_PROXIES=[proxy]):
        assert client_address("81.2.69.160") == "81.2.69.160"
        # What the client wrote itself is ignored, so it can neither dodge the
        # lockout nor lock out someone else's address.
        assert client_address("203.0.113.9, 81.2.69.160") == "81.2.69.160"
        assert client_address("10.1.2.3, 81.2.69.160") == "81.2.69.160"
        # Reached without the proxy (the container network's health check).
        assert client_address() == proxy


# Sessions.


def test_sessions_last_two_hours_at_most_and_end_with_the_browser(client):
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    staff("chris")

    response = log_in(client, "chris")

    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # A browser-session cookie: no Max-Age or Expires to keep it.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() <= 2 * 60 * 60


# The admin login, with and without a second factor.


def test_without_a_device_the_password_alone_signs_in(client):
    staff("chris")

    response = log_in(client, "chris")

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_login_page_offers_the_code_field(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert 'name="otp_token"' in response.text
    assert "Only if you have turned on two-step verification" in response.text


def test_with_a_device_the_password_alone_is_refused(client):
    confirmed_device(staff("chris"))

    response = log_in(client, "chris")

    assert response.status_code == 200
    assert "enter the 6-digit code from your authenticator app" in response.text
    assert not signed_in(client)


def test_with_a_device_the_password_and_the_right_code_sign_in(client):
    device = confirmed_device(staff("chris"))

    response = log_in(client, "chris", otp_token=code(device))

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/").status_code == 200


def test_with_a_device_a_wrong_code_is_refused(client):
    device = confirmed_device(staff("chris"))

    response = log_in(client, "chris", otp_token=wrong_code(device))

    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert not signed_in(client)


def test_the_admin_refuses_a_session_not_verified_by_the_users_device(client):
    user = staff("chris")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200

    # Turned on elsewhere: this session, signed in with the password alone,
    # must now sign in again with a code.
    confirmed_device(user)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    login_page = client.get(response.url)
    assert "sign in again with your password and the code" in login_page.text
    assert client.get(reverse("two_factor:status")).status_code == 302


def test_an_unconfirmed_device_does_not_ask_for_a_code(client):
    TOTPDevice.objects.create(user=staff("chris"), name="Authenticator app", confirmed=False)

    assert log_in(client, "chris").status_code == 302


# Turning it on and off.


def start(client):
    response = client.post(reverse("two_factor:start"))
    assert response.status_code == 302
    assert response.url == reverse("two_factor:confirm")
    return TOTPDevice.objects.get(confirmed=False)


def test_the_user_tools_link_to_two_step_verification(client):
    client.force_login(staff("chris"))

    response = client.get("/admin/")

    assert f'href="{reverse("two_factor:status")}"' in response.text


def test_the_pages_are_for_signed_in_staff_only(client):
    status = reverse("two_factor:status")
    assert client.get(status).url.startswith(LOGIN_URL)
    member = get_user_model().objects.create_user("member", password=PASSWORD)
    client.force_login(member)
    assert client.get(status).url.startswith(LOGIN_URL)
    assert client.post(reverse("two_factor:start")).url.startswith(LOGIN_URL)
    assert not TOTPDevice.objects.exists()


def test_turning_it_on_confirms_the_device_with_a_code(client):
    user = staff("chris")
    client.force_login(user)
    status = client.get(reverse("two_factor:status"))
    assert "Two-step verification is off" in status.text

    device = start(client)
    page = client.get(reverse("two_factor:confirm"))

    assert page.status_code == 200
    secret = page.context["secret"]
    key_in_uri = device.config_url.split("secret=")[1].split("&")[0]
    assert secret.replace(" ", "") == key_in_uri
    assert all(len(group) == 4 for group in secret.split(" "))
    assert secret in page.text
    assert device.config_url.startswith("otpauth://totp/Leicester%20supported%20living")
    assert device.config_url.replace("&", "&amp;") in page.text
    # The QR code: an SVG data: image (the CSP allows img-src data:), with no
    # style attributes.
    qr = page.context["qr_data_uri"]
    assert qr.startswith("data:image/svg+xml")
    assert "<svg" in unquote(qr) and "style" not in unquote(qr)
    assert f'src="{qr}"' in page.text
    assert not user_has_device(user)

    response = client.post(reverse("two_factor:confirm"), {"code": code(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # This session is verified by the new device, so the admin stays open.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/").status_code == 200
    status = client.get(reverse("two_factor:status"))
    assert "Two-step verification is on" in status.text


def test_a_wrong_code_leaves_the_device_unconfirmed(client):
    client.force_login(staff("chris"))
    device = start(client)

    response = client.post(reverse("two_factor:confirm"), {"code": wrong_code(device)})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "That code is not right. Enter the code your app shows now "
        "(check your phone's clock is set automatically)."
    ]
    assert '<ul class="errorlist' in response.text
    device.refresh_from_db()
    assert not device.confirmed
    # Not a code at all.
    response = client.post(reverse("two_factor:confirm"), {"code": "12 34"})
    assert response.context["form"].errors["code"] == [
        "Enter the 6-digit code your authenticator app shows."
    ]


def test_turning_it_off_needs_a_current_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once a right one
    client.force_login(staff("chris"))
    device = start(client)
    client.post(reverse("two_factor:confirm"), {"code": code(device)})

    refused = client.post(reverse("two_factor:disable"), {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert TOTPDevice.objects.filter(confirmed=True).exists()

    # The confirming code cannot be used again: the next one.
    response = client.post(reverse("two_factor:disable"), {"code": code(device, 1)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert log_in(client, "chris").status_code == 302


def test_starting_again_replaces_an_unconfirmed_key(client):
    client.force_login(staff("chris"))
    first = start(client)
    second = start(client)

    assert first.pk != second.pk
    assert TOTPDevice.objects.count() == 1


def test_administrators_see_devices_without_their_keys(client):
    device = confirmed_device(staff("chris"))
    admin_user = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin_user)

    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert listing.status_code == 200
    assert "chris" in listing.text
    assert change.status_code == 200
    assert device.key not in change.text


def test_the_two_factor_pages_mark_their_own_header_item(client):
    """On the two-step verification pages the staff header marks "Two-step
    verification" as the current item, not "Staff admin"."""
    client.force_login(staff("chris"))
    header = client.get(reverse("two_factor:status")).text.split("</header>")[0]
    current = header.split('aria-current="true"')[1].split("</a>")[0]
    assert "Two-step verification" in current
    assert header.count("aria-current") == 1


# Changes to a staff account count from the next request: ``request.user`` is
# read afresh each request, its device and permissions with it.


def test_staff_whose_device_was_turned_on_are_refused_from_the_next_request(client, strategy_data):
    from eoi.roles import COMMISSIONERS
    from tests.eoi.factories import staff as staff_in

    chris = staff_in("chris", COMMISSIONERS)
    client.force_login(chris)
    assert client.get(reverse("admin:index")).status_code == 200
    TOTPDevice.objects.create(user=chris, name="phone", confirmed=True)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_permission_removed_counts_from_the_next_request(client, strategy_data):
    from eoi.roles import COMMISSIONERS
    from tests.eoi.factories import staff as staff_in
    from tests.eoi.factories import submitted_offer

    chris = staff_in("chris", COMMISSIONERS)
    chris.is_superuser = False
    client.force_login(chris)
    offer = submitted_offer()
    url = reverse("admin:eoi_offer_change", args=[offer.pk])
    assert client.get(url).status_code == 200
    chris.groups.clear()

    assert client.get(url).status_code in (302, 403)
