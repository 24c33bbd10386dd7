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
            sys.executable,
            "-m",
            "celery",
            "-A",
            "leicester_sl",
            "worker",
            "--pool",
            "solo",
            "--hostname",
            name,
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
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


def test_an_event_queued_before_any_worker_started_reaches_the_worker(tmp_path):
    """The event's task waits on its queue's list until a worker started
    afterwards receives it."""
    import redis

    broker = require_redis()
    queue = f"queued-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    }
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from eoi.notifications.enqueue import event_handle_enqueue; event_handle_enqueue(424242)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    client = redis.Redis.from_url(broker)
    try:
        assert client.llen(queue) == 1, "on the queue's list"
        log = tmp_path / "worker.log"
        with log.open("w") as output:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "leicester_sl",
                    "worker",
                    "--pool",
                    "solo",
                    "--queues",
                    queue,
                    "--loglevel",
                    "INFO",
                    "--hostname",
                    f"{queue}@localhost",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 60
            # "Task eoi.event_handle[…] received": the banner lists the task's name too.
            while "Task eoi.event_handle[" not in log.read_text() and time.monotonic() < deadline:
                assert worker.poll() is None, log.read_text()
                time.sleep(0.2)
            assert "Task eoi.event_handle[" in log.read_text() and "received" in log.read_text()
            assert client.llen(queue) == 0
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    finally:
        client.delete(queue, f"_kombu.binding.{queue}")
        client.close()
