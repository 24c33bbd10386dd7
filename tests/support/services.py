"""Real services the tests talk to. In CI (CI=true) a missing service fails the
run; on a developer's machine the test is skipped with the reason."""

import os
import socket
from urllib.parse import urlsplit

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL") or (
    os.environ["CELERY_BROKER_URL"]
    if os.environ.get("CELERY_BROKER_URL", "").startswith("redis")
    else "redis://127.0.0.1:6379/0"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def reachable(url: str, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
            return True
    except OSError:
        return False


def require(url: str, what: str) -> str:
    if not reachable(url):
        message = f"{what} is not reachable at {url}"
        if in_ci():
            pytest.fail(message + " (CI needs it)")
        pytest.skip(message)
    return url


def require_redis() -> str:
    return require(REDIS_URL, "Redis")


def unused_local_url(scheme: str) -> str:
    """A URL on a local port nothing listens on: a service that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"{scheme}://127.0.0.1:{port}/0"
