"""The public pages in a real browser: structure, accessibility, small screens,
no-JavaScript, keyboard access and the Content Security Policy."""

import pytest
from django.urls import reverse

DESKTOP = {"width": 1280, "height": 900}
MOBILE_320 = {"width": 320, "height": 800}
PUBLIC_PAGES = [
    "home",
    "city_needs",
    "planned_and_delivered",
    "existing_provision",
    "opportunities:list",
    "accessibility",
    "privacy",
]
VIEWPORTS = [
    pytest.param(DESKTOP, id="desktop-1280"),
    pytest.param(MOBILE_320, id="mobile-320"),
]

# live_server needs a transactional database; the data is loaded per test.
pytestmark = pytest.mark.django_db(transaction=True)

# Elements whose right edge sticks out past the viewport, for failure messages.
OVERFLOWING_ELEMENTS_JS = """
() => {
  const width = window.innerWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    return s;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > width + 0.5) {
      // Report only the outermost overflowing element of each branch.
      const parent = el.parentElement;
      const parentRect = parent ? parent.getBoundingClientRect() : null;
      if (!parentRect || parentRect.right <= width + 0.5) {
        found.push(describe(el) + ' (right edge ' + Math.round(rect.right) + 'px)');
      }
    }
  }
  return found.slice(0, 20);
}
"""


@pytest.fixture
def site(live_server, strategy_data):
    """The live server's base URL, with the strategy data loaded."""
    return live_server.url


def open_page(page, site, url_name, **goto_options):
    response = page.goto(site + reverse(url_name), **goto_options)
    assert response is not None, f"no response for {url_name}"
    assert response.status == 200, f"{url_name}: HTTP {response.status}"
    return response


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_page_loads_with_exactly_one_h1(page, site, url_name):
    open_page(page, site, url_name)
    h1s = page.locator("h1")
    assert h1s.count() == 1, f"{url_name}: {h1s.count()} h1 elements: {h1s.all_inner_texts()}"
    assert h1s.first.inner_text().strip()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_page_has_no_axe_violations(page, site, url_name, assert_accessible):
    open_page(page, site, url_name, wait_until="networkidle")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_page_does_not_scroll_horizontally(page, site, url_name, viewport):
    open_page(page, site, url_name, wait_until="networkidle")
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > inner_width:
        overflowing = page.evaluate(OVERFLOWING_ELEMENTS_JS)
        pytest.fail(
            f"{url_name} at {viewport['width']}px wide scrolls horizontally: "
            f"document is {scroll_width}px wide. Overflowing elements:\n  "
            + "\n  ".join(overflowing),
            pytrace=False,
        )


def test_home_page_shows_the_demand(page, site):
    open_page(page, site, "home")
    position = page.locator(".app-current-position")
    assert "551 homes are needed" in position.inner_text()
    assert "473 homes are still to find" in position.inner_text()
    start = page.get_by_role("button", name="Start now")
    assert start.is_visible()
    # Well above the fold on a desktop screen: clear of it by at least the
    # height of a row of the header's navigation (59px), so that one more row
    # there, or a longer sentence about the demand, would not push it below.
    bottom = start.bounding_box()["y"] + start.bounding_box()["height"]
    nav_row = page.locator("header .govuk-service-navigation__item").first.bounding_box()["height"]
    assert bottom + nav_row <= DESKTOP["height"], f"'Start now' ends at {bottom}px"


# The header's navigation items: their labels, and the top of each.
NAVIGATION_ROWS_JS = """
() => [...document.querySelectorAll('header .govuk-service-navigation__item')].map(
  (item) => [item.innerText.trim(), Math.round(item.getBoundingClientRect().top)])
"""
HEADER_LABELS = [
    "Home",
    "Check before you offer",
    "What the city needs",
    "Opportunities",
    "Rates and rules",
    "Your offers",
]


def test_header_navigation_is_one_row_at_1280px(page, site):
    """At 1280px every item shares one row, whichever page (or section) is marked."""
    for url_name in [
        "home",
        "check",
        "city_needs",
        "planned_and_delivered",
        "opportunities:list",
        "rates",
        "your_offers:start",
    ]:
        open_page(page, site, url_name)
        items = page.evaluate(NAVIGATION_ROWS_JS)
        assert [label for label, _ in items] == HEADER_LABELS, url_name
        assert len({top for _, top in items}) == 1, (
            f"{url_name}: items on more than one row: {items}"
        )
        assert page.locator("header [aria-current]").count() == 1, url_name


@pytest.mark.parametrize("viewport", [MOBILE_320])
def test_header_navigation_is_behind_the_menu_button_at_320px(page, site):
    open_page(page, site, "planned_and_delivered", wait_until="networkidle")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#navigation").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    items = page.evaluate(NAVIGATION_ROWS_JS)
    assert [label for label, _ in items] == HEADER_LABELS
    assert len({top for _, top in items}) == len(HEADER_LABELS)  # one under another
    current = page.locator("header [aria-current]")
    assert (current.inner_text(), current.get_attribute("aria-current")) == (
        "What the city needs",
        "true",
    )
    # The section's other pages are one link away on the page itself.
    section = page.get_by_role("navigation", name="More about what the city needs")
    assert section.get_by_role("link").all_inner_texts() == [
        "What the city needs",
        "Existing provision",
    ]


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_home_page_works_without_javascript(page, site):
    open_page(page, site, "home")
    # init.js did not run ...
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    # ... and the position is still all there, and the demand tables one link away.
    assert "473 homes are still to find" in page.locator(".app-current-position").inner_text()
    page.get_by_role("link", name="What the city needs").first.click()
    first_demand_table = page.locator(".app-table-container table.govuk-table").first
    assert first_demand_table.is_visible()
    assert "homes needed" in first_demand_table.locator("caption").inner_text()
    assert first_demand_table.locator("tbody tr").count() > 0
    headers = first_demand_table.locator("thead th").all_inner_texts()
    assert "Needed" in headers and "Still to find" in headers


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_skip_link_is_the_first_focusable_element(page, site, url_name):
    open_page(page, site, url_name, wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused["text"] == "Skip to main content", f"{url_name}: first Tab focused {focused}"
    assert focused["href"] == "#main-content"
    assert page.locator(":focus").is_visible(), "the focused skip link is not shown"
    # Following it moves focus to the main content (GOV.UK's skip link module).
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_no_console_errors_or_csp_violations(page, site, url_name, console_errors):
    response = open_page(page, site, url_name, wait_until="networkidle")
    csp = response.header_value("content-security-policy") or ""
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, f"CSP header: {csp!r}"
    assert "unsafe-inline" not in csp
    # init.js (a module script) ran, so the policy did not block the JavaScript.
    assert "js-enabled" in (page.locator("body").get_attribute("class") or "")
    assert console_errors == [], f"{url_name}:\n" + "\n".join(console_errors)


def test_console_listener_catches_csp_violations(page, console_errors):
    """Guards the test above: a page breaking a strict CSP is reported."""
    probe = "http://csp-probe.invalid/"
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'"},
            body=(
                "<!DOCTYPE html><html lang='en'><head><title>probe</title></head>"
                "<body><p style='color: red'>x</p><script>document.title = 'ran'</script>"
                "</body></html>"
            ),
        ),
    )
    page.goto(probe)
    page.wait_for_timeout(200)
    assert page.title() == "probe"
    assert any("Content Security Policy" in error for error in console_errors), console_errors
