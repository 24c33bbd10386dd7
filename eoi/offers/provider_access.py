"""Signing providers in to "Your offers" by an emailed link, and what they may do there.

A provider proves they hold an address by following a link sent to it: the
link's secret is random, only its hash is stored, it works once and for
``SIGN_IN_LINK_AGE``. Signing in puts the address in the session
(``ProviderSession``), apart from staff sign-in: there is no user account.
The same reply is given whether or not the address has offers, so nobody can
learn who has offered.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eoi.notifications import emails
from eoi.triage import services as triage
from .journey import STEPS
from eoi.models import Offer, OfferDraft, ProviderSignIn, StatusChange
from eoi.triage.statuses import OPEN

SIGN_IN_LINK_AGE = datetime.timedelta(hours=1)
SESSION_EMAIL_KEY = "your_offers_email"

# The journey's steps whose answers "offer another site" copies: who the
# provider is, who to contact and how the homes are paid for (by the offer
# document section each step's questions fill, eoi.offers.journey.Step.builds).
COPIED_SECTIONS = ("organisation", "contact", "finance")


def email_normalise(email: str) -> str:
    return email.strip().lower()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --------------------------------------------------------------------------
# Sign-in links
# --------------------------------------------------------------------------


def sign_in_link_create(*, email: str) -> str:
    """A new single-use secret for ``email``; the caller builds the link.

    Links past their hour are deleted here: they hold an address and are of
    no more use.
    """
    ProviderSignIn.objects.filter(expires_at__lt=timezone.now()).delete()
    secret = secrets.token_urlsafe(32)
    ProviderSignIn.objects.create(
        email=email_normalise(email),
        secret_hash=_hash(secret),
        expires_at=timezone.now() + SIGN_IN_LINK_AGE,
    )
    return secret


def sign_in_link_valid(secret: str) -> ProviderSignIn | None:
    """The unused, unexpired sign-in for ``secret``, without using it."""
    return ProviderSignIn.objects.filter(
        secret_hash=_hash(secret), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def sign_in_link_use(secret: str) -> str | None:
    """Use the link: its address, or None if it is unknown, used or expired."""
    sign_in = (
        ProviderSignIn.objects.select_for_update()
        .filter(secret_hash=_hash(secret), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if sign_in is None:
        return None
    sign_in.used_at = timezone.now()
    sign_in.save(update_fields=["used_at"])
    return sign_in.email


def sign_in_link_send(*, email: str) -> None:
    """Email a sign-in link to ``email``, on the portal's own address
    (PORTAL_BASE_URL), whichever host the request came in by."""
    with transaction.atomic():
        secret = sign_in_link_create(email=email)
        emails.provider_sign_in_email_queue(
            email=email_normalise(email),
            url=emails.portal_url(reverse("your_offers:sign-in", args=[secret])),
            expires=timezone.localtime(timezone.now() + SIGN_IN_LINK_AGE),
        )


class ProviderSession:
    """The signed-in provider's address, in the session (not a staff login)."""

    def __init__(self, request):
        self.session = request.session

    def sign_in(self, email: str) -> None:
        self.session.cycle_key()
        self.session[SESSION_EMAIL_KEY] = email_normalise(email)

    def sign_out(self) -> None:
        self.session.pop(SESSION_EMAIL_KEY, None)
        self.session.cycle_key()

    @property
    def email(self) -> str | None:
        return self.session.get(SESSION_EMAIL_KEY)


# --------------------------------------------------------------------------
# What a signed-in provider sees and does
# --------------------------------------------------------------------------


def provider_offer_list(*, email: str) -> list[Offer]:
    return list(
        Offer.objects.filter(contact_email__iexact=email)
        .prefetch_related("information_requests")
        .order_by("-submitted_at")
    )


def provider_draft_list(*, email: str) -> list[OfferDraft]:
    return list(
        OfferDraft.objects.filter(
            contact_email__iexact=email, submitted_offer__isnull=True
        ).order_by("-updated_at")
    )


def provider_offer_get(*, email: str, reference: str) -> Offer | None:
    return Offer.objects.filter(contact_email__iexact=email, reference=reference).first()


def provider_draft_get(*, email: str, draft_id) -> OfferDraft | None:
    return OfferDraft.objects.filter(
        contact_email__iexact=email, submitted_offer__isnull=True, pk=draft_id
    ).first()


def can_withdraw(offer: Offer) -> bool:
    return offer.status in OPEN


@transaction.atomic
def offer_withdraw_by_provider(*, offer: Offer, reason: str) -> StatusChange:
    """The provider withdraws their offer: recorded with the provider as the
    actor, told to the provider (by the transition) and to the team inbox."""
    change = triage.offer_transition(
        offer=offer, name="withdraw", actor=None, reason=reason.strip()
    )
    emails.offer_withdrawn_email_queue(change=change)
    return change


def draft_for_another_site(*, offer: Offer, email: str) -> OfferDraft:
    """A new draft with the organisation, contact and finance answers of
    ``offer``'s draft (an offer imported from a document has none: the new
    draft starts empty but for the contact address)."""
    source = getattr(offer, "draft", None)
    answers = source.answers if source is not None else {}
    copied_steps = {
        step.slug
        for step in STEPS
        if step.builds
        and all(path.split(".")[0] in COPIED_SECTIONS for path in step.builds.values())
    }
    return OfferDraft.objects.create(
        answers={slug: value for slug, value in answers.items() if slug in copied_steps},
        contact_email=offer.contact_email or email,
    )
