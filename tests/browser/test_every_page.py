"""Every page, as each kind of visitor reaches it, at 320px and at 1280px
(issue 25's "Done when").

Who: the public (a provider, with an offer in progress), a commissioner and
the read-only placement team. Which pages: the public site's URL patterns
that take no argument, every step of the offer journey, and every staff page
a signed-in user can reach by following links from the admin's index and the
staff navigation (so a new model registered in the admin, or a new page
linked from an offer, is visited without changing this file), one of each
kind of object page, plus the pages a form shows after an error.

Each page: no sideways scroll, axe-core with no violation (best practices
included), a title that starts with the page's h1 (after "Error: " when an
error summary shows). The HTML of every page goes to the Nu HTML checker in
one run (Java starts once), at 1280px only: the server sends the same HTML
whatever the width.

Fast on purpose: one test per width that gathers every failure and reports
them together; one page per visitor, reused; one visit for each kind of page
(a record's page stands for every record of its model); the two staff
visitors each in a thread with a browser of their own, beside the public one,
so the machine's two cores check two pages at once. EVERY_PAGE_SCREENSHOTS=dir
saves a full-page PNG of each page checked, to look at.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eoi.alerts import links
from eoi.models import AlertSubscription, Opportunity
from eoi.offers import journey
from eoi.opportunities import questions
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage import services as triage
from strategy.models import DemandLine
from tests.browser.conftest import AXE_TAGS, CHROMIUM, CHROMIUM_ARGS
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.opportunities.helpers import published_opportunity
from tests.test_html_validity import _vnu

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
WIDTHS = [
    pytest.param({"width": 1280, "height": 900}, id="1280"),
    pytest.param({"width": 320, "height": 800}, id="320"),
]

# Not pages: data, files, health, and what signs out or deletes; and the
# outbox's preview of an email, which is the email itself in a sandboxed
# document where no script runs (the emails have tests of their own).
NOT_PAGES = re.compile(
    r"\.(json|csv|xlsx|pdf)$|/healthz|/logout/|/sign-out/|/delete/|/download/|/jsi18n/"
    r"|/r/\d+/|/autocomplete/|/turn-off/|/turn-on/|/post_office/email/\d+/preview/"
)
STAFF_ROOTS = ("/admin/", "/staff/")

AXE_SCRIPT = None
# One request at a time to the live server: SQLite (the tests' database) locks
# a table another connection is writing, and the visitors' threads would meet
# there. Only the checks in the browsers (axe, the costly part) run at once.
SERVER = threading.Lock()
# EVERY_PAGE_SCREENSHOTS=folder: a full-page PNG of each page checked, to look at.
SCREENSHOTS = os.environ.get("EVERY_PAGE_SCREENSHOTS")


def _axe_source() -> str:
    global AXE_SCRIPT
    if AXE_SCRIPT is None:
        import axe_playwright_python

        path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
        AXE_SCRIPT = path.read_text(encoding="utf-8")
    return AXE_SCRIPT


def public_paths() -> list[str]:
    """The public URL patterns that take no argument (includes followed)."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and "<" not in route:
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    client = Client()
    return [
        path
        for path in found
        if not path.startswith(STAFF_ROOTS)
        and not NOT_PAGES.search(path)
        and client.get(path).status_code != 405  # a URL that only takes a POST
    ]


def kind_of(path: str) -> str:
    """One visit for each kind of page: numbers and references stand for any."""
    path = re.sub(r"/(\d+|EOI-[\w-]+|[0-9a-f-]{36})/", "/N/", path)
    # One correction page stands for all: one form, whichever answer it corrects.
    return re.sub(r"/correct/[^/]+/", "/correct/Q/", path)


class Visitor:
    """One visitor's browser tab, and what went wrong on the pages it saw."""

    def __init__(self, browser, viewport, base, who, failures, sources):
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.who = who
        self.width = viewport["width"]
        self.failures = failures
        self.sources = sources
        self.seen = set()

    def close(self):
        self.context.close()

    def fail(self, message):
        failure = f"[{self.who} {self.width}px] {self.page.url}: {message}"
        print("FAIL", failure, flush=True)  # shown at once with -s
        self.failures.append(failure)

    def visit(self, path, *, label=None):
        """Open ``path``; check the page it ends on. False if it is not a page."""
        with SERVER:
            response = self.page.goto(self.base + path, wait_until="load")
            html = response.text() if response is not None else ""
        if response is None:
            return False
        if response.status != 200:
            self.fail(f"HTTP {response.status} for {path}")
            return False
        if "text/html" not in (response.header_value("content-type") or ""):
            return False
        self.check(label or path, html)
        return True

    def submit(self, label, button=None):
        """Send the page's form as it is (browser validation off) and check
        the page the answer shows."""
        self.page.evaluate(
            "() => document.querySelectorAll('form').forEach(f => f.noValidate = true)"
        )
        target = (
            self.page.locator(button)
            if button
            else self.page.locator(
                "main form button:not([type=button]), #content-main form [type=submit]"
            )
        )
        with SERVER:
            with self.page.expect_navigation(wait_until="load") as navigation:
                target.first.click()
            response = navigation.value
            html = response.text() if response is not None else self.page.content()
        self.check(label, html)

    def check(self, label, html):
        page = self.page
        self.sources.setdefault(f"{self.who}-{label}", html)
        fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        if not fits:
            from tests.browser.test_public_pages import OVERFLOWING_ELEMENTS_JS

            self.fail(f"scrolls sideways: {page.evaluate(OVERFLOWING_ELEMENTS_JS)}")
        h1s = page.locator("h1")
        if h1s.count() != 1:
            self.fail(f"{h1s.count()} h1 elements")
        else:
            heading = " ".join(h1s.first.inner_text().split())
            title = " ".join(page.title().split())
            error = page.locator(".govuk-error-summary, .errornote").count() > 0
            expected = ("Error: " if error else "") + heading
            if not title.startswith(expected):
                self.fail(f"title {title!r} does not start with {expected!r}")
        if SCREENSHOTS:
            name = re.sub(r"[^\w-]+", "_", f"{self.who}-{self.width}-{label}")[:100]
            page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
        self.axe()

    def axe(self):
        # Not into iframes (the outbox's email preview): its frame is the
        # email, not a page of the service, and axe waits a minute on it.
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "resultTypes": ["violations"],
            "iframes": False,
        }
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(_axe_source())
        result = self.page.evaluate("options => axe.run(document, options)", options)
        for violation in result["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:3]
            self.fail(f"axe {violation['id']}: {violation['help']} at {targets}")

    def staff_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "#main-content a[href], #content a[href], #container a[href], header a[href]",
            "links => links.map(a => a.getAttribute('href'))",
        )
        paths = []
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc or parts.query or not parts.path.startswith(STAFF_ROOTS):
                continue
            if NOT_PAGES.search(parts.path):
                continue
            paths.append(parts.path)
        return paths

    def crawl(self, start):
        """Visit every kind of staff page reachable from ``start``."""
        queue = list(start)
        while queue:
            path = queue.pop(0)
            kind = kind_of(path)
            if kind in self.seen:
                continue
            self.seen.add(kind)
            if self.visit(path):
                queue.extend(self.staff_links())


@pytest.fixture
def site(live_server, strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chris = staff("chris", COMMISSIONERS)
    staff("pat", PLACEMENT_TEAM)
    new = submitted_offer()
    accepted = submitted_offer(client_groups=["learning_disability_autism"])
    line = DemandLine.objects.filter(group__version__slug="2021-plan").first()
    triage.offer_accept(offer=accepted, actor=chris, allocations=[(line, 4)])
    asked = submitted_offer()
    triage.information_request(offer=asked, question="What is the site area?", actor=chris)
    triage.offer_note_add(offer=asked, author=chris, text="Rang the provider.")
    # An opportunity with a question answered and published, and one not.
    opportunity = published_opportunity(by=chris)
    for words in ("Is parking needed?", "Can the homes be in two buildings?"):
        questions.question_ask(opportunity=opportunity, email="asker@example.org", question=words)
    first = opportunity.questions.first()
    questions.question_answer(question=first, answer="No.", actor=chris)
    questions.question_publish(question=first, published_question="Parking?", actor=chris)
    return live_server.url, new, accepted


def sign_in(visitor, username):
    page = visitor.page
    visitor.visit("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "wrong password")
    visitor.submit("sign-in-error")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with SERVER, page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Log in").click()


def public_visit(visitor, paths):
    page = visitor.page
    # The one start page: "Start now" on the home page opens the task list.
    visitor.visit("/")
    with SERVER, page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Start now").click()
    if urlsplit(page.url).path != "/offer/tasks/":
        visitor.fail("'Start now' did not open the task list")
    for path in paths:
        visitor.visit(path)
    for step in journey.STEPS:
        visitor.visit(f"/offer/{step.slug}/")
    # Pages after an error.
    visitor.visit(f"/offer/{journey.STEPS[0].slug}/", label="step-error-form")
    visitor.submit("step-error")
    visitor.visit("/check/?offer_type=&units=many", label="check-error")
    # An opportunity's page with its questions and answers, and the question
    # form after an error.
    opportunity = Opportunity.objects.get().get_absolute_url()
    visitor.visit(opportunity)
    visitor.visit(opportunity, label="question-error-form")
    visitor.submit("question-error", "form[action$='/questions/'] button")
    visitor.visit("/your-offers/", label="your-offers-error-form")
    page.fill("input[type=email]", "not an address")
    visitor.submit("your-offers-error")
    alerts_visit(visitor)


def alerts_visit(visitor):
    """Email alerts: the form after an error, then each page its links open."""
    page = visitor.page
    visitor.visit("/alerts/", label="alerts-error-form")
    page.fill("input[type=email]", "not an address")
    visitor.submit("alerts-error")
    page.fill("input[type=email]", "alerts@example.org")
    visitor.submit("alerts-check-email")
    subscription = AlertSubscription.objects.get(email="alerts@example.org")
    for name, token in (
        ("confirm", links.confirm_token(subscription)),
        ("manage", links.manage_token(subscription)),
        ("unsubscribe", links.unsubscribe_token(subscription)),
    ):
        visitor.visit(reverse(f"alerts:{name}", args=[token]), label=f"alerts-{name}")


def staff_visit(visitor, username, new, accepted):
    sign_in(visitor, username)
    visitor.crawl(
        [
            "/admin/",
            "/staff/dashboard/",
            "/admin/two-factor/",
            f"/admin/eoi/offer/{new.pk}/change/",
            f"/admin/eoi/offer/{accepted.pk}/change/",
            f"/admin/eoi/offer/{new.pk}/history/",
        ]
    )
    page = visitor.page
    if username == "chris":
        # The forms' error pages: an empty question, a wrong code, every
        # "add" form sent empty.
        visitor.visit(f"/admin/eoi/offer/{new.pk}/transition/request_information/")
        visitor.submit("request-information-error")
        visitor.visit("/admin/two-factor/")
        with SERVER:
            with page.expect_navigation(wait_until="load") as navigation:
                page.get_by_role("button", name="Turn on two-step verification").click()
            html = navigation.value.text()
        visitor.check("two-factor-confirm", html)
        page.locator("input[name=code], input[name=token], input[type=text]").last.fill("000000")
        visitor.submit("two-factor-error", "#content-main form [type=submit]")
        for kind in sorted(visitor.seen):
            if kind.endswith("/add/") and "/N/" not in kind:
                with SERVER:
                    page.goto(visitor.base + kind, wait_until="load")  # checked in the crawl
                visitor.submit(f"add-error-{kind}", "[name=_save]")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_every_page_fits_passes_axe_and_nu_and_is_titled_by_its_heading(
    browser, site, viewport, tmp_path
):
    url, new, accepted = site
    failures: list[str] = []
    sources: dict[str, str] = {}
    reached: dict[str, int] = {}
    paths = public_paths()

    def visit_as(who, own_browser, job):
        visitor = Visitor(own_browser, viewport, url, who, failures, sources)
        try:
            job(visitor)
        except Exception as error:  # reported with the rest, not lost in a thread
            failures.append(
                f"[{who} {viewport['width']}px] stopped at {visitor.page.url}: {error!r}"
            )
        finally:
            reached[who] = len(visitor.seen)
            visitor.close()

    def in_own_browser(who, job):
        # The staff visitors each drive a browser of their own, in a thread of
        # their own: the machine's two cores run two pages' checks at once.
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                visit_as(who, own, job)
            finally:
                own.close()

    threads = [
        threading.Thread(
            target=in_own_browser,
            args=(username, lambda v, u=username: staff_visit(v, u, new, accepted)),
        )
        for username in ("chris", "pat")
    ]
    for thread in threads:
        thread.start()
    visit_as("public", browser, lambda v: public_visit(v, paths))
    for thread in threads:
        thread.join(timeout=900)

    # The crawl really went round the staff side.
    if not (reached.get("chris", 0) >= 30 and reached.get("pat", 0) >= 20):
        failures.append(f"the staff crawl stopped short: {reached} kinds of page")
    if viewport["width"] == 1280:
        failures.extend(nu_errors(sources, tmp_path))
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)


def nu_errors(sources: dict[str, str], folder) -> list[str]:
    files = []
    for number, (label, html) in enumerate(sources.items()):
        name = re.sub(r"[^\w-]+", "_", label)[:80]
        path = folder / f"{number:03d}-{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    run = subprocess.run(
        [*_vnu(), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [
        f"[Nu] {Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{(m.get('extract') or '').strip()[:100]}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
