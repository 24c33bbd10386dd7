"""Reading offer documents from files, shared by screen_offer and import_offers."""

import json
from pathlib import Path

from django.core.management.base import CommandError

from eoi.offer_document import OfferDocument, OfferDocumentError, parse_offer

INVALID = 2  # exit status for a file that is not a valid offer


def _unwrap(item):
    """Accept the examples' ``{"offer": …, "expect": …}`` wrapper as well as a bare offer."""
    if isinstance(item, dict) and "offer" in item and set(item) <= {"offer", "expect"}:
        return item["offer"]
    return item


def read_json(path: str):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=INVALID) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(
            f"{path}: not valid JSON: {error}", returncode=INVALID
        ) from None


def parse_or_fail(data, *, where: str) -> OfferDocument:
    try:
        return parse_offer(_unwrap(data))
    except OfferDocumentError as error:
        lines = "\n".join(f"  {path}: {message}" for path, message in error.errors)
        raise CommandError(
            f"{where} is not a valid offer:\n{lines}", returncode=INVALID
        ) from None
