"""Possible duplicates: other offers of the same site.

Two offers are of the same site when their normalised postcodes are equal and
the first line of the address or the scheme name of one equals either of the
other's, ignoring case, punctuation and a leading "flat"/"unit" (issue 15).
``site_keys`` is pure; ``offer_duplicates_find`` records the pairs
(``SiteMatch``); ``site_match_resolve`` records a commissioner's decision.
A pair marked "not the same site" stays so, and is never flagged again.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from eoi.models import TRIAGE, Offer, SiteMatch

__all__ = [
    "address_line_normalise",
    "offer_duplicates_find",
    "postcode_normalise",
    "site_keys",
    "site_match_resolve",
    "site_matches_of",
]

_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
# "Flat 3", "Unit 4B", "flat": the home within the site, not the site.
_HOUSE_NUMBER = re.compile(r"\d+[a-z]?")
_FLAT_OR_UNIT = re.compile(r"^(?:flat|unit)\b(?:\s+(?:no\s+)?[a-z]?\d+[a-z]?\b)?\s*")


def postcode_normalise(postcode: str) -> str:
    """``"le1 1aa "`` → ``"LE11AA"``: letters and digits only, upper case."""
    return re.sub(r"[^A-Z0-9]", "", (postcode or "").upper())


def _words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower().replace("'", "").replace("’", "")).split())


def address_line_normalise(address: str) -> str:
    """The first line of an address that names the site, normalised.

    Lines are split at new lines and commas; a line that is only a flat or
    unit number ("Flat 3, 12 Elm Road") gives way to the next, and a house
    number alone ("12, Elm Road") joins it.
    """
    number = ""
    for line in re.split(r"[\n\r,;]+", address or ""):
        words = _FLAT_OR_UNIT.sub("", _words(line)).strip()
        if _HOUSE_NUMBER.fullmatch(words):
            number = f"{number} {words}".strip()
        elif words:
            return f"{number} {words}".strip()
    return number


def site_keys(*, postcode: str, address: str, scheme_name: str) -> frozenset[tuple[str, str]]:
    """The (postcode, name) pairs by which an offer's site is recognised."""
    code = postcode_normalise(postcode)
    if not code:
        return frozenset()
    names = {address_line_normalise(address), address_line_normalise(scheme_name)}
    return frozenset((code, name) for name in names if name)


def _keys_of(offer: Offer) -> frozenset[tuple[str, str]]:
    return site_keys(
        postcode=offer.scheme_postcode, address=offer.scheme_address, scheme_name=offer.scheme_name
    )


@transaction.atomic
def offer_duplicates_find(*, offer: Offer) -> None:
    """Record a pair for every other offer of ``offer``'s site; forget
    undecided pairs that no longer match (the address changed).

    Call after an offer is sent and whenever its address changes; read the
    pairs with ``site_matches_of``. A site offered many times costs the same
    few queries (the candidates, the offer's pairs, one insert of the new ones
    with their history rows), not a few for each other offer.
    """
    keys = _keys_of(offer)
    matching = set()
    if keys:
        code = next(iter(keys))[0]
        # The inward code narrows the search in the database; the keys decide.
        candidates = (
            Offer.objects.exclude(pk=offer.pk)
            .filter(scheme_postcode__icontains=code[-3:])
            .values_list("pk", "scheme_postcode", "scheme_address", "scheme_name")
        )
        matching = {
            pk
            for pk, postcode, address, name in candidates
            if keys & site_keys(postcode=postcode, address=address, scheme_name=name)
        }
    recorded = {
        (low, high): (pk, resolution)
        for pk, low, high, resolution in SiteMatch.objects.filter(
            Q(offer=offer) | Q(other=offer)
        ).values_list("pk", "offer_id", "other_id", "resolution")
    }
    now = timezone.now()
    pairs = {tuple(sorted((offer.pk, other))) for other in matching}
    new = [
        SiteMatch(offer_id=low, other_id=high, found_at=now)
        for low, high in sorted(pairs - recorded.keys())
    ]
    if new:
        try:
            with transaction.atomic():
                bulk_create_with_history(new, SiteMatch, default_date=now)
        except IntegrityError:
            # Another transaction recorded one of these pairs at this moment.
            for match in new:
                SiteMatch.objects.get_or_create(
                    offer_id=match.offer_id, other_id=match.other_id, defaults={"found_at": now}
                )
    stale = [
        pk
        for pair, (pk, resolution) in recorded.items()
        if pair not in pairs and resolution == SiteMatch.Resolution.UNRESOLVED
    ]
    if stale:
        SiteMatch.objects.filter(pk__in=stale).delete()


def site_matches_of(*, offer: Offer, flagged_only: bool = True) -> list[SiteMatch]:
    """The offer's pairs, each with ``partner`` set to the other offer."""
    matches = SiteMatch.objects.filter(Q(offer=offer) | Q(other=offer)).select_related(
        "offer", "other", "resolved_by"
    )
    if flagged_only:
        matches = matches.exclude(resolution=SiteMatch.Resolution.DIFFERENT)
    result = list(matches.order_by("pk"))
    for match in result:
        match.partner = match.other if match.offer_id == offer.pk else match.offer
    return result


@transaction.atomic
def site_match_resolve(*, match: SiteMatch, resolution: str, actor) -> SiteMatch:
    """Record whether the two offers are the same site, and who said so."""
    if not actor.has_perm(TRIAGE):
        raise PermissionDenied(f"{actor} may not decide possible duplicates.")
    if resolution not in (SiteMatch.Resolution.SAME, SiteMatch.Resolution.DIFFERENT):
        raise ValidationError({"resolution": "Choose whether this is the same site."})
    match = SiteMatch.objects.select_for_update().get(pk=match.pk)
    match.resolution = resolution
    match.resolved_by = actor
    match.resolved_at = timezone.now()
    match._history_user = actor
    match.save()
    return match
