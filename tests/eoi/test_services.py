"""Submission, references, re-screening and the model ↔ document mapping."""

import pytest

from eoi.models import Offer, OfferDraft, OutboxEvent, Screening
from eoi.offers.document import offer_to_dict, parse_offer
from eoi.offers.services import (
    offer_document_from_model,
    offer_rescreen,
    offer_screen,
    offer_submit,
)
from strategy.models import ReferenceValue
from tests.support.examples import example_offer


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


def example(name):
    return parse_offer(example_offer(name))


@pytest.mark.parametrize(
    "name",
    [
        "01-mental-health-step-down.json",
        "02-shared-house-older-people.json",
        "03-care-only-not-on-framework.json",
        "04-county-postcode.json",
    ],
)
def test_an_offer_holds_every_field_of_its_document(name):
    document = example(name)

    offer = offer_submit(document=document, source=Offer.Source.IMPORT)
    offer.refresh_from_db()

    assert offer_to_dict(offer_document_from_model(offer)) == offer_to_dict(document)


def test_references_count_up_within_the_year():
    first = offer_submit(document=example("01-mental-health-step-down.json"), source="import")
    second = offer_submit(document=example("01-mental-health-step-down.json"), source="import")

    year = first.submitted_at.year
    assert first.reference == f"EOI-{year}-0001"
    assert second.reference == f"EOI-{year}-0002"


def test_submission_stores_the_screening_as_it_was():
    document = example("01-mental-health-step-down.json")

    offer = offer_submit(document=document, source="import")

    stored = offer.screenings.get()
    assert stored.trigger == Screening.Trigger.SUBMISSION
    assert stored.result == offer_screen(document=document).to_dict()
    assert (offer.recommendation, offer.priority) == (stored.overall, stored.priority)


def test_rescreening_keeps_the_old_result_and_uses_todays_figures(django_user_model):
    offer = offer_submit(document=example("01-mental-health-step-down.json"), source="import")
    commissioner = django_user_model.objects.create_user("chris", password="x" * 12)
    benchmark = ReferenceValue.objects.get(key="exempt_benchmark_self_contained")
    ReferenceValue.objects.create(
        key=benchmark.key,
        name=benchmark.name,
        kind=benchmark.kind,
        value="150.00",
        unit=benchmark.unit,
        source="Council decision (test)",
        valid_from=offer.submitted_at.date(),
    )

    offer_rescreen(offer=offer, actor=commissioner)

    first, second = offer.screenings.order_by("created_at", "pk")
    assert first.result["factors"]["rent_level"]["outcome"] == "meets"
    assert second.result["factors"]["rent_level"]["outcome"] == "concern"
    assert "£150.00" in second.result["factors"]["rent_level"]["reason"]
    assert second.created_by == commissioner
    offer.refresh_from_db()
    assert offer.recommendation == "review"


def test_submitting_a_draft_twice_makes_one_offer():
    draft = OfferDraft.objects.create(contact_email="a.person@example.org")
    document = example("01-mental-health-step-down.json")

    first = offer_submit(document=document, source="web", draft=draft)
    second = offer_submit(document=document, source="web", draft=draft)

    assert first == second
    assert Offer.objects.count() == 1
    assert OutboxEvent.objects.count() == 1  # so one acknowledgement and one summary
