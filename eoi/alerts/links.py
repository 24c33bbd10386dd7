"""Signed links in alert emails: confirm, change (manage) and unsubscribe.

Each carries the subscription's ``key`` (a random UUID), never its address or
its row's id, signed with the secret key and a salt for its purpose, so a
confirm link cannot be used to unsubscribe and a tampered link is refused.
The confirm link expires after ``settings.EOI_ALERT_CONFIRM_DAYS``; the
manage and unsubscribe links do not, and stop working when the subscription
is deleted (stopping deletes it).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from eoi.notifications.emails import portal_url

CONFIRM_SALT = "eoi.alerts.confirm"
MANAGE_SALT = "eoi.alerts.manage"
UNSUBSCRIBE_SALT = "eoi.alerts.unsubscribe"


class LinkInvalid(Exception):
    """The link was tampered with, or is for something else."""


class LinkExpired(LinkInvalid):
    """The link was genuine but is too old (a confirm link)."""


def confirm_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.EOI_ALERT_CONFIRM_DAYS)


def _key_of(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:  # signed by us: only if the format ever changes
        raise LinkInvalid("not a subscription's key") from error


def confirm_token(subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.key))


def key_from_confirm_token(token: str) -> uuid.UUID:
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=confirm_age())
    except signing.SignatureExpired as error:
        raise LinkExpired(str(error)) from error
    except signing.BadSignature as error:
        raise LinkInvalid(str(error)) from error
    return _key_of(value)


def _token(subscription, salt: str) -> str:
    return signing.Signer(salt=salt).sign(str(subscription.key))


def _key(token: str, salt: str) -> uuid.UUID:
    try:
        return _key_of(signing.Signer(salt=salt).unsign(token))
    except signing.BadSignature as error:
        raise LinkInvalid(str(error)) from error


def manage_token(subscription) -> str:
    return _token(subscription, MANAGE_SALT)


def key_from_manage_token(token: str) -> uuid.UUID:
    return _key(token, MANAGE_SALT)


def unsubscribe_token(subscription) -> str:
    return _token(subscription, UNSUBSCRIBE_SALT)


def key_from_unsubscribe_token(token: str) -> uuid.UUID:
    return _key(token, UNSUBSCRIBE_SALT)


def confirm_url(subscription) -> str:
    return portal_url(reverse("alerts:confirm", args=[confirm_token(subscription)]))


def manage_url(subscription) -> str:
    return portal_url(reverse("alerts:manage", args=[manage_token(subscription)]))


def unsubscribe_url(subscription) -> str:
    return portal_url(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]))
