"""/healthz reports the database and the broker, checked for real in a fresh
process so that a broken service is really broken, not mocked."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.services import require_redis, unused_local_url

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="localhost")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def healthz_in_fresh_process(**env):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leicester_sl.settings.base",
            "LEICESTER_SL_VAR_DIR": str(ROOT / "var"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'health.sqlite3'}"


def test_healthy_with_database_and_broker(sqlite_url):
    broker = require_redis()

    checked = healthz_in_fresh_process(
        DATABASE_URL=sqlite_url, CELERY_BROKER_URL=broker, CELERY_TASK_ALWAYS_EAGER="false"
    )

    assert checked["status"] == 200
    assert checked["body"]["database"]["ok"] is True
    assert checked["body"]["broker"] == {"ok": True, "mode": "broker"}


def test_unavailable_when_the_broker_is_down(sqlite_url):
    checked = healthz_in_fresh_process(
        DATABASE_URL=sqlite_url,
        CELERY_BROKER_URL=unused_local_url("redis"),
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_BROKER_CONNECTION_TIMEOUT="1",
    )

    assert checked["status"] == 503
    assert checked["body"]["status"] == "unavailable"
    assert checked["body"]["database"]["ok"] is True
    assert checked["body"]["broker"]["ok"] is False


def test_unavailable_when_the_database_is_down():
    checked = healthz_in_fresh_process(
        DATABASE_URL=unused_local_url("postgres").rsplit("/", 1)[0] + "/leicester_sl",
        CELERY_BROKER_URL="memory://",
    )

    assert checked["status"] == 503
    assert checked["body"]["database"]["ok"] is False
    assert checked["body"]["broker"]["ok"] is True


def test_in_process_tasks_count_as_a_healthy_broker(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"]["mode"] == "in-process"
    assert response["Cache-Control"].startswith("max-age=0")
