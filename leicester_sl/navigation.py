"""The header's service navigation: the portal's main pages, in order.

Each entry is a URL name, its label and, for a section, the pages in it (URL
names and labels, the entry's own page first). The navigation must fit on one
row at 1280px with the council's header, so the three pages about the
strategy's figures are one section, "What the city needs": its pages link to
each other (templates/includes/section_pages.html).

An entry or section page whose URL name does not resolve (a page not built
yet on this branch) is left out, so a page joins the header as soon as its
URL exists.
"""

from typing import NamedTuple

from django.urls import NoReverseMatch, reverse


class Entry(NamedTuple):
    url_name: str
    label: str
    section: tuple[tuple[str, str], ...] = ()


NAVIGATION = [
    Entry("home", "Home"),
    Entry("check", "Check before you offer"),
    Entry(
        "city_needs",
        "What the city needs",
        section=(
            ("city_needs", "What the city needs"),
            ("planned_and_delivered", "Planned and delivered"),
            ("existing_provision", "Existing provision"),
        ),
    ),
    Entry("opportunities:list", "Opportunities"),
    Entry("rates", "Rates and rules"),
    Entry("your_offers:start", "Your offers"),
]


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _within(path: str | None, url: str) -> bool:
    """Whether ``path`` is the page at ``url`` or one below it (the home page has none below)."""
    if path is None:
        return False
    return path == url if url == "/" else path.startswith(url)


def navigation_items(path: str | None = None) -> list[dict]:
    """The entries that resolve, each with its URL and where ``path`` is.

    ``current``: ``path`` is the entry's own page (aria-current="page");
    ``active``: ``path`` is that page, a page below it or a page of its
    section (the item is marked; aria-current="true" when not ``current``).
    ``section``: the section's pages that resolve, each with ``current``.
    """
    items = []
    for entry in NAVIGATION:
        url = _url(entry.url_name)
        if url is None:
            continue
        section = []
        for url_name, label in entry.section:
            page_url = _url(url_name)
            if page_url is not None:
                section.append({"url": page_url, "label": label, "current": path == page_url})
        items.append(
            {
                "url": url,
                "label": entry.label,
                "current": path == url,
                "active": _within(path, url) or any(_within(path, page["url"]) for page in section),
                "section": section,
            }
        )
    return items
