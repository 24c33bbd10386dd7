"""Live links to a provider's offers, kept out of what staff read of an email.

Three kinds of link carry a token that lets whoever holds it in: the link
back to a draft (``eoi:resume``), the sign-in link to "Your offers"
(``your_offers:sign-in``: see and withdraw every offer of the address) and
the status link (``eoi:status``, and ``eoi:sent`` with the same token: see the
offer and answer the council's questions). The emails say "anyone with it can
see your offers". Where staff read an email (the email log,
``eoi.notifications.admin``), each such link is shown with its token replaced
by :data:`MASK`; the stored email, and so the one sent (or sent again), keeps
it. The links are found by the paths the URLconf gives them, so a link moved
to another path is still found.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.html import escape

MASK = "[link removed: only the provider's inbox has it]"
TOKEN_LINKS = ("eoi:resume", "eoi:sent", "eoi:status", "your_offers:sign-in")
_PLACEHOLDER = "TOKEN"
# What a token may be made of in a link: anything up to the path's next part.
_TOKEN = r"[^/\s\"'<>]+"


def _token_links() -> re.Pattern:
    alternatives = []
    for name in TOKEN_LINKS:
        before, after = reverse(name, args=[_PLACEHOLDER]).split(_PLACEHOLDER)
        alternatives.append(f"(?<={re.escape(before)}){_TOKEN}(?={re.escape(after)})")
    return re.compile("|".join(alternatives))


# A link whose address carries a token goes nowhere where staff read it: its
# address would not be a valid URL with the mask in it.
_MASKED_HREF = "#link-removed"
_HREF = re.compile(r"""(href=["'])([^"']*)""")


def tokens_masked(text: str, *, html: bool = False) -> str:
    """``text`` with the token of every live link replaced by :data:`MASK`
    (escaped for HTML when ``html``, where a link with a token in its
    ``href`` points at ``#link-removed``)."""
    if not text:
        return text
    links = _token_links()
    if not html:
        return links.sub(MASK, text)
    text = _HREF.sub(
        lambda m: m.group(1) + (_MASKED_HREF if links.search(m.group(2)) else m.group(2)), text
    )
    return links.sub(escape(MASK), text)


def email_bodies(email) -> tuple[str, str]:
    """A post_office ``Email``'s plain text and HTML as it is sent (either
    may be empty), decoded: never the MIME encoding, which can break a long
    link across lines."""
    message = email.email_message()
    if message.content_subtype == "html":
        text, html = "", message.body
    else:
        text, html = message.body, ""
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/html":
            html = content
    return text, html
