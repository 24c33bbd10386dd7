"""Reads for alerts: a subscription by its links' key, and what it chose."""

from __future__ import annotations

import uuid

from eoi.models import AlertSubscription
from .services import Choices


def subscription_get(*, key: uuid.UUID) -> AlertSubscription | None:
    return AlertSubscription.objects.filter(key=key).prefetch_related("wards").first()


def choices_of(subscription: AlertSubscription) -> Choices:
    return Choices(
        client_groups=tuple(subscription.client_groups),
        ward_ids=tuple(ward.pk for ward in subscription.wards.all()),
        routes=tuple(subscription.routes),
        framework_reopening=subscription.framework_reopening,
        monthly_digest=subscription.monthly_digest,
    )
