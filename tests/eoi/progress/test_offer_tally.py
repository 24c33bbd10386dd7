"""The dashboard's summary of offers (``eoi.models.OfferTally``) is kept as
offers change: after each kind of change it equals a fresh count from every
offer and its latest screening (``eoi.progress.offer_tally``, the GROUP BY
queries the dashboard used to run), and its rows are the offer's own."""

import datetime
import threading
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eoi import roles
from eoi.corrections import offer_answer_correct
from eoi.duplicates import site_match_resolve
from eoi.models import Offer, OfferTally, Screening, SiteMatch
from eoi.offer_buckets import MARKET, TRIAGE, Bucket, cohorts_text
from eoi.offer_document import parse_offer
from eoi.progress.judgement import judgement_counts, units_counting_sites_once
from eoi.progress.offer_tally import (
    latest_cohorts_counted,
    offer_tally_counted,
    offer_tally_kept,
    offer_tally_rebuild,
)
from eoi.services import offer_fields_from_document, offer_rescreen
from eoi.triage import offer_not_progress, offer_transition
from tests.eoi.factories import STEP_DOWN, staff, submitted_offer
from tests.support.worker import after_commit

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def assert_kept_as_counted():
    assert offer_tally_kept() == offer_tally_counted()
    latest = latest_cohorts_counted()
    for pk, cohorts in Offer.objects.values_list("pk", "latest_matched_cohorts"):
        assert cohorts == latest.get(pk, "[]"), pk


def tally_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "eoi_offertally" in q["sql"]]


def commissioner():
    return staff("chris", roles.COMMISSIONERS)


def matched(offer: Offer) -> str:
    return cohorts_text(offer.screenings.latest().result["matched_demand"])


def test_a_submitted_offer_counts_once_in_its_market_row_and_its_triage_row(strategy_data):
    with CaptureQueriesContext(connection) as captured:
        offer = submitted_offer()
    local = offer.submitted_at.astimezone(LONDON)

    assert len(tally_queries(captured)) == 1  # both rows, one statement
    assert offer.latest_matched_cohorts == matched(offer) != "[]"
    assert offer_tally_kept() == {
        Bucket(
            kind=MARKET,
            organisation_name=offer.organisation_name,
            organisation_type=offer.organisation_type,
            status_group="open",
            quarter=datetime.date(local.year, (local.month - 1) // 3 * 3 + 1, 1),
        ): (1, offer.scheme_units),
        Bucket(
            kind=TRIAGE,
            expected_available=offer.scheme_expected_available,
            matched_cohorts=offer.latest_matched_cohorts,
        ): (1, offer.scheme_units),
    }
    assert_kept_as_counted()


def test_moving_between_open_statuses_writes_nothing_and_a_decision_moves_the_counts(
    strategy_data,
):
    offer, other = submitted_offer(), submitted_offer()
    chris = commissioner()

    with CaptureQueriesContext(connection) as captured:
        offer_transition(offer=offer, name="start_triage", actor=chris)
    assert tally_queries(captured) == []

    with CaptureQueriesContext(connection) as captured:
        offer_not_progress(offer=offer, actor=chris, reason_code="other", reason="No")
    assert len(tally_queries(captured)) == 1  # both rows' changes in one statement
    assert_kept_as_counted()
    triage = [units for bucket, (_n, units) in offer_tally_kept().items() if bucket.kind == TRIAGE]
    assert sum(triage) == other.scheme_units


def _screened_again(offer, *, like: Screening, matched_demand=None) -> Screening:
    """A new screening of ``offer``, a copy of ``like`` (matching
    ``matched_demand`` instead, if given)."""
    result = dict(like.result)
    if matched_demand is not None:
        result["matched_demand"] = matched_demand
    return Screening.objects.create(
        offer=offer,
        trigger=Screening.Trigger.RESCREEN,
        screened_on=like.screened_on,
        overall=like.overall,
        priority=like.priority,
        result=result,
    )


def test_a_screening_that_matches_other_lines_moves_the_open_units(strategy_data):
    offer = submitted_offer()
    first = offer.screenings.get()

    _screened_again(
        offer, like=first, matched_demand=[{"cohort": "B"}, {"cohort": "A"}, {"cohort": "B"}]
    )

    offer.refresh_from_db()
    assert offer.latest_matched_cohorts == '["A","B"]'
    assert_kept_as_counted()

    offer_rescreen(offer=offer, actor=commissioner())  # today's figures: the first lines again
    offer.refresh_from_db()
    assert offer.latest_matched_cohorts == cohorts_text(first.result["matched_demand"])
    assert_kept_as_counted()


def test_a_new_screening_the_offer_already_holds_writes_only_itself(strategy_data):
    offer = submitted_offer()
    first = offer.screenings.get()

    with CaptureQueriesContext(connection) as captured:
        _screened_again(offer, like=first)

    assert len(captured.captured_queries) == 1, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    "path, value",
    [
        ("scheme.units", 40),
        ("organisation.name", "Another Provider Ltd"),
        ("organisation.type", "charity"),
        ("scheme.expected_available", datetime.date(2029, 3, 1)),
    ],
)
def test_a_correction_moves_the_offer_between_rows(strategy_data, path, value):
    offer = submitted_offer()
    before = offer_tally_kept()

    offer_answer_correct(offer=offer, path=path, value=value, reason="Phoned", actor=commissioner())

    assert offer_tally_kept() != before
    assert_kept_as_counted()


def test_a_site_counts_once_in_triage_until_marked_not_the_same_site(strategy_data):
    # The worker records possible duplicates once each submission commits.
    first, second = after_commit(submitted_offer), after_commit(submitted_offer)
    third = after_commit(
        submitted_offer, postcode="LE2 7AA", address="1 Other Street", name="Elsewhere"
    )

    def reference():
        """Every open offer's units, each site once (as the dashboard counted them)."""
        units = {o.pk: o.scheme_units or 0 for o in Offer.objects.all()}
        pairs = SiteMatch.objects.exclude(resolution=SiteMatch.Resolution.DIFFERENT).values_list(
            "offer_id", "other_id"
        )
        return sum(units.values()), units_counting_sites_once(units, pairs)

    counts = judgement_counts()
    assert (counts.triage_units, counts.triage_units_sites_once) == reference()
    assert counts.triage_units_sites_once == first.scheme_units + third.scheme_units

    site_match_resolve(
        match=SiteMatch.objects.get(offer=first, other=second),
        resolution=SiteMatch.Resolution.DIFFERENT,
        actor=commissioner(),
    )
    counts = judgement_counts()
    assert (counts.triage_units, counts.triage_units_sites_once) == reference()
    assert counts.triage_units_sites_once == sum(o.scheme_units for o in (first, second, third))


def test_deleting_updating_and_bulk_writes_keep_the_counts(strategy_data):
    offers = [submitted_offer() for _ in range(3)]

    offers[0].delete()
    assert_kept_as_counted()
    Offer.objects.filter(pk=offers[1].pk).update(status="withdrawn", scheme_units=9)
    assert_kept_as_counted()
    offers[2].organisation_name = "Renamed"
    Offer.objects.bulk_update([offers[2]], ["organisation_name"])
    assert_kept_as_counted()
    Offer.objects.filter(pk=offers[2].pk).delete()
    assert_kept_as_counted()
    assert offer_tally_kept() == {
        Bucket(
            kind=MARKET,
            organisation_name=offers[1].organisation_name,
            organisation_type=offers[1].organisation_type,
            status_group="withdrawn",
            quarter=offer_tally_kept_quarter(),
        ): (1, 9)
    }


def offer_tally_kept_quarter():
    (quarter,) = OfferTally.objects.filter(offers=1).values_list("quarter", flat=True)
    return quarter


def test_the_rebuild_counts_a_wrong_table_and_stale_cohorts_again(strategy_data):
    offer = submitted_offer()
    Offer._base_manager.filter(pk=offer.pk).update(latest_matched_cohorts='["Wrong"]')
    OfferTally.objects.update(offers=7, units=700)

    corrected, rows = offer_tally_rebuild()

    assert (corrected, rows) == (1, 2)
    assert_kept_as_counted()


def test_the_command_checks_the_summary_and_counts_it_again(strategy_data):
    submitted_offer()
    call_command("offer_tally_rebuild", "--check", stdout=StringIO())
    OfferTally.objects.filter(kind=TRIAGE).update(units=0)
    with pytest.raises(CommandError):
        call_command("offer_tally_rebuild", "--check", stdout=StringIO())

    call_command("offer_tally_rebuild", stdout=StringIO())

    call_command("offer_tally_rebuild", "--check", stdout=StringIO())
    assert_kept_as_counted()


# Random sequences of changes to a few offers, through the model.
STATUSES = ["submitted", "in_triage", "meeting_arranged", "accepted", "withdrawn"]
MOMENTS = [
    datetime.datetime(2026, 6, 30, 23, 30, tzinfo=LONDON),
    datetime.datetime(2026, 7, 1, 0, 30, tzinfo=LONDON),
    datetime.datetime(2026, 12, 31, 23, 30, tzinfo=LONDON),
]
CHANGES = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(STATUSES)),
    st.tuples(st.just("scheme_units"), st.one_of(st.none(), st.integers(0, 30))),
    st.tuples(st.just("organisation_name"), st.sampled_from(["Alpha", "alpha ", "Beta"])),
    st.tuples(st.just("organisation_type"), st.sampled_from(["", "charity"])),
    st.tuples(st.just("submitted_at"), st.sampled_from(MOMENTS)),
    st.tuples(
        st.just("scheme_expected_available"),
        st.sampled_from([None, datetime.date(2027, 1, 1), datetime.date(2028, 4, 1)]),
    ),
    st.tuples(st.just("screen"), st.lists(st.sampled_from("ABC"), max_size=3)),
    st.tuples(st.just("delete"), st.none()),
    st.tuples(st.just("add"), st.none()),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(st.integers(0, 3), CHANGES), max_size=12))
def test_random_changes_keep_the_summary_as_a_fresh_count(db, steps):
    fields = offer_fields_from_document(parse_offer(STEP_DOWN))
    with transaction.atomic():
        for number, (which, (change, value)) in enumerate(steps):
            offers = list(Offer.objects.order_by("pk"))
            if change == "add" or not offers:
                Offer(
                    **fields,
                    reference=f"EOI-1997-{Offer.objects.count()}-{number}",
                    source=Offer.Source.IMPORT,
                    submitted_at=MOMENTS[number % len(MOMENTS)],
                ).save()
                continue
            offer = offers[which % len(offers)]
            if change == "delete":
                offer.delete()
            elif change == "screen":
                Screening.objects.create(
                    offer=offer,
                    trigger=Screening.Trigger.RESCREEN,
                    screened_on=datetime.date(2026, 11, 23),
                    overall="review",
                    priority=1,
                    result={"matched_demand": [{"cohort": c} for c in value]},
                )
            else:
                setattr(offer, change, value)
                offer.save()
        assert_kept_as_counted()
        transaction.set_rollback(True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database refuses two writers instead of making one wait",
)
@pytest.mark.django_db(transaction=True)
def test_offers_saved_at_once_into_one_bucket_are_all_counted():
    fields = offer_fields_from_document(parse_offer(STEP_DOWN))
    barrier = threading.Barrier(8)
    moment = datetime.datetime(2026, 11, 23, 12, tzinfo=LONDON)

    def run(number):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                offer = Offer(
                    **fields,
                    reference=f"EOI-1996-{number}",
                    source=Offer.Source.IMPORT,
                    submitted_at=moment,
                )
                offer.save()
                offer.status = "withdrawn"
                offer.save()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    units = fields["scheme_units"] or 0
    kept = {bucket.status_group: counts for bucket, counts in offer_tally_kept().items()}
    assert kept == {"withdrawn": (8, 8 * units)}
    assert_kept_as_counted()


def test_an_offer_read_before_another_write_is_counted_from_what_the_row_holds(strategy_data):
    offer = submitted_offer()
    stale = Offer.objects.get(pk=offer.pk)
    fresh = Offer.objects.get(pk=offer.pk)
    fresh.scheme_units = 40
    fresh.save()
    first = offer.screenings.get()
    _screened_again(fresh, like=first, matched_demand=[{"cohort": "Z"}])

    stale.organisation_name = "Renamed"
    stale.save()  # its units win (the last write), the screening's cohorts stay

    offer.refresh_from_db()
    assert (offer.organisation_name, offer.scheme_units) == ("Renamed", 12)
    assert offer.latest_matched_cohorts == '["Z"]'
    assert_kept_as_counted()
