"""Forwarded headers are trusted only from the configured proxies
(finding 3): a client reaching the app directly cannot dodge the rate limits
or the staff lockout with a made-up X-Forwarded-For, and both read the same
client address (leicester_sl/security/client_address.py)."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from leicester_sl.security.abuse import client_ip
from leicester_sl.security.client_address import client_address
from tests.support.production import PRODUCTION_ENV

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
START = reverse("eoi:start")
PROXY_NETWORK = "172.18.0.0/16"
PROXY = "172.18.0.5"
ATTACKER = "198.51.100.7"


def production_client_ip_settings():
    """Production's settings for the client address, with one proxy network
    configured as the README tells operators to."""
    script = (
        "import json\n"
        "from leicester_sl.settings import production as p\n"
        "print(json.dumps({n: getattr(p, n) for n in dir(p) if n.startswith("
        "('AXES_', 'IPWARE', 'REVERSE_PROXIES', 'TRUSTED_PROXIES'))}, default=str))"
    )
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_TRUSTED_PROXIES": PROXY_NETWORK}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    names = json.loads(result.stdout)
    # Only the settings that decide the client's address.
    return {
        name: value
        for name, value in names.items()
        if name.startswith(
            (
                "AXES_IPWARE",
                "AXES_CLIENT_IP",
                "IPWARE",
                "REVERSE_PROXIES",
                "TRUSTED_PROXIES",
            )
        )
    }


@pytest.fixture(scope="module")
def production_ip():
    return production_client_ip_settings()


def random_forwarded_for():
    return f"{random.randint(1, 223)}.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def test_a_direct_client_cannot_dodge_the_rate_limit_with_forged_headers(settings, production_ip):
    settings.EOI_RATE_LIMITS = {**settings.EOI_RATE_LIMITS, "start": "5/h"}
    with override_settings(**production_ip):
        codes = [
            Client(REMOTE_ADDR=ATTACKER)
            .post(START, HTTP_X_FORWARDED_FOR=random_forwarded_for())
            .status_code
            for _ in range(7)
        ]

    assert codes[:5] == [302] * 5
    assert codes[5:] == [429, 429]


def test_a_direct_client_cannot_dodge_the_lockout_with_forged_headers(production_ip):
    get_user_model().objects.create_user(
        "placement", password="a-long-test-password", is_staff=True
    )
    with override_settings(
        **production_ip,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):

        def log_in(password):
            return Client(REMOTE_ADDR=ATTACKER).post(
                "/admin/login/",
                {"username": "placement", "password": password, "next": "/admin/"},
                HTTP_X_FORWARDED_FOR=random_forwarded_for(),
            )

        for _ in range(7):
            log_in("wrong-password")
        response = log_in("a-long-test-password")

    assert response.status_code == 429  # locked out, even with the right password


def test_behind_the_proxy_each_client_is_counted_and_forged_prefixes_are_ignored(
    settings, production_ip
):
    settings.EOI_RATE_LIMITS = {**settings.EOI_RATE_LIMITS, "start": "1/h"}

    def start(forwarded_for):
        return Client(REMOTE_ADDR=PROXY).post(START, HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    with override_settings(**production_ip):
        assert start("81.2.69.160") == 302
        assert start("81.2.69.161") == 302
        assert start("203.0.113.9, 81.2.69.160") == 429


@pytest.mark.parametrize(
    "remote, forwarded_for, expected",
    [
        (ATTACKER, "81.2.69.160", ATTACKER),  # not a proxy: header ignored
        (ATTACKER, "", ATTACKER),
        (PROXY, "81.2.69.160", "81.2.69.160"),
        (PROXY, "203.0.113.9, 81.2.69.160", "81.2.69.160"),  # client-written entry
        (PROXY, "81.2.69.160, 172.18.0.9", "81.2.69.160"),  # two proxies of ours
        (PROXY, "", PROXY),  # the health check, from inside the network
        (PROXY, "not-an-address", PROXY),
        (PROXY, "81.2.69.160:4711", "81.2.69.160"),
        (PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(production_ip, remote, forwarded_for, expected):
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post(START, **meta)

    with override_settings(**production_ip):
        assert client_address(request) == expected
        # One rule: the lockout reads the same address as the rate limits.
        assert get_client_ip_address(request) == expected
        assert client_ip("start", request) == expected.replace("2001:db8::1", "2001:db8::")


def test_without_configured_proxies_forwarded_headers_are_ignored():
    request = RequestFactory().post(START, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="81.2.69.160")

    with override_settings(TRUSTED_PROXIES=[]):
        assert client_address(request) == PROXY
        assert get_client_ip_address(request) == PROXY


def test_compose_publishes_the_app_on_no_host_interface():
    compose = (ROOT / "docker-compose.yml").read_text()
    web = compose[compose.index("\n  web:") : compose.index("\n  worker:")]

    assert "ports:" not in web
    assert '- "8000"' in web  # reachable from the compose network only
