"""The header's service navigation: the portal's main pages, in order.

Each entry is a URL name and its label. An entry whose URL name does not
resolve (a page not built yet on this branch) is left out, so a page joins
the header as soon as its URL exists.
"""

from django.urls import NoReverseMatch, reverse

NAVIGATION = [
    ("home", "Home"),
    ("check", "Check before you offer"),
    ("city_needs", "What the city needs"),
    ("planned_and_delivered", "Planned and delivered"),
    ("existing_provision", "Existing provision"),
    ("rates", "Rates and rules"),
    ("your_offers:start", "Your offers"),
]


def navigation_items(path: str | None = None) -> list[dict]:
    """The entries that resolve, each with its URL and whether ``path`` is in it."""
    items = []
    for url_name, label in NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if path is None:
            active = False
        elif url == "/":
            active = path == "/"
        else:
            active = path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items
