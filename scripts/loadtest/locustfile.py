"""Load test of the portal: providers sending offers through the web journey,
commissioners reading the queue in the admin.

Run by scripts/loadtest/run.sh (which starts the portal and checks the counts
afterwards); by hand:

    LOADTEST_REFERENCES=/tmp/refs.txt LOADTEST_PASSWORD=... \
      .venv/bin/locust -f scripts/loadtest/locustfile.py --host http://127.0.0.1:8090 \
      Provider Commissioner        (or MinimalPost, under scripts.loadtest.settings)

Providers: "Start now", every step of the journey (GET then POST with the
CSRF token, the answers of tests/eoi/journey_answers.py, following the
redirects the journey gives), check answers, "Accept and send" (must answer
302 to /offer/sent/<token>/), then the confirmation page, whose offer
reference is appended to LOADTEST_REFERENCES: check.py compares those with
the database. Commissioners sign in to /admin/ once (the right password:
django-axes locks out wrong ones), then browse the offers' queue with
filters, a search and an offer's page. Together they are "the journey mix".

MinimalPost, run on its own, is the baseline the mix's requests per second
are compared with: it GETs the minimal form (scripts/minimal_post.py) once
for its CSRF token, then POSTs it again and again, each POST saving one row.

Think time: none by default (LOADTEST_THINK=0), in every class, so that each
phase keeps the server saturated and its requests per second is what the
server can do, not what the users' pauses allow. LOADTEST_THINK=1 gives the
realistic pacing: 1-3 s between tasks, 0.2-0.8 s on each page of the journey
and between minimal POSTs.
"""

import os
import random
import re
import sys
import threading
import uuid
from pathlib import Path

from locust import HttpUser, between, constant, task

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.eoi.journey_answers import answers_for  # noqa: E402  (plain dicts)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r"\bEOI-\d{4}-\d+\b")
OFFER_LINK = re.compile(r'href="/admin/eoi/offer/(\d+)/change/')
OFFER_TYPES = ["accommodation", "accommodation_and_support", "care_and_support"]
REFERENCES_FILE = os.environ.get("LOADTEST_REFERENCES", "loadtest-references.txt")
MINIMAL_POST = "/__bench__/group/"  # scripts/minimal_post.py's PATH (no Django here)
MINIMAL_NAME_PREFIX = "load "  # the Group rows it saves; check.py counts them
THINK = os.environ.get("LOADTEST_THINK", "0") == "1"
_write_lock = threading.Lock()


def _record(line: str) -> None:
    with _write_lock, open(REFERENCES_FILE, "a") as out:
        out.write(line + "\n")


def _csrf(response) -> str:
    match = CSRF.search(response.text)
    if match is None:
        raise ValueError(f"no CSRF token on {response.url}")
    return match.group(1)


def _think():
    """The pause on a page before answering it."""
    return random.uniform(0.2, 0.8) if THINK else 0


def _between_tasks():
    return between(1, 3) if THINK else constant(0)


class Provider(HttpUser):
    """A provider who starts a draft and sends an offer through every page."""

    weight = 4
    wait_time = _between_tasks()

    def _get(self, path, name):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"GET {path}: {r.status_code}")
                raise _Stop
            return r

    def _post(self, path, data, name, expect_prefix):
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as r:
            location = r.headers.get("Location", "")
            if r.status_code != 302 or not location.startswith(expect_prefix):
                r.failure(f"POST {path}: {r.status_code} to {location!r}")
                raise _Stop
            return location

    @task
    def send_an_offer(self):
        self.client.cookies.clear()  # a new browser: a new session and draft
        try:
            self._journey(random.choice(OFFER_TYPES))
        except _Stop:
            pass

    def _journey(self, offer_type):
        answers = answers_for(offer_type)
        start = self._get("/", "/ (home page: Start now)")
        url = self._post(
            "/offer/", {"csrfmiddlewaretoken": _csrf(start)}, "/offer/ (start now)", "/offer/tasks/"
        )
        self._get(url, "/offer/tasks/")
        url = "/offer/organisation/"
        while url != "/offer/check-answers/":
            self._wait(_think())
            page = self._get(url, "/offer/[step] GET")
            slug = url.strip("/").split("/")[-1]
            url = self._post(
                url,
                {**answers[slug], "continue": "", "csrfmiddlewaretoken": _csrf(page)},
                "/offer/[step] POST",
                "/offer/",
            )
        self._wait(_think())
        check = self._get(url, "/offer/check-answers/ GET")
        _record("TRY")  # before "Accept and send": each must become a SENT
        sent = self._post(
            url,
            {"csrfmiddlewaretoken": _csrf(check)},
            "/offer/check-answers/ POST (send)",
            "/offer/sent/",
        )
        _record(f"SENT {sent}")
        page = self._get(sent, "/offer/sent/[token]/")
        match = REFERENCE.search(page.text)
        _record(f"REF {match.group(0) if match else '?'}")

    def _wait(self, seconds):
        import gevent

        gevent.sleep(seconds)


class _Stop(Exception):
    """The journey cannot go on (the failure is already recorded)."""


class Commissioner(HttpUser):
    """A commissioner who signs in and reads the queue and offers."""

    weight = 1
    wait_time = _between_tasks()
    FILTERS = [
        "",
        "?status__exact=submitted",
        "?recommendation__exact=progress",
        "?recommendation__exact=review&status__exact=submitted",
        "?client_group=mental_health",
        "?q=Example",
        "?o=-7",
    ]

    def on_start(self):
        username = os.environ.get("LOADTEST_USERNAME", "loadtest-commissioner")
        password = os.environ["LOADTEST_PASSWORD"]
        login = self.client.get("/admin/login/?next=/admin/", name="/admin/login/ GET")
        with self.client.post(
            "/admin/login/?next=/admin/",
            data={
                "username": username,
                "password": password,
                "next": "/admin/",
                "csrfmiddlewaretoken": _csrf(login),
            },
            name="/admin/login/ POST",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login: {r.status_code}")
        self.offer_ids = []

    @task(3)
    def queue(self):
        query = random.choice(self.FILTERS)
        r = self.client.get(f"/admin/eoi/offer/{query}", name="/admin/eoi/offer/ (queue, filters)")
        found = OFFER_LINK.findall(r.text or "")
        if found:
            self.offer_ids = found

    @task(2)
    def offer_page(self):
        if not self.offer_ids:
            return self.queue()
        pk = random.choice(self.offer_ids)
        self.client.get(f"/admin/eoi/offer/{pk}/change/", name="/admin/eoi/offer/[id]/change/")

    @task(1)
    def admin_home(self):
        self.client.get("/admin/", name="/admin/ (index)")


class MinimalPost(HttpUser):
    """The baseline: a ModelForm POST saving one row, CSRF-protected, repeated."""

    # With LOADTEST_THINK=1: a journey page's pause between POSTs.
    wait_time = between(0.2, 0.8) if THINK else constant(0)

    def on_start(self):
        form = self.client.get(MINIMAL_POST, name=f"{MINIMAL_POST} GET (token, once)")
        self.token = _csrf(form)

    @task
    def save_one_row(self):
        with self.client.post(
            MINIMAL_POST,
            data={
                "name": MINIMAL_NAME_PREFIX + uuid.uuid4().hex,
                "csrfmiddlewaretoken": self.token,
            },
            name=f"{MINIMAL_POST} POST",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"POST {MINIMAL_POST}: {r.status_code}")
