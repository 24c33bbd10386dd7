"""Browser tests: Playwright (sync API) driving Debian's system Chromium.

No browser is ever downloaded (never run ``playwright install``): the tests
launch /usr/bin/chromium. Without it they are skipped locally, with a message
saying how to install it, and fail loudly in CI (``CI=true``).

Fixtures
    browser          one headless Chromium for all of tests/browser
    viewport         {"width": 1280, "height": 900}; parametrize it to change
                     the page size, e.g. ``@pytest.mark.parametrize("viewport",
                     [{"width": 320, "height": 800}])``
    context_options  extra ``browser.new_context()`` arguments (default none);
                     override or parametrize it, e.g. {"java_script_enabled": False}
    console_errors   list of console errors (which include CSP violations) and
                     uncaught page errors seen by ``page``
    page             a fresh page in a fresh browser context for every test
    assert_accessible  the ``assert_accessible(page)`` helper below

Every test in this directory is marked ``browser`` (run only these with
``pytest -m browser``, or skip them with ``-m "not browser"``).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread and marks
# it as running between calls, for as long as Playwright is started. Django's
# async-safety check then refuses ORM calls made in that thread (loaddata, the
# database flush after each live_server test), so this is set to "true" before
# Playwright starts. It is NOT set for the whole pytest process: os.environ is
# inherited by subprocesses, and `manage.py check --deploy` run from
# tests/test_deploy_check.py then fails with async.E001. See ``browser``.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}

# axe-core rule tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus Deque's
# best practices. best-practice is kept: the GOV.UK Design System markup these
# pages use passes it. The one rule it has flagged, "region" (content outside
# landmarks) for the phase banner, is NOT a deliberate GOV.UK convention any
# more: GOV.UK Frontend 6 guidance puts the phase banner inside <header>
# (alphagov/govuk-frontend#6460, #6534). If best-practice ever flags something
# GOV.UK does on purpose, drop the tag here and name the rule and the reason.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser with ``browser``."""
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One headless system Chromium for all the tests in tests/browser.

    Package-scoped rather than session-scoped on purpose: the browser, the
    Playwright event loop and DJANGO_ALLOW_ASYNC_UNSAFE all end with the last
    browser test, so the rest of the suite runs with Django's async-safety
    check intact and no stray environment variable. All browser tests live in
    this package, so Chromium is still started only once per run.
    """
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"Browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with: sudo apt-get install chromium"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    playwright = None
    browser = None
    try:
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
    finally:
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()
            if previous is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def viewport():
    return DESKTOP


@pytest.fixture
def context_options():
    return {}


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def page(browser, viewport, context_options, console_errors):
    context = browser.new_context(viewport=viewport, **context_options)
    page = context.new_page()

    def on_console(message):
        # Chromium reports Content Security Policy violations as console
        # errors ("Refused to execute inline script because it violates the
        # following Content Security Policy directive: ...").
        if message.type == "error" or "Content Security Policy" in message.text:
            location = message.location or {}
            where = location.get("url", "")
            if location.get("lineNumber") is not None and where:
                where += f":{location['lineNumber']}"
            console_errors.append(
                f"console.{message.type}: {message.text}" + (f" ({where})" if where else "")
            )

    def on_page_error(error):
        console_errors.append(f"uncaught exception: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    context.close()


def assert_accessible(page, *, tags=AXE_TAGS, context=None):
    """Run axe-core on the page as it is now; fail listing any violations."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    violations = results.response["violations"]
    if not violations:
        return
    size = page.viewport_size or {}
    lines = [
        f"{len(violations)} axe-core violation(s) on {page.url} "
        f"at {size.get('width')}x{size.get('height')}:"
    ]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']} [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(t if isinstance(t, str) else " >> ".join(t) for t in node["target"])
            lines.append(f"    target: {target}")
            summary = (node.get("failureSummary") or "").strip()
            for summary_line in summary.splitlines():
                lines.append(f"      {summary_line.strip()}")
    pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    return assert_accessible


@pytest.fixture(autouse=True)
def portal_address_is_the_live_server(request, settings):
    """Links in emails are built from PORTAL_BASE_URL alone (never the Host
    header): in a browser test that is the live server's address."""
    if "live_server" in request.fixturenames:
        settings.PORTAL_BASE_URL = request.getfixturevalue("live_server").url
