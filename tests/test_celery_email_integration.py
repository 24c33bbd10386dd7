"""A submission's two emails, sent by a REAL Celery worker through the real
Redis broker, each delivered exactly once, even when its task runs again.

The worker is a subprocess, so it needs a database the test can see too:

- on PostgreSQL (CI) the test's own database, committed to
  (``transaction=True``), which the worker opens by name;
- on SQLite, whose test database lives in memory, a file database that the
  subprocesses share: migrated and loaded by one, the offer imported by
  another (``manage.py import_offers``), the emails sent by the worker.

Both write email through Django's file backend into a temporary folder,
where the test counts and parses the messages. Its own queue keeps the test
apart from anything else on the broker.
"""

import email
import email.policy
import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

from tests.support.services import require_redis
from tests.support.examples import example_offer

ROOT = Path(__file__).resolve().parent.parent
SENT, QUEUED = 0, 2  # post_office's STATUS.sent and STATUS.queued


def _postgres_url(settings_dict) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class Database:
    """The database the test and its subprocesses share."""

    def __init__(self, tmp_path, env):
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            # The strategy's data is there already (tests/conftest.py).
            self.url = _postgres_url(connection.settings_dict)
        else:
            self.path = tmp_path / "shared.sqlite3"
            self.url = f"sqlite:///{self.path}"
            run_django(
                "from django.core.management import call_command; "
                "call_command('migrate', interactive=False, verbosity=0); "
                "call_command('loaddata', 'strategy', verbosity=0)",
                env={**env, "DATABASE_URL": self.url},
            )

    def emails(self) -> list[tuple[int, int, str]]:
        """(id, status, subject) of every email in the outbox."""
        query = "SELECT id, status, subject FROM post_office_email ORDER BY id"
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchall()
        with sqlite3.connect(self.path) as db:
            return db.execute(query).fetchall()


def run_django(code: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for(check, what: str, worker, log: Path, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        assert worker.poll() is None, f"the worker stopped:\n{log.read_text()}"
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text()}")


def messages_in(folder: Path) -> list[email.message.EmailMessage]:
    """The messages Django's file backend wrote: one file per connection,
    each message followed by a line of 79 dashes."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return found


# transaction=True: on PostgreSQL the worker must see what the test commits.
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_both_emails_of_a_submission_exactly_once(tmp_path):
    broker = require_redis()
    queue = f"test-email-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(mail_dir),
        "PORTAL_BASE_URL": "https://portal.example.gov.uk",
        "LEICESTER_SL_VAR_DIR": str(tmp_path / "var"),
    }
    database = Database(tmp_path, env)
    env["DATABASE_URL"] = database.url

    name = f"email-{uuid.uuid4().hex[:8]}@localhost"
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
                "prefork",
                "--concurrency",
                "2",
                "--queues",
                queue,
                "--hostname",
                name,
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    client = Celery(broker=broker)
    try:
        # The offer, submitted in another process: its event's task goes to Redis.
        document = tmp_path / "offer.json"
        document.write_text(json.dumps(example_offer()))
        reference = run_django(
            f"from django.core.management import call_command; "
            f"call_command('import_offers', {str(document)!r})",
            env=env,
        ).strip()
        assert reference.startswith("EOI-")
        # The worker handles the "offer submitted" event: it writes both
        # emails, then sends them.
        wait_for(
            lambda: [status for _id, status, _subject in database.emails()] == [SENT, SENT],
            "both emails to be written and sent",
            worker,
            log,
        )
        outbox = database.emails()
        assert len(outbox) == 2

        # Each task again, twice, at once on two worker processes: nothing more is sent.
        for email_id, _status, _subject in outbox:
            for _ in range(2):
                client.send_task("eoi.email_send", args=[email_id], queue=queue)
        wait_for(lambda: log.read_text().count("'skipped'") == 4, "the repeats to run", worker, log)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        client.close()

    messages = messages_in(mail_dir)
    assert len(messages) == 2, log.read_text()
    by_to = {message["To"]: message for message in messages}
    team = by_to["caas.carehomes@leicester.gov.uk"]
    assert team["Subject"] == f"Supported Accommodation {reference} Example Housing Association"
    (pdf,) = list(team.iter_attachments())
    assert pdf.get_filename() == f"{reference}-summary.pdf"
    assert pdf.get_content().startswith(b"%PDF")

    acknowledgement = by_to["a.person@example.org"]
    assert acknowledgement["Subject"] == f"Supported Accommodation {reference}: we have your offer"
    text = acknowledgement.get_body(("plain",)).get_content()
    html = acknowledgement.get_body(("html",)).get_content()
    assert reference in text and "https://portal.example.gov.uk/offer/status/" in text
    assert "https://portal.example.gov.uk/offer/status/" in html
    assert len({message["Message-ID"] for message in messages}) == 2
