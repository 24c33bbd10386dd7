"""The admin offer page and the queue: what they show, and reads that do not
grow with the offer's history or the number of offers."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from django.core.files.base import ContentFile

from eoi.triage import services as triage
from eoi.triage.corrections import offer_answer_correct
from eoi.models import Attachment, Offer
from eoi.roles import COMMISSIONERS
from strategy.models import Ward
from tests.eoi.factories import staff, submitted_offer
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy_data(db):
    call_command("loaddata", "strategy", verbosity=0)


@pytest.fixture
def commissioner(client):
    user = staff("chris", COMMISSIONERS)
    client.force_login(user)
    return user


def page_queries(client, offer) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:eoi_offer_change", args=[offer.pk]))
    assert response.status_code == 200
    return [query["sql"] for query in captured]


def test_the_offer_page_queries_do_not_grow_with_its_history(client, commissioner):
    offer = submitted_offer()
    before = page_queries(client, offer)
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    for _ in range(3):  # more screenings and status changes, each row naming the offer
        screening = offer.screenings.first()
        screening.pk = None
        screening.save()

    after = page_queries(client, offer)

    assert offer.status_changes.count() >= 2 and offer.screenings.count() == 4
    # No query a record row: a bound, not an exact count.
    assert len(after) <= len(before)


def test_the_offer_page_shows_each_record_the_offer_has(client, commissioner, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    offer = submitted_offer()
    # The same site: a possible duplicate, recorded by the worker after the commit.
    twin = after_commit(submitted_offer)
    triage.offer_note_add(offer=offer, author=commissioner, text="Phoned the provider.")
    triage.information_request(offer=offer, question="How many staff at night?", actor=commissioner)
    offer_answer_correct(
        offer=offer, path="scheme.units", value=5, reason="The provider phoned", actor=commissioner
    )
    Attachment.objects.create(
        offer=offer,
        kind=Attachment.Kind.FLOOR_PLAN,
        file=ContentFile(b"%PDF-1.4", name="floor-plan.pdf"),
        original_name="floor-plan.pdf",
        content_type="application/pdf",
        size=8,
    )

    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()

    for text in [
        "Phoned the provider.",
        "How many staff at night?",
        "The provider phoned",
        "floor-plan.pdf",
        twin.reference,
    ]:
        assert text in page, text


def test_the_offer_page_still_offers_the_transitions(client, commissioner):
    offer = submitted_offer()

    response = client.get(reverse("admin:eoi_offer_change", args=[offer.pk]))

    assert response.context["transitions"]
    assert ("start_triage", triage.TRANSITIONS["start_triage"]) in response.context["transitions"]


def test_the_queue_filters_list_wards_and_staff_without_reading_every_offer(client, commissioner):
    submitted_offer()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:eoi_offer_changelist"))

    assert response.status_code == 200
    # The filters' choices come from their own tables, not a DISTINCT over every offer.
    assert not [query for query in captured if "DISTINCT" in query["sql"]]
    choices = {
        spec.title: [choice["display"] for choice in spec.choices(response.context["cl"])]
        for spec in response.context["cl"].filter_specs
    }
    wards = list(Ward.objects.order_by("name").values_list("name", flat=True))
    assert choices["ward"][1:] == [*wards, "Not known"]
    assert str(commissioner) in choices["assigned to"]


def test_the_ward_filter_keeps_its_parameter(client, commissioner):
    in_castle = submitted_offer()
    ward = in_castle.scheme_ward
    elsewhere = Ward.objects.exclude(name=ward).first().name
    other = submitted_offer(ward=elsewhere)

    response = client.get(reverse("admin:eoi_offer_changelist"), {"scheme_ward": ward})

    shown = list(response.context["cl"].result_list)
    assert in_castle in shown and other not in shown


def test_the_trigram_indexes_exist_on_postgresql_only():
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("eoi", "0008_offer_search_trigram_indexes") in applied
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Offer._meta.db_table)

    trigram = [name for name in indexes if name.endswith("_trgm")]
    if connection.vendor == "postgresql":
        assert len(trigram) == 3  # reference, organisation and postcode
    else:  # SQLite: the migration does nothing
        assert trigram == []


def test_the_trigram_migration_changes_no_model_state():
    # Raises SystemExit when the models and the migrations disagree.
    call_command("makemigrations", "eoi", "--check", "--dry-run", verbosity=0)
