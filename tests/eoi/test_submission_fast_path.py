"""The submission's fast path (issue 13): the cached screening context, the
step validity kept on the draft, the reference from one statement, the offer
inserted once, one task for its emails."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from post_office.models import Email

from eoi import context_cache
from eoi.models import Acceptance, Offer, OfferDraft, OutboxEvent
from eoi.selectors import screening_context_build
from eoi.services import reference_next
from strategy.models import DemandLine, ReferenceValue, Ward
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.journey_answers import answer_all

TODAY = datetime.date(2026, 6, 1)


def _context_without_queries():
    with CaptureQueriesContext(connection) as queries:
        context = screening_context_build(on=TODAY)
    assert len(queries) == 0, [q["sql"] for q in queries]
    return context


# --------------------------------------------------------------------------
# The screening context: cached, never stale. Transactional tests, so each
# change commits as it would in production (and the cache sees the commit).
# --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_second_build_comes_from_the_cache():
    built = screening_context_build(on=TODAY)
    assert _context_without_queries() == built


@pytest.mark.django_db(transaction=True)
def test_the_cached_context_changes_the_moment_a_reference_value_changes():
    screening_context_build(on=TODAY)
    value = ReferenceValue.objects.filter(valid_from__lte=TODAY).order_by("key", "-valid_from").first()
    before = screening_context_build(on=TODAY).reference[value.key].value
    ReferenceValue.objects.create(
        key=value.key,
        name=value.name,
        kind=value.kind,
        value="99999" if value.kind != "text" else "changed",
        unit=value.unit,
        source="A later decision",
        valid_from=TODAY,
    )

    after = screening_context_build(on=TODAY).reference[value.key]
    assert after.source == "A later decision"
    assert after.value != before
    assert _context_without_queries().reference[value.key].source == "A later decision"


@pytest.mark.django_db(transaction=True)
def test_the_cached_context_changes_the_moment_a_demand_line_changes():
    screening_context_build(on=TODAY)
    line = DemandLine.objects.filter(group__version__is_current=True).order_by("pk").first()
    line.net_units += 7
    line.save()

    states = {state.cohort: state for state in screening_context_build(on=TODAY).demand_lines}
    assert states[line.cohort].net_units == line.net_units


@pytest.mark.django_db(transaction=True)
def test_the_cached_context_changes_the_moment_an_acceptance_is_recorded_or_removed():
    line = DemandLine.objects.filter(group__version__is_current=True, net_units__gt=2).order_by("pk").first()

    def unmet():
        return {s.cohort: s.unmet_units for s in screening_context_build(on=TODAY).demand_lines}[line.cohort]

    before = unmet()
    acceptance = Acceptance.objects.create(
        offer=submitted_offer(),
        demand_line=line,
        units=2,
        accepted_by=staff("commissioner", "Commissioners"),
        accepted_at=timezone.make_aware(datetime.datetime(2026, 5, 1, 12)),
    )
    assert unmet() == before - 2
    acceptance.delete()
    assert unmet() == before


@pytest.mark.django_db
def test_a_change_not_yet_committed_is_seen_by_its_own_transaction_and_not_cached():
    screening_context_build(on=TODAY)
    Ward.objects.create(name="Made-up ward")  # in the test's transaction
    assert "Made-up ward" in screening_context_build(on=TODAY).city_wards


# --------------------------------------------------------------------------
# The process's own copy (eoi.context_cache._local): used only while the
# shared version is the one it was read under
# --------------------------------------------------------------------------


class _CacheReads:
    """The shared cache, counting the keys read from it."""

    def __init__(self):
        self.keys = []

    def get(self, key, *args, **kwargs):
        self.keys.append(key)
        return cache.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(cache, name)


@pytest.fixture
def local_copy(monkeypatch):
    """An empty process copy, and the shared cache's reads counted."""
    reads = _CacheReads()
    monkeypatch.setattr(context_cache, "_local", {})
    monkeypatch.setattr(context_cache, "cache", reads)
    return reads


def _counting_build():
    builds = []

    def build():
        builds.append(object())
        return ("built", len(builds))

    return builds, build


def test_the_process_copy_is_used_while_the_version_is_unchanged(local_copy):
    builds, build = _counting_build()
    first = context_cache.cached("test-part", "2026-06-01", build)
    local_copy.keys.clear()

    again = context_cache.cached("test-part", "2026-06-01", build)

    assert again is first and len(builds) == 1
    assert local_copy.keys == ["eoi:test-part:version"]  # the value itself not read


def test_another_process_invalidating_the_part_makes_the_next_read_build_afresh(local_copy):
    builds, build = _counting_build()
    context_cache.cached("test-part", "2026-06-01", build)
    cache.set("eoi:test-part:version", "another-process-version", timeout=None)

    assert context_cache.cached("test-part", "2026-06-01", build) == ("built", 2)
    assert context_cache.cached("test-part", "2026-06-01", build) == ("built", 2)
    assert len(builds) == 2


def test_the_process_copy_is_of_one_name_only(local_copy):
    """Another day's context is not the copy of today's; back to today's, it
    comes from the shared cache, not built again."""
    builds, build = _counting_build()
    today = context_cache.cached("test-part", "2026-06-01", build)
    tomorrow = context_cache.cached("test-part", "2026-06-02", build)
    assert (today, tomorrow) == (("built", 1), ("built", 2))

    assert context_cache.cached("test-part", "2026-06-01", build) == today
    assert len(builds) == 2


@pytest.mark.django_db
def test_a_caller_cannot_change_the_process_copy_of_the_context(strategy_data, monkeypatch):
    """Every read in a process returns the one copy it keeps
    (``context_cache._local``): a caller's change to it would reach every
    later screening in the process, so the context's mappings refuse one."""
    # An earlier test's rolled-back change may have left the part marked
    # changed on the connection, so nothing would be cached: start clean.
    monkeypatch.setattr(connection, "_eoi_cache_dirty", set(), raising=False)
    context = screening_context_build(on=TODAY)
    key = next(iter(context.reference))
    with pytest.raises(TypeError):
        del context.reference[key]
    with pytest.raises(TypeError):
        context.ward_supported_living_units["Castle"] = 1
    assert key in screening_context_build(on=TODAY).reference


# --------------------------------------------------------------------------
# Step validity: recorded when a step is saved, not checked again at sending
# unless the step reads the database
# --------------------------------------------------------------------------


def _draft(client) -> OfferDraft:
    client.post(reverse("eoi:start"))
    answer_all(client, "accommodation")
    return OfferDraft.objects.get()


@pytest.mark.django_db
def test_saved_steps_record_their_answers_as_valid(client):
    draft = _draft(client)
    assert set(draft.valid_steps) >= {"organisation", "contact"}


@pytest.mark.django_db
def test_answers_changed_after_they_were_checked_are_checked_again(client):
    draft = _draft(client)
    draft.answers = {**draft.answers, "contact": {**draft.answers["contact"], "email": "not an email"}}
    draft.save()

    response = client.post(reverse("eoi:check-answers"))

    assert response.status_code == 302
    assert "contact" in response.url
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_ward_removed_since_the_step_was_saved_stops_the_sending(client):
    draft = _draft(client)
    ward = next(
        (answers["ward"] for answers in draft.answers.values() if answers.get("ward")), None
    )
    assert ward, "the journey's answers name a ward"
    Ward.objects.filter(name=ward).delete()

    response = client.post(reverse("eoi:check-answers"))

    assert response.status_code == 302
    assert not Offer.objects.exists()


# --------------------------------------------------------------------------
# The offer written once, its emails queued once
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_submission_inserts_the_offer_once_with_one_history_row(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    published = []
    monkeypatch.setattr(
        "eoi.tasks.event_handle.apply_async", lambda args, **options: published.extend(args)
    )
    _draft(client)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eoi:check-answers"))

    offer = Offer.objects.get()
    assert offer.history.count() == 1
    assert not [q for q in queries if q["sql"].startswith('UPDATE "eoi_offer"')]
    assert offer.status_changed_at == offer.submitted_at
    assert offer.recommendation and offer.assigned_team is not None
    # One publish: the "offer submitted" event, for the worker.
    assert published == [OutboxEvent.objects.get(offer=offer).pk]
    # The history row holds the offer as inserted, as django-simple-history's own would.
    row = offer.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == ("+", None, None)
    assert row.history_date >= offer.submitted_at
    for field in Offer.history.model._meta.concrete_fields:
        if not field.name.startswith("history_"):
            assert getattr(row, field.attname) == getattr(offer, field.attname), field.name


@pytest.mark.django_db
def test_a_draft_without_files_is_sent_without_touching_attachments_or_the_session(client):
    draft = _draft(client)
    assert not draft.files_uploaded
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("eoi:check-answers"))

    writes = [q["sql"] for q in queries if not q["sql"].startswith(("SELECT", "BEGIN", "COMMIT"))]
    assert not [sql for sql in writes if "eoi_attachment" in sql or "django_session" in sql]
    assert response.url.startswith("/offer/sent/")
    # The session still names the draft: the next page finds it sent, and
    # goes to its confirmation, as a resent form does.
    for url in (reverse("eoi:check-answers"), reverse("eoi:tasks")):
        assert client.get(url).url == response.url
    assert client.post(reverse("eoi:check-answers")).url == response.url
    assert Offer.objects.count() == 1 and OutboxEvent.objects.count() == 1


@pytest.mark.django_db
def test_references_follow_on_within_a_year_and_restart_in_the_next():
    assert [reference_next(year=2031) for _ in range(3)] == [
        "EOI-2031-0001",
        "EOI-2031-0002",
        "EOI-2031-0003",
    ]
    assert reference_next(year=2032) == "EOI-2032-0001"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database refuses two writers instead of making one wait",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_reference():
    from django.db import transaction

    references, barrier = [], threading.Barrier(8)

    def run():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                references.append(reference_next(year=2033))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(references) == [f"EOI-2033-{n:04d}" for n in range(1, 9)]


@pytest.mark.django_db(transaction=True)
def test_a_new_routing_rule_routes_the_next_offer_at_once():
    from django.contrib.auth.models import Group

    from eoi.models import RoutingRule

    first = submitted_offer()
    team = Group.objects.create(name="Learning disabilities team")
    assert submitted_offer().assigned_team == first.assigned_team  # another team: no change
    RoutingRule.objects.create(order=1, assign_team=team)

    assert submitted_offer().assigned_team == team


@pytest.mark.django_db
def test_a_draft_sent_meanwhile_by_another_request_gives_back_its_offer_and_nothing_else(client):
    from eoi.offer_document import parse_offer
    from eoi.services import offer_submit
    from tests.eoi.factories import offer_data

    draft = OfferDraft.objects.create(contact_email="a.person@example.org")
    stale = OfferDraft.objects.get(pk=draft.pk)  # read by a second request before the first sent it
    document = parse_offer(offer_data())
    first = offer_submit(document=document, source="web", draft=draft)

    with CaptureQueriesContext(connection) as queries:
        second = offer_submit(document=document, source="web", draft=stale)

    assert second == first
    assert Offer.objects.count() == 1
    assert first.history.count() == 1
    # The draft is claimed before anything else: the second inserts nothing,
    # and takes no reference.
    assert not [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    year = first.submitted_at.year
    assert reference_next(year=year) == f"EOI-{year}-0002"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database refuses two writers instead of making one wait",
)
@pytest.mark.django_db(transaction=True)
def test_one_draft_sent_twice_at_once_makes_one_offer():
    from eoi.offer_document import parse_offer
    from eoi.services import offer_submit
    from tests.eoi.factories import offer_data

    draft = OfferDraft.objects.create(contact_email="a.person@example.org")
    document = parse_offer(offer_data())
    offers, barrier = [], threading.Barrier(2)

    def run():
        try:
            stale = OfferDraft.objects.get(pk=draft.pk)
            barrier.wait(timeout=10)
            offers.append(offer_submit(document=document, source="web", draft=stale))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(offers) == 2 and offers[0] == offers[1]
    assert Offer.objects.count() == 1
    assert Offer.objects.get().history.count() == 1
    # One event, handled once it committed: one pair of emails.
    assert OutboxEvent.objects.count() == 1
    assert Email.objects.count() == 2
