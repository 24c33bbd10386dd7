"""Retention: personal data of decided offers removed after the set period,
old drafts deleted with their files, a dry run that only counts."""

import datetime
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from eoi import retention
from eoi.triage import services as triage
from eoi.offers import uploads
from eoi.models import Attachment, Offer, OfferDraft, StatusChange
from eoi.roles import COMMISSIONERS
from eoi.triage.statuses import Status
from leicester_sl.celery import app
from tests.eoi.factories import staff, submitted_offer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CONTACT = {
    "contact_name": "Alex Example",
    "contact_email": "alex@example.org",
    "contact_phone": "0116 000 0000",
    "contact_role": "Development manager",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path, strategy_data):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def commissioner():
    return staff("chris", COMMISSIONERS)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def attach(*, offer=None, draft=None, name="plan.pdf"):
    return uploads.attachment_store(
        offer=offer,
        draft=draft,
        upload=SimpleUploadedFile(name, PDF),
        kind=Attachment.Kind.SITE_PLAN,
        content_type="application/pdf",
    )


def decided(commissioner, *, status=Status.NOT_PROGRESSED, days=800, questions=False):
    """An offer moved to ``status`` ``days`` ago, with personal data in every
    place retention looks."""
    offer = submitted_offer()
    Offer.objects.filter(pk=offer.pk).update(notes="Call Alex on his mobile")
    offer.refresh_from_db()
    triage.offer_transition(offer=offer, name="start_triage", actor=commissioner)
    if questions:
        triage.information_request(offer=offer, question="Who owns the site?", actor=commissioner)
        triage.information_answer(offer=offer, answer="Alex's family trust")
    triage.offer_note_add(offer=offer, author=commissioner, text="Alex seemed keen")
    attach(offer=offer)
    if status == Status.NOT_PROGRESSED:
        triage.offer_not_progress(
            offer=offer,
            actor=commissioner,
            reason_code="shared_housing",
            reason="No demand.",
        )
    elif status == Status.WITHDRAWN:
        triage.offer_transition(offer=offer, name="withdraw", actor=commissioner)
    elif status == Status.ACCEPTED:
        # The acceptance's own service needs demand lines; its state is what matters.
        Offer.objects.filter(pk=offer.pk).update(status=Status.ACCEPTED)
        StatusChange.objects.create(
            offer=offer,
            from_status=Status.IN_TRIAGE,
            to_status=Status.ACCEPTED,
            actor=commissioner,
            actor_label="Chris",
            at=timezone.now(),
        )
    StatusChange.objects.filter(offer=offer, to_status=status).update(at=days_ago(days))
    offer.refresh_from_db()
    return offer


def test_personal_data_of_an_old_decision_is_removed_and_the_rest_kept(
    commissioner, django_capture_on_commit_callbacks
):
    offer = decided(commissioner, questions=True)
    stored_file = offer.attachments.get().file.name
    assert offer.contact_email == "a.person@example.org"  # the example's contact

    with django_capture_on_commit_callbacks(execute=True):
        report = retention.retention_apply()

    offer.refresh_from_db()
    assert (report.offers_anonymised, report.offer_attachments_deleted) == (1, 1)
    assert offer.contact_name == ""
    assert offer.contact_email == retention.ANONYMISED_EMAIL
    assert (offer.contact_phone, offer.contact_role, offer.notes) == ("", "", "")
    request = offer.information_requests.get()
    assert (request.question, request.answer) == ("Who owns the site?", "")
    assert not offer.status_changes.filter(reason__contains="Alex").exists()
    assert offer.notes_internal.get().text == retention.REMOVED_NOTE
    assert not offer.attachments.exists()
    assert not default_storage.exists(stored_file)
    # What is kept: the offer itself, its state, decision and screening.
    assert offer.status == Status.NOT_PROGRESSED
    assert offer.organisation_name == "Example Housing Association"
    assert offer.scheme_name == "Example Court"
    assert offer.status_changes.get(to_status=Status.NOT_PROGRESSED).reason == "No demand."
    assert offer.screenings.exists()
    # Its history holds no earlier copy, and says what happened.
    assert not offer.history.filter(contact_email="a.person@example.org").exists()
    assert not offer.history.exclude(contact_name="").exists()
    assert offer.history.first().history_change_reason == "retention"


def test_withdrawn_offers_are_anonymised_too(commissioner):
    offer = decided(commissioner, status=Status.WITHDRAWN)

    retention.retention_apply()

    offer.refresh_from_db()
    assert offer.contact_email == retention.ANONYMISED_EMAIL


def test_recent_decisions_and_open_or_accepted_offers_are_untouched(commissioner):
    recent = decided(commissioner, days=700)
    accepted = decided(commissioner, status=Status.ACCEPTED, days=3000)
    still_open = submitted_offer()
    StatusChange.objects.filter(offer=still_open).update(at=days_ago(3000))
    Offer.objects.filter(pk=still_open.pk).update(submitted_at=days_ago(3000))

    report = retention.retention_apply()

    assert report.offers_anonymised == 0
    for offer in (recent, accepted, still_open):
        offer.refresh_from_db()
        assert offer.contact_email == "a.person@example.org"
        assert offer.contact_name != ""
    assert recent.attachments.exists() and accepted.attachments.exists()


def test_the_period_is_a_setting(commissioner, settings):
    settings.EOI_RETENTION_DECIDED_DAYS = 10
    offer = decided(commissioner, days=11)

    assert retention.retention_apply().offers_anonymised == 1
    offer.refresh_from_db()
    assert offer.contact_name == ""


def test_a_second_run_finds_nothing_more(commissioner):
    decided(commissioner)
    retention.retention_apply()

    report = retention.retention_apply()

    assert (report.offers_anonymised, report.drafts_deleted) == (0, 0)


def test_drafts_not_saved_for_thirty_days_go_with_their_files(
    django_capture_on_commit_callbacks,
):
    old = OfferDraft.objects.create(answers={"contact": {"email": "alex@example.org"}})
    old_file = attach(draft=old)
    recent = OfferDraft.objects.create()
    recent_file = attach(draft=recent)
    sent = OfferDraft.objects.create()
    sent_offer = submitted_offer()
    sent_file = attach(draft=sent, name="sent.pdf")
    Attachment.objects.filter(pk=sent_file.pk).update(offer=sent_offer)
    OfferDraft.objects.filter(pk=sent.pk).update(submitted_offer=sent_offer)
    OfferDraft.objects.filter(pk__in=[old.pk, sent.pk]).update(updated_at=days_ago(31))
    OfferDraft.objects.filter(pk=recent.pk).update(updated_at=days_ago(29))

    with django_capture_on_commit_callbacks(execute=True):
        report = retention.retention_apply()

    assert (report.drafts_deleted, report.draft_attachments_deleted) == (2, 1)
    assert list(OfferDraft.objects.all()) == [recent]
    assert not default_storage.exists(old_file.file.name)
    assert not Attachment.objects.filter(pk=old_file.pk).exists()
    assert default_storage.exists(recent_file.file.name)
    # The file of a draft that was sent belongs to its offer, and stays.
    assert default_storage.exists(sent_file.file.name)
    assert sent_offer.attachments.get().pk == sent_file.pk


def test_a_dry_run_changes_nothing_and_reports_the_counts(commissioner):
    offer = decided(commissioner)
    draft = OfferDraft.objects.create()
    attach(draft=draft)
    OfferDraft.objects.filter(pk=draft.pk).update(updated_at=days_ago(40))
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [
        ("Offers decided over 730 days ago: 1 would be anonymised, 1 file(s) would be deleted."),
        "Drafts not saved for 30 days: 1 would be deleted, 1 file(s) would be deleted.",
        "Alert subscriptions not confirmed within 7 days: 0 would be deleted.",
    ]
    offer.refresh_from_db()
    assert offer.contact_email == "a.person@example.org"
    assert offer.attachments.count() == 1
    assert OfferDraft.objects.filter(pk=draft.pk).exists()
    assert Attachment.objects.count() == 2


def test_the_command_reports_what_it_did(commissioner):
    decided(commissioner)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert "1 anonymised, 1 file(s) deleted" in out.getvalue()


def test_each_anonymised_offer_and_each_run_is_logged(commissioner, caplog):
    offer = decided(commissioner)
    caplog.set_level("INFO", logger="eoi.retention")

    retention.retention_apply()

    records = [r for r in caplog.records if r.name == "eoi.retention"]
    assert records[0].offer_reference == offer.reference
    assert records[-1].retention["offers_anonymised"] == 1


def test_celery_beat_runs_it_nightly_beside_the_other_schedules(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    entry = schedule["retention-apply"]
    app.loader.import_default_modules()

    assert entry["task"] == "eoi.retention_apply"
    assert entry["task"] in app.tasks
    assert "email-outbox-sweep" in schedule  # the outbox's entry is kept
    assert app.tasks["eoi.retention_apply"]() == {
        "dry_run": False,
        "offers_anonymised": 0,
        "offer_attachments_deleted": 0,
        "drafts_deleted": 0,
        "draft_attachments_deleted": 0,
        "emails_deleted": 0,
        "sign_ins_deleted": 0,
        "alert_subscriptions_deleted": 0,
        "questions_asker_removed": 0,
    }


def test_the_privacy_notice_says_the_periods_in_force(client, settings):
    page = client.get(reverse("privacy")).content.decode()
    assert "deleted 30 days after you last saved them" in page
    assert "2 years after that decision" in page

    settings.EOI_DRAFT_RETENTION_DAYS = 14
    settings.EOI_RETENTION_DECIDED_DAYS = 1095
    page = client.get(reverse("privacy")).content.decode()
    assert "deleted 14 days after you last saved them" in page
    assert "3 years after that decision" in page


@pytest.mark.parametrize(
    "days, words", [(730, "2 years"), (365, "1 year"), (30, "30 days"), (1, "1 day")]
)
def test_periods_in_words(days, words):
    assert retention.period_words(days) == words
