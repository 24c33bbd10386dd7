"""Small factories for offers in tests."""

import copy

from django.contrib.auth import get_user_model

from eoi.models import Offer
from eoi.offers.document import parse_offer
from eoi.roles import roles_sync
from eoi.offers.services import offer_fields_from_document, offer_submit
from tests.support.examples import example_offer

STEP_DOWN = example_offer()


def offer_data(**scheme_changes) -> dict:
    data = copy.deepcopy(STEP_DOWN)
    data["scheme"].update(scheme_changes)
    return data


def submitted_offer(source=Offer.Source.WEB, **scheme_changes) -> Offer:
    return offer_submit(document=parse_offer(offer_data(**scheme_changes)), source=source)


def many_offers(count: int) -> None:
    """``count`` offers in one insert: for the queue's query-count and speed checks."""
    fields = offer_fields_from_document(parse_offer(STEP_DOWN))
    template = submitted_offer()
    first = Offer.objects.count()
    Offer.objects.bulk_create(
        [
            Offer(
                **fields,
                reference=f"EOI-1999-{number:06d}",
                source=Offer.Source.IMPORT,
                submitted_at=template.submitted_at,
                status_changed_at=template.submitted_at,
                recommendation=template.recommendation,
                priority=number % 101,
                assigned_team=template.assigned_team,
            )
            for number in range(first, first + count - 1)
        ],
        batch_size=500,
    )


def staff(username: str, role: str):
    user = get_user_model().objects.create_user(
        username=username,
        password="a-long-test-password",
        is_staff=True,
        first_name=username.title(),
    )
    user.groups.add(roles_sync()[role])
    return user
