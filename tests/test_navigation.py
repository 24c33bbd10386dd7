"""The header's service navigation (leicester_sl/navigation.py): five items,
the current page or section marked, and every public page one link away."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADER_ITEM = re.compile(
    r'<li class="govuk-service-navigation__item[^"]*">\s*'
    r'<a class="govuk-service-navigation__link" href="([^"]+)"(?: aria-current="(\w+)")?>'
    r"(?:<strong[^>]*>)?([^<]+)"
)


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def header_items(client, url):
    """(href, aria-current or None, label) for each header navigation link."""
    page = client.get(url).content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    return [
        (href, current or None, label.strip())
        for href, current, label in HEADER_ITEM.findall(header)
    ]


def test_the_header_has_six_items_each_page_of_its_own(client):
    assert header_items(client, reverse("home")) == [
        ("/", "page", "Home"),
        (reverse("check"), None, "Check before you offer"),
        (reverse("city_needs"), None, "What the city needs"),
        (reverse("opportunities:list"), None, "Opportunities"),
        (reverse("rates"), None, "Rates and rules"),
        (reverse("your_offers:start"), None, "Your offers"),
    ]


@pytest.mark.parametrize(
    "url_name, marked",
    [
        ("check", ("Check before you offer", "page")),
        ("rates", ("Rates and rules", "page")),
        ("opportunities:list", ("Opportunities", "page")),
        ("city_needs", ("What the city needs", "page")),
        # Pages of the "What the city needs" section: the section is marked,
        # as a section (aria-current="true"), not as this page.
        ("planned_and_delivered", ("What the city needs", "true")),
        ("existing_provision", ("What the city needs", "true")),
    ],
)
def test_the_header_marks_the_current_page_or_its_section(client, url_name, marked):
    items = header_items(client, reverse(url_name))
    assert [(label, current) for _, current, label in items if current] == [marked]


@pytest.mark.parametrize("url_name", ["city_needs", "planned_and_delivered", "existing_provision"])
def test_each_page_of_the_section_links_to_the_others(client, url_name):
    page = client.get(reverse(url_name)).content.decode()
    section_nav = page.split('aria-labelledby="section-pages-heading"', 1)[1].split("</nav>", 1)[0]
    assert "More about what the city needs" in section_nav
    for other, label in [
        ("city_needs", "What the city needs"),
        ("planned_and_delivered", "Planned and delivered"),
        ("existing_provision", "Existing provision"),
    ]:
        if other == url_name:
            assert f'<span aria-current="page">{label} (this page)</span>' in section_nav
            assert f'href="{reverse(other)}"' not in section_nav
        else:
            assert f'<a class="govuk-link" href="{reverse(other)}">{label}</a>' in section_nav


def test_pages_outside_a_section_have_no_section_links(client):
    for url_name in ["home", "check", "rates"]:
        page = client.get(reverse(url_name)).content.decode()
        assert "section-pages-heading" not in page, url_name
