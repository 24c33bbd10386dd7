"""The triage queue in Django admin: columns, filters, actions, CSV, query counts."""

import csv
import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eoi.triage import services as triage
from eoi.models import Offer
from eoi.roles import COMMISSIONERS, PLACEMENT_TEAM
from eoi.triage.statuses import Status
from strategy.models import DemandLine
from tests.eoi.factories import many_offers, staff, submitted_offer

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:eoi_offer_changelist")


@pytest.fixture(autouse=True)
def strategy_data(db):
    """The database, with the strategy's data (loaded once a run: tests/conftest.py)."""


@pytest.fixture
def commissioner(client):
    user = staff("chris", COMMISSIONERS)
    client.force_login(user)
    return user


def queue_queries(client, count):
    many_offers(count)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_the_offers(client, commissioner):
    at_10 = queue_queries(client, 10)
    Offer.objects.all().delete()
    at_1000 = queue_queries(client, 1000)

    # No query an offer on the page: a bound, not an exact count.
    assert at_1000 <= at_10


def test_queue_shows_the_columns_in_priority_order(client, commissioner):
    high = submitted_offer()
    low = submitted_offer(postcode="LE18 4AA", ward=None)
    page = client.get(QUEUE).content.decode()

    for heading in [
        "Reference",
        "Offer from",
        "Units",
        "Client groups",
        "Screening",
        "Priority",
        "Status",
        "Assigned to",
        "In status for",
    ]:
        assert heading in page
    assert f"{high.organisation_name}<br>{high.scheme_name}" in page
    assert page.index(high.reference) < page.index(low.reference)
    assert "Mental health" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=submitted", {"high", "low"}),
        ("status=in_triage", {"triaged"}),
        ("recommendation=not_supported", {"low"}),
        ("client_group=older_people", {"older"}),
        ("scheme_ward=Castle", {"high", "triaged"}),
        ("scheme_ward=-", {"low"}),
        ("mine=me", {"triaged"}),
        ("q=LE18", {"low"}),
    ],
)
def test_filters_and_search(client, commissioner, query, expected):
    offers = {
        "high": submitted_offer(),
        "low": submitted_offer(postcode="LE18 4AA", ward=None),
        "triaged": submitted_offer(),
        "older": submitted_offer(
            client_groups=["older_people"],
            configuration="extra_care",
            ward="Belgrave",
            postcode="LE4 6AA",
        ),
    }
    triage.offer_transition(offer=offers["triaged"], name="start_triage", actor=commissioner)
    triage.offer_assign(offer=offers["triaged"], actor=commissioner, to_user=commissioner)
    triage.offer_transition(
        offer=offers["older"], name="not_progress", actor=commissioner, reason_code="other"
    )

    response = client.get(f"{QUEUE}?{query}")

    shown = {name for name, offer in offers.items() if offer.reference in response.content.decode()}
    assert shown == expected


def test_csv_export_follows_the_filters(client, commissioner):
    kept = submitted_offer()
    dropped = submitted_offer(postcode="LE18 4AA", ward=None)

    response = client.get(reverse("admin:eoi_offer_export") + "?recommendation=progress")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["reference", "organisation", "scheme"]
    assert [row[0] for row in rows[1:]] == [kept.reference]
    assert rows[1][5] == "12" and rows[1][6] == "mental_health"
    assert dropped.reference not in {row[0] for row in rows}


def test_transition_buttons_on_the_offer_page(client, commissioner):
    offer = submitted_offer()
    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()

    assert reverse("admin:eoi_offer_transition", args=[offer.pk, "start_triage"]) in page
    # Triage starts implicitly: a new offer can be decided in one step.
    assert reverse("admin:eoi_offer_transition", args=[offer.pk, "accept"]) in page
    assert reverse("admin:eoi_offer_transition", args=[offer.pk, "receive_answer"]) not in page

    response = client.post(
        reverse("admin:eoi_offer_transition", args=[offer.pk, "start_triage"]), {"reason": "Mine"}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Status.IN_TRIAGE


@pytest.mark.parametrize("started", [True, False], ids=["in triage", "new"])
def test_accept_from_the_offer_page_allocates_units(client, commissioner, started):
    offer = submitted_offer()
    if started:
        triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    url = reverse("admin:eoi_offer_transition", args=[offer.pk, "accept"])

    assert 'value="12"' in client.get(url).content.decode()  # prefilled from the screening
    response = client.post(url, {f"line_{line.pk}": "12"})

    assert response.status_code == 302
    assert offer.acceptances.get().units == 12


def test_accepting_names_each_line_as_the_strategy_and_the_provider_read_it(client, commissioner):
    """The commissioner allocates homes to the strategy's lines; the provider
    was told of them by their public names (issue 25): the form shows both."""
    offer = submitted_offer()
    url = reverse("admin:eoi_offer_transition", args=[offer.pk, "accept"])
    page = html.unescape(client.get(url).content.decode())

    for line in DemandLine.objects.filter(group__version__is_current=True):
        assert line.cohort in page
        assert line.name_for_providers in page


def test_request_information_needs_a_question(client, commissioner):
    offer = submitted_offer()
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    url = reverse("admin:eoi_offer_transition", args=[offer.pk, "request_information"])

    response = client.post(url, {"question": ""})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Status.IN_TRIAGE


def test_bulk_start_triage_and_bulk_not_progress(client, commissioner):
    first, second = submitted_offer(), submitted_offer()
    ids = [first.pk, second.pk]

    client.post(QUEUE, {"action": "start_triage", "_selected_action": ids})
    assert set(Offer.objects.values_list("status", flat=True)) == {Status.IN_TRIAGE}

    page = client.post(QUEUE, {"action": "not_progress", "_selected_action": ids})
    assert "Reason" in page.content.decode()
    client.post(
        QUEUE,
        {
            "action": "not_progress",
            "_selected_action": ids,
            "apply": "1",
            "reason_code": "no_demand",
            "reason": "Enough.",
        },
    )
    assert set(Offer.objects.values_list("status", flat=True)) == {Status.NOT_PROGRESSED}


def test_internal_note_is_recorded_with_its_author(client, commissioner):
    offer = submitted_offer()
    url = reverse("admin:eoi_offer_change", args=[offer.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(
        {
            "scheme_client_groups": offer.scheme_client_groups,
            "finance_funding_sources": offer.finance_funding_sources,
        }
    )
    for prefix, total in [
        ("status_changes", 1),
        ("information_requests", 0),
        ("notes_internal", 0),
        ("acceptances", 0),
        ("milestones", 0),
        ("screenings", 1),
        ("attachments", 0),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = total + (1 if prefix == "notes_internal" else 0)
        data[f"{prefix}-INITIAL_FORMS"] = total
    data["notes_internal-0-text"] = "Rang them."
    for index, change in enumerate(offer.status_changes.all()):
        data[f"status_changes-{index}-id"] = change.pk
        data[f"status_changes-{index}-offer"] = offer.pk
    for index, screening in enumerate(offer.screenings.all()):
        data[f"screenings-{index}-id"] = screening.pk
        data[f"screenings-{index}-offer"] = offer.pk

    response = client.post(url, {k: v for k, v in data.items() if v != ""})

    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    note = offer.notes_internal.get()
    assert (note.text, note.author) == ("Rang them.", commissioner)


def test_placement_team_reads_but_cannot_triage(client):
    client.force_login(staff("pat", PLACEMENT_TEAM))
    offer = submitted_offer()

    assert client.get(QUEUE).status_code == 200
    page = client.get(reverse("admin:eoi_offer_change", args=[offer.pk])).content.decode()
    assert "transition" not in page
    client.post(reverse("admin:eoi_offer_transition", args=[offer.pk, "start_triage"]), {})
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED


def test_the_offer_page_shows_answers_by_label_and_never_edits_them(client, commissioner):
    offer = submitted_offer(client_groups=["learning_disability_autism"])
    url = reverse("admin:eoi_offer_change", args=[offer.pk])
    page = client.get(url).content.decode()

    assert "Learning disability and autism" in page
    assert "learning_disability_autism" not in page
    assert 'name="scheme_units"' not in page
    assert (
        page.index("Accept into pipeline")
        < page.index("Do not progress")
        < page.index("The provider’s answers")
    )

    data = {"scheme_units": "999", "organisation_name": "=1+1"}
    for prefix, total in [
        ("status_changes", 1),
        ("information_requests", 0),
        ("notes_internal", 0),
        ("acceptances", 0),
        ("milestones", 0),
        ("screenings", 1),
        ("attachments", 0),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = total
        data[f"{prefix}-INITIAL_FORMS"] = total
    client.post(url, data)

    offer.refresh_from_db()
    assert (offer.scheme_units, offer.organisation_name) != (999, "=1+1")
    assert offer.scheme_units == 12


def test_the_queue_is_read_in_its_index_order(client, commissioner):
    """The queue's ORDER BY (priority, then due date, then the admin's "-pk")
    is the index ``offer_queue_order``: PostgreSQL reads the first page from it
    with no sort of every offer. SQLite cannot hold NULLS LAST in an index
    (migration 0013), so there only the index's columns are checked."""
    many_offers(3)
    response = client.get(QUEUE)
    page = response.context["cl"].result_list
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql, params = page.query.sql_with_params()
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "offer_queue_order" in plan
            assert "Sort" not in plan
        else:
            indexes = connection.introspection.get_constraints(cursor, Offer._meta.db_table)
            assert indexes["offer_queue_order"]["columns"] == ["priority", "due_on", "id"]
