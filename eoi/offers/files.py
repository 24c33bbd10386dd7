"""Reading offer documents from files, shared by screen_offer and import_offers."""

import json
from pathlib import Path

from django.core.management.base import CommandError

from eoi.offers.document import OfferDocument, OfferDocumentError, parse_offer

INVALID = 2  # exit status for a file that is not a valid offer


def _unwrap(item):
    """Accept the examples' ``{"offer": …, "expect": …}`` wrapper as well as a bare offer."""
    if isinstance(item, dict) and "offer" in item and set(item) <= {"offer", "expect"}:
        return item["offer"]
    return item


def read_json(path: str):
    """The JSON in the file, or a CommandError (exit status 2) naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=INVALID) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not valid JSON: not UTF-8 text", returncode=INVALID) from None
    except OSError as error:
        raise CommandError(
            f"{path}: cannot be read: {error.strerror}", returncode=INVALID
        ) from None
    return json_of(text, where=path)


def json_of(text: str, *, where: str):
    """Read JSON text safely: any text gives a value or a CommandError.

    Python's reader raises RecursionError for arrays or objects nested
    thousands deep, and ValueError for an integer of more than 4,300 digits
    (its limit on converting text to int); neither is an offer.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problem = str(error)
    except RecursionError:
        problem = "nested too deeply"
    except ValueError:
        problem = "a number has more digits than can be read"
    raise CommandError(f"{where}: not valid JSON: {problem}", returncode=INVALID)


def parse_or_fail(data, *, where: str) -> OfferDocument:
    try:
        return parse_offer(_unwrap(data))
    except OfferDocumentError as error:
        lines = "\n".join(f"  {path}: {message}" for path, message in error.errors)
        raise CommandError(f"{where} is not a valid offer:\n{lines}", returncode=INVALID) from None
