"""A real Celery worker, started here, answers through the real Redis broker."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from celery import Celery

from tests.support.services import require_redis

ROOT = Path(__file__).resolve().parent.parent


def test_a_worker_on_the_redis_broker_answers_a_ping(tmp_path):
    broker = require_redis()
    name = f"ci-{uuid.uuid4().hex[:8]}@localhost"
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "leicester_sl", "worker",
            "--pool", "solo", "--hostname", name, "--loglevel", "INFO",
            "--without-mingle", "--without-gossip",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = Celery(broker=broker)
    try:
        replies = []
        deadline = time.monotonic() + 30
        while not replies and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            replies = client.control.ping(destination=[name], timeout=1.0)
        assert replies == [{name: {"ok": "pong"}}]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        client.close()
