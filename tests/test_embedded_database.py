"""The embedded default (SQLite in a file, as ``scripts/start`` runs it) with
several providers saving at once (issue 23, finding 1): six drafts saving
their organisation page in the same moment gave three "Sorry, there is a
problem with the service" pages ("database is locked").

The portal runs in its own process, on ``manage.py runserver`` as
``scripts/start`` starts it, over a SQLite file copied from the test
database (migrated, with the strategy's data), and the providers are
threads each with its own cookies, posting real forms with their CSRF tokens.
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import closing
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection

from tests.eoi.journey_answers import ORGANISATION

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = 8
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The embedded default's own: no Redis, tasks in-process, this database.
NOT_EMBEDDED = (
    "DATABASE_URL",
    "CACHE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer looked at


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One provider's browser: its own cookies (session, CSRF)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )

    def request(
        self, path: str, data: dict | None = None, files: dict | None = None
    ) -> tuple[int, str]:
        request = urllib.request.Request(self.base_url + path)
        if files:
            body, content_type = _multipart(data, files)
            request.add_header("Content-Type", content_type)
        else:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(request, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form_token(self, path: str) -> str:
        status, page = self.request(path)
        assert status == 200, (path, status)
        return TOKEN.search(page).group(1)

    def start_a_draft(self) -> None:
        token = self.form_token("/")  # "Start now" is a form on the home page
        status, _page = self.request("/offer/", {"csrfmiddlewaretoken": token})
        assert status == 302, "Start now"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def portal_on_a_sqlite_file(transactional_db, tmp_path):
    """The portal's address, its database file and its log, served by runserver.

    On SQLite the file is a copy of the test database, with the strategy's
    data: taken outside a transaction (an ordinary test's holds the write
    lock, and the copy would wait for it). Where the tests run on PostgreSQL
    (CI), the file is made as ``scripts/start`` makes it: migrated, then the
    strategy's data loaded.
    """
    database = tmp_path / "leicester_sl.sqlite3"
    env = {name: value for name, value in os.environ.items() if name not in NOT_EMBEDDED}
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(database)) as copy:
            connection.connection.backup(copy)
    else:
        embedded = {
            **env,
            "DJANGO_SETTINGS_MODULE": "leicester_sl.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "LEICESTER_SL_VAR_DIR": str(tmp_path),
        }
        for command in (["migrate", "--noinput"], ["strategy_load"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=embedded,
                check=True,
                capture_output=True,
                timeout=300,
            )
    url = f"http://127.0.0.1:{_free_port()}"
    log = (tmp_path / "runserver.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", url.split("//")[1]],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "leicester_sl.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "LEICESTER_SL_VAR_DIR": str(tmp_path),
            "PORTAL_BASE_URL": url,
        },
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/offer/", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    log.close()
                    pytest.fail(
                        "runserver did not start:\n" + (tmp_path / "runserver.log").read_text()
                    )
                time.sleep(0.2)
        yield url, database, tmp_path / "runserver.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _all_at_once(portal, step: str, form_for, files_for=None) -> None:
    """Each provider starts a draft and opens ``step``; then all post it in
    the same moment. Every one must be saved: a redirect onwards, no error."""
    url, _database, log = portal
    ready, results = threading.Barrier(PROVIDERS), {}

    def provider(number):
        browser = Browser(url)
        browser.start_a_draft()
        form = {**form_for(number), "csrfmiddlewaretoken": browser.form_token(step)}
        files = files_for(number) if files_for else None
        ready.wait(timeout=60)
        results[number] = browser.request(step, form, files)[0]

    threads = [threading.Thread(target=provider, args=(n,)) for n in range(PROVIDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    errors = [line for line in log.read_text().splitlines() if "Error:" in line]
    assert results == {number: 302 for number in range(PROVIDERS)}, errors[:3]


def _rows(database: Path, sql: str) -> list:
    with closing(sqlite3.connect(database)) as saved:
        return [row for (row,) in saved.execute(sql)]


def test_providers_saving_the_organisation_page_at_once_all_get_their_save(
    portal_on_a_sqlite_file,
):
    _all_at_once(
        portal_on_a_sqlite_file,
        "/offer/organisation/",
        lambda number: {**ORGANISATION, "name": f"Association {number}", "continue": ""},
    )

    answers = _rows(portal_on_a_sqlite_file[1], "SELECT answers FROM eoi_offerdraft")
    assert sorted(json.loads(each)["organisation"]["name"] for each in answers) == [
        f"Association {number}" for number in range(PROVIDERS)
    ]


def test_providers_uploading_at_once_all_get_their_file_stored(
    portal_on_a_sqlite_file,
):
    _all_at_once(
        portal_on_a_sqlite_file,
        "/offer/attachments/",
        lambda number: {"kind": "site_plan", "upload": ""},
        lambda number: {"file": (f"plan-{number}.pdf", PDF)},
    )

    names = _rows(portal_on_a_sqlite_file[1], "SELECT original_name FROM eoi_attachment")
    assert sorted(names) == [f"plan-{number}.pdf" for number in range(PROVIDERS)]
