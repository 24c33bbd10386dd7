"""Signed, expiring links for providers: resume a draft, follow an offer.

A token carries one object's id and what it is for (the salt), signed with the
secret key: it reveals nothing about other offers, and a tampered or expired
token is refused.
"""

import datetime

from django.core import signing

DRAFT_SALT = "eoi.draft-resume"
STATUS_SALT = "eoi.offer-status"
DRAFT_LINK_AGE = datetime.timedelta(days=30)
STATUS_LINK_AGE = datetime.timedelta(days=365 * 2)


class LinkInvalid(Exception):
    """The link was tampered with, has expired, or is for something else."""


def _dumps(value: str, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(value)


def _loads(token: str, salt: str, max_age: datetime.timedelta) -> str:
    try:
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise LinkInvalid(str(error)) from error


def draft_token(draft) -> str:
    return _dumps(str(draft.pk), DRAFT_SALT)


def draft_id_from_token(token: str) -> str:
    return _loads(token, DRAFT_SALT, DRAFT_LINK_AGE)


def status_token(offer) -> str:
    return _dumps(offer.reference, STATUS_SALT)


def offer_reference_from_token(token: str) -> str:
    return _loads(token, STATUS_SALT, STATUS_LINK_AGE)
