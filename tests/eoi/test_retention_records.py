"""Retention beyond the offer's own columns (issue 23): the provider's words
in status changes and messages, staff's words in corrections and
assessments, sign-in links and their emails, expired sessions, and offers
anonymised before these were covered."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from post_office.models import Email

from eoi import retention
from eoi.models import (
    AnswerCorrection,
    Assessment,
    Offer,
    ProviderMessage,
    ProviderSignIn,
    StatusChange,
)
from eoi.offers import changes, provider_access
from eoi.roles import COMMISSIONERS
from eoi.triage import services as triage
from eoi.triage.assessment import offer_assess
from eoi.triage.corrections import offer_answer_correct
from eoi.triage.statuses import Status
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

WORDS = "Alex Example on 0116 000 0000"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def commissioner(strategy_data):
    return staff("chris", COMMISSIONERS)


@pytest.fixture
def worked_on(commissioner):
    """An offer with the provider's and staff's words in every record,
    not progressed 800 days ago."""
    offer = submitted_offer()
    for path, value in (("contact.name", "Alex Example"), ("scheme.units", 14)):
        offer_answer_correct(
            offer=offer,
            path=path,
            value=value,
            reason=f"Rang {WORDS}",
            actor=commissioner,
        )
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    changes.provider_message_send(offer=offer, text=f"Now ask for {WORDS}")
    factors = offer.screenings.first().result["factors"]
    key, factor = next(iter(factors.items()))
    other = "concern" if factor["outcome"] != "concern" else "meets"
    for reason in (f"First look: {WORDS}", f"Second look: {WORDS}"):
        offer_assess(
            offer=offer,
            actor=commissioner,
            factors={
                **{k: {"agrees": True} for k in factors},
                key: {"agrees": False, "outcome": other, "reason": reason},
            },
            overall="review",
            overall_reason=reason,
        )
    triage.information_request(offer=offer, question="Who owns it?", actor=commissioner)
    triage.information_answer(offer=offer, answer=f"Ask {WORDS}")
    triage.offer_not_progress(
        offer=offer,
        actor=commissioner,
        reason_code="shared_housing",
        reason="No demand.",
    )
    StatusChange.objects.filter(offer=offer, to_status=Status.NOT_PROGRESSED).update(
        at=days_ago(800)
    )
    return offer


def assert_words_removed_and_decisions_kept(offer, commissioner):
    answer = offer.status_changes.get(from_status=Status.INFORMATION_REQUESTED)
    assert answer.reason == retention.REMOVED_NOTE
    # The council's question and decision stay.
    reasons = dict(offer.status_changes.values_list("to_status", "reason"))
    assert reasons[Status.NOT_PROGRESSED] == "No demand."
    assert reasons[Status.INFORMATION_REQUESTED] == "Who owns it?"
    assert ProviderMessage.objects.get(offer=offer).text == retention.REMOVED_NOTE
    corrections = {c.path: c for c in AnswerCorrection.objects.filter(offer=offer)}
    assert {c.reason for c in corrections.values()} == {retention.REMOVED_NOTE}
    name, units = corrections["contact.name"], corrections["scheme.units"]
    assert (name.old_value, name.new_value) == ("", "")
    assert (units.old_value, units.new_value, units.corrected_by) == (
        "12",
        "14",
        commissioner,
    )
    assessments = [Assessment.objects.get(offer=offer), *Assessment.history.all()]
    assert len(assessments) == 3
    for assessment in assessments:
        assert assessment.overall_reason == retention.REMOVED_NOTE
        assert assessment.overall == "review"
        different = [f for f in assessment.factors.values() if not f["agrees"]]
        assert [f["reason"] for f in different] == [retention.REMOVED_NOTE]
        assert all(f["outcome"] for f in assessment.factors.values())
        assert not any(f["reason"] for f in assessment.factors.values() if f["agrees"])


def test_the_providers_and_staffs_words_go_and_the_decisions_stay(worked_on, commissioner):
    retention.retention_apply()

    assert_words_removed_and_decisions_kept(worked_on, commissioner)


def test_a_change_and_a_withdrawal_by_the_provider_lose_their_reasons(commissioner):
    offer = submitted_offer()
    StatusChange.objects.create(
        offer=offer,
        from_status=Status.SUBMITTED,
        to_status=Status.SUBMITTED,
        actor_label=triage.PROVIDER,
        at=timezone.now(),
        reason=f"Changed: Full name: A. Person → {WORDS}",
        reason_code=changes.CHANGED,
    )
    provider_access.offer_withdraw_by_provider(offer=offer, reason=f"Ask {WORDS}")
    StatusChange.objects.filter(offer=offer, to_status=Status.WITHDRAWN).update(at=days_ago(800))

    retention.retention_apply()

    assert not offer.status_changes.filter(reason__contains="Alex").exists()
    assert offer.status_changes.filter(reason=retention.REMOVED_NOTE).count() == 2


def test_sign_in_links_go_when_expired_and_their_emails_after_the_draft_period(
    strategy_data,
):
    for address in ("old@example.org", "new@example.org"):
        provider_access.sign_in_link_send(email=address)
    ProviderSignIn.objects.filter(email="old@example.org").update(expires_at=days_ago(1))
    Email.objects.filter(to__icontains="old@").update(created=days_ago(31))
    Email.objects.filter(to__icontains="new@").update(created=days_ago(29))

    report = retention.retention_apply()

    assert (report.sign_ins_deleted, report.emails_deleted) == (1, 1)
    assert list(ProviderSignIn.objects.values_list("email", flat=True)) == ["new@example.org"]
    assert [email.to for email in Email.objects.all()] == [["new@example.org"]]


def test_a_dry_run_counts_sign_ins_and_deletes_none(strategy_data):
    provider_access.sign_in_link_send(email="old@example.org")
    ProviderSignIn.objects.update(expires_at=days_ago(1))

    assert retention.retention_apply(dry_run=True).sign_ins_deleted == 1
    assert ProviderSignIn.objects.count() == 1


def test_expired_sessions_are_deleted(db):
    expired, current = SessionStore(), SessionStore()
    for session, expiry in ((expired, -60), (current, 3600)):
        session["your_offers_email"] = "someone@example.org"
        session.set_expiry(expiry)
        session.save()

    retention.retention_apply()

    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_offers_anonymised_before_lose_the_rest_by_migration(worked_on, commissioner):
    # Done as retention did before issue 23: the offer's own columns only.
    Offer.objects.filter(pk=worked_on.pk).update(contact_email=retention.ANONYMISED_EMAIL)
    untouched = submitted_offer()
    triage.offer_transition(offer=untouched, name="start_triage", actor=commissioner)
    changes.provider_message_send(offer=untouched, text=WORDS)
    migration = importlib.import_module("eoi.migrations.0018_retention_reaches_every_record")

    migration.forwards(apps, None)

    assert_words_removed_and_decisions_kept(worked_on, commissioner)
    assert ProviderMessage.objects.get(offer=untouched).text == WORDS


def test_the_privacy_notice_says_so(client):
    page = client.get("/privacy/").content.decode()

    assert "so are those with a link to sign in to “Your offers”" in page
    assert "the changes you made or told us about and why you withdrew it" in page
    assert "assessment and reasons for correcting your answers" in page
