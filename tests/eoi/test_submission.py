"""The submission: screening reads the strategy's data as it stands, the
step validity kept on the draft, references, the offer saved once, one task
for its emails, and a draft sent once however often it is submitted."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from post_office.models import Email

from eoi.models import Acceptance, Offer, OfferDraft, OutboxEvent, StatusChange
from eoi.screening.selectors import screening_context_build
from eoi.offers.services import reference_next
from strategy.models import DemandLine, ReferenceValue, Ward
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.journey_answers import answer_all
from tests.support.threads import at_once

TODAY = datetime.date(2026, 6, 1)


# --------------------------------------------------------------------------
# The screening context: read from the database, so a change counts at once.
# Transactional tests, so each change commits as it would in production.
# --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_context_changes_the_moment_a_reference_value_changes():
    value = (
        ReferenceValue.objects.filter(valid_from__lte=TODAY).order_by("key", "-valid_from").first()
    )
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


@pytest.mark.django_db(transaction=True)
def test_the_context_changes_the_moment_a_demand_line_changes():
    line = DemandLine.objects.filter(group__version__is_current=True).order_by("pk").first()
    line.net_units += 7
    line.save()

    states = {state.cohort: state for state in screening_context_build(on=TODAY).demand_lines}
    assert states[line.cohort].net_units == line.net_units


@pytest.mark.django_db(transaction=True)
def test_the_context_changes_the_moment_an_acceptance_is_recorded_or_removed():
    line = (
        DemandLine.objects.filter(group__version__is_current=True, net_units__gt=2)
        .order_by("pk")
        .first()
    )

    def unmet():
        return {s.cohort: s.unmet_units for s in screening_context_build(on=TODAY).demand_lines}[
            line.cohort
        ]

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
def test_a_change_not_yet_committed_is_seen_by_its_own_transaction():
    Ward.objects.create(name="Made-up ward")  # in the test's transaction
    assert "Made-up ward" in screening_context_build(on=TODAY).city_wards


@pytest.mark.django_db
def test_a_caller_cannot_change_the_context(strategy_data):
    """The context is frozen, its mappings too: they refuse a change."""
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
    draft.answers = {
        **draft.answers,
        "contact": {**draft.answers["contact"], "email": "not an email"},
    }
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
def test_a_web_submission_saves_the_offer_once_with_its_signals_and_its_history(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """The offer is created by Django's own save: its post_save receivers
    run once (created), and django-simple-history writes its one history row."""
    from django.db.models.signals import post_save

    saved = []

    def receiver(sender, instance, created, **kwargs):
        saved.append((instance.pk, created))

    published = []
    monkeypatch.setattr(
        "eoi.notifications.tasks.event_handle.delay", lambda *args: published.extend(args)
    )
    _draft(client)
    post_save.connect(receiver, sender=Offer, dispatch_uid="test-offer-saved")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("eoi:check-answers"))
    finally:
        post_save.disconnect(receiver, sender=Offer, dispatch_uid="test-offer-saved")

    assert response.status_code == 302 and response.url.startswith("/offer/sent/")
    offer = Offer.objects.get()
    assert saved == [(offer.pk, True)]
    assert offer.history.count() == 1
    row = offer.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == ("+", None, None)
    assert row.history_date >= offer.submitted_at
    for field in Offer.history.model._meta.concrete_fields:
        if not field.name.startswith("history_"):
            assert getattr(row, field.attname) == getattr(offer, field.attname), field.name
    assert offer.status_changed_at == offer.submitted_at
    assert offer.recommendation and offer.assigned_team is not None
    matched = {item["cohort"] for item in offer.screenings.get().result["matched_demand"]}
    assert json.loads(offer.latest_matched_cohorts) == sorted(matched)
    # One publish once it committed: the "offer submitted" event, for the worker.
    assert published == [OutboxEvent.objects.get(offer=offer).pk]


@pytest.mark.django_db
def test_the_next_page_after_sending_finds_the_draft_sent(client):
    draft = _draft(client)
    assert not draft.files_uploaded

    response = client.post(reverse("eoi:check-answers"))

    assert response.url.startswith("/offer/sent/")
    # The next page, or the form sent again, goes to the confirmation.
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

    references = []

    def run():
        with transaction.atomic():
            references.append(reference_next(year=2033))

    at_once(run, times=8, timeout=30)

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
    from eoi.offers.document import parse_offer
    from eoi.offers.services import offer_submit
    from tests.eoi.factories import offer_data

    draft = OfferDraft.objects.create(contact_email="a.person@example.org")
    stale = OfferDraft.objects.get(pk=draft.pk)  # read by a second request before the first sent it
    document = parse_offer(offer_data())
    first = offer_submit(document=document, source="web", draft=draft)

    second = offer_submit(document=document, source="web", draft=stale)

    assert second == first and stale.submitted_offer == first
    assert Offer.objects.count() == 1
    assert first.history.count() == 1
    # The second finds the draft sent as its transaction ends: everything it
    # wrote is rolled back, its reference included.
    assert first.screenings.count() == 1
    assert StatusChange.objects.count() == 1 and OutboxEvent.objects.count() == 1
    year = first.submitted_at.year
    assert reference_next(year=year) == f"EOI-{year}-0002"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database refuses two writers instead of making one wait",
)
@pytest.mark.django_db(transaction=True)
def test_one_draft_sent_twice_at_once_makes_one_offer():
    from eoi.offers.document import parse_offer
    from eoi.offers.services import offer_submit
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
