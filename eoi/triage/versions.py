"""What changed in an offer since a version of it was read (issue 23).

Every save of an offer moves ``Offer.version`` on and writes the offer's
history row (django-simple-history) holding that version, so the row of the
version a page showed is the offer as the page showed it. ``changes_since``
compares it with the offer now: a commissioner whose page was stale is shown
which fields differ, what they saw and what is there now.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from leicester_sl.documents.formatting import day, day_and_time
from django.utils.text import capfirst

from eoi.models import Offer
from eoi.offers.document.sections import BY_COLUMN
from eoi.offers.document.wording import NOT_GIVEN, answer_text

# Kept with every save, or moved on by it: never a difference worth showing.
NOT_SHOWN = frozenset({"id", "version", "updated_at", "latest_matched_cohorts"})


@dataclass(frozen=True)
class Change:
    """One field that differs: its label, as it was seen, as it is now."""

    field: str
    label: str
    seen: str
    now: str


def stored_version(offer: Offer) -> int | None:
    """The offer's version as stored now (None once it is deleted)."""
    return Offer.objects.filter(pk=offer.pk).values_list("version", flat=True).first()


def offer_as_seen(offer: Offer, version: int):
    """The offer's history row of ``version`` (its latest, for rows kept
    before versions were counted), or None."""
    return offer.history.filter(version=version).order_by("-history_date", "-history_id").first()


def value_words(field: models.Field, value) -> str:
    """A column's value as the offer's pages word it."""
    question = BY_COLUMN.get(field.name)
    if question is not None:
        return answer_text(question, value)
    if value in (None, ""):
        return NOT_GIVEN
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return day_and_time(value)
    if isinstance(field, models.DateField):
        return day(value)
    return str(value)


def _shown_value(record, field: models.Field):
    if field.is_relation:
        return getattr(record, field.name)  # the user or team, worded by its str
    return getattr(record, field.attname)


def changes_since(offer: Offer, version: int) -> list[Change] | None:
    """The fields of ``offer`` (as stored now) that differ from ``version``
    of it; None when that version's history row is not found."""
    seen = offer_as_seen(offer, version)
    if seen is None:
        return None
    history_fields = {field.name for field in seen._meta.concrete_fields}
    changes = []
    for field in Offer._meta.concrete_fields:
        if field.name in NOT_SHOWN or field.name not in history_fields:
            continue
        if getattr(seen, field.attname) == getattr(offer, field.attname):
            continue
        changes.append(
            Change(
                field=field.name,
                label=capfirst(field.verbose_name),
                seen=value_words(field, _shown_value(seen, field)),
                now=value_words(field, _shown_value(offer, field)),
            )
        )
    return changes
