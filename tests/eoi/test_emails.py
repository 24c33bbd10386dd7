"""The emails: who gets them, their subjects, text and HTML parts, the team's
PDF, the acknowledgement tailored to the offer, status changes and requests
for information, the draft link. Sent through the outbox, once the
transaction commits (tasks run in-process here; locmem keeps the mail)."""

import copy
import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from post_office.models import STATUS, Email

from eoi.notifications import emails, events, outbox, tasks
from eoi.offers import services
from eoi.triage import services as triage
from eoi.models import Offer, OfferDraft, OutboxEmail, OutboxEvent
from eoi.offers.document import parse_offer
from eoi.roles import COMMISSIONERS
from eoi.screening.selectors import screening_shortfalls
from eoi.offers.services import offer_submit
from eoi.triage.statuses import PROVIDER_WORDS, Status
from strategy.models import DemandLine
from tests.eoi.factories import staff
from tests.support.examples import example_offer

pytestmark = pytest.mark.django_db

STEP_DOWN = "01-mental-health-step-down.json"  # accommodation only, core and cluster
SHARED_HOUSE = "02-shared-house-older-people.json"
CARE_ONLY = "03-care-only-not-on-framework.json"

FRAMEWORK = "A framework arrangement is in place for our care and support contracts"
PORTALS = ("East Midlands Procurement Portal", "Contracts Finder")
MYCHOICE = "MyChoice"
SHARED_HOUSING = "little to no demand for shared housing"
PERSONAL = ("A. Person", "a.person@example.org", "0116 000 0000", "Example Street", "LE2 1AA")


@pytest.fixture(autouse=True)
def setup(strategy_data, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk"
    settings.TEAM_INBOX_EMAIL = "team@example.gov.uk"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run ``action`` and what it queued for after the commit (the emails' tasks)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def commissioner():
    return staff("chris", COMMISSIONERS)


def example(name, **support_changes):
    data = copy.deepcopy(example_offer(name))
    if support_changes:
        data["support"].update(support_changes)
    return data


def submit(send, name=STEP_DOWN, **support_changes):
    document = parse_offer(example(name, **support_changes))
    return send(offer_submit, document=document, source=Offer.Source.WEB)


def html_of(message):
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


# --------------------------------------------------------------------------
# The submission's two emails
# --------------------------------------------------------------------------


def test_a_submission_emails_the_provider_and_the_team_inbox(send):
    offer = submit(send)

    assert len(mail.outbox) == 2
    (acknowledgement,) = to("a.person@example.org")
    (team,) = to("team@example.gov.uk")
    assert (
        acknowledgement.subject == f"Supported Accommodation {offer.reference}: we have your offer"
    )
    assert team.subject == f"Supported Accommodation {offer.reference} Example Housing Association"
    for message in (acknowledgement, team):
        assert message.from_email == "Leicester City Council <noreply@leicester.gov.uk>"
        assert offer.reference in message.body
        assert offer.reference in html_of(message)
        assert html_of(message).startswith("<!DOCTYPE html>")
    assert acknowledgement.extra_headers["Reply-To"] == "team@example.gov.uk"
    assert Email.objects.filter(status=STATUS.sent).count() == 2


def test_the_team_email_carries_the_pdf_summary(send):
    offer = submit(send)

    (team,) = to("team@example.gov.uk")
    ((name, content, mimetype),) = team.attachments
    assert name == f"{offer.reference}-summary.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert "Example Housing Association" in team.body
    assert f"https://portal.example.gov.uk/admin/eoi/offer/{offer.pk}/change/" in team.body
    (acknowledgement,) = to("a.person@example.org")
    assert acknowledgement.attachments == []


def test_the_pdf_is_rendered_by_the_task_not_in_the_submission(
    send, monkeypatch, django_capture_on_commit_callbacks
):
    rendered = []
    real = outbox.render_offer_summary_pdf
    monkeypatch.setattr(
        outbox, "render_offer_summary_pdf", lambda offer: rendered.append(offer) or real(offer)
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer = offer_submit(document=parse_offer(example(STEP_DOWN)), source=Offer.Source.WEB)
    # The submission's transaction holds the event, not the emails (issue 13).
    assert rendered == [] and mail.outbox == []
    assert not Email.objects.exists() and not OutboxEmail.objects.exists()
    event = OutboxEvent.objects.get()
    assert (event.kind, event.offer, event.handled_at) == ("offer_submitted", offer, None)

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker's task, in-process
    assert len(rendered) == 1 and len(mail.outbox) == 2
    assert Email.objects.filter(status=STATUS.sent).count() == 2
    event.refresh_from_db()
    assert event.handled_at is not None


def test_the_event_gives_its_emails_once_however_often_it_is_handled(send, settings):
    offer = offer_submit(document=parse_offer(example(STEP_DOWN)), source=Offer.Source.WEB)
    event = OutboxEvent.objects.get(offer=offer)

    send(tasks.event_handle, event.pk)  # the worker
    send(tasks.event_handle, event.pk)  # the task delivered twice
    settings.EMAIL_SWEEP_AFTER_SECONDS = 0
    assert send(events.events_sweep) == []  # and the sweep finds nothing left

    assert len(mail.outbox) == 2
    assert OutboxEmail.objects.filter(offer=offer).count() == 2
    assert sorted(OutboxEmail.objects.values_list("kind", flat=True)) == [
        "offer_acknowledgement",
        "offer_team_summary",
    ]


def test_a_worker_that_fails_half_way_leaves_the_event_for_the_next(send, settings):
    offer = offer_submit(document=parse_offer(example(STEP_DOWN)), source=Offer.Source.WEB)
    event = OutboxEvent.objects.get(offer=offer)
    real = emails.offer_team_summary_email_queue

    def queue_then_fail(**kwargs):
        real(**kwargs)
        raise RuntimeError("the worker died")

    with (
        mock.patch.object(emails.to_staff, "offer_team_summary_email_queue", queue_then_fail),
        pytest.raises(RuntimeError),
    ):
        send(tasks.event_handle, event.pk)
    # Rolled back whole: no email half-written, the event still to do.
    assert not Email.objects.exists()
    event.refresh_from_db()
    assert event.handled_at is None

    settings.EMAIL_SWEEP_AFTER_SECONDS = 0
    assert send(events.events_sweep) == [event.pk]
    assert len(mail.outbox) == 2 and Email.objects.count() == 2


def test_the_acknowledgement_links_to_the_status_page(send):
    offer = submit(send)

    (acknowledgement,) = to("a.person@example.org")
    url = re.search(r"https://portal\.example\.gov\.uk(/offer/status/\S+/)", acknowledgement.body)
    assert url, acknowledgement.body
    assert f'href="https://portal.example.gov.uk{url[1]}"' in html_of(acknowledgement)
    page = Client().get(url[1])
    assert page.status_code == 200
    assert offer.reference in page.content.decode()


@pytest.mark.parametrize(
    "name, changes, framework, signposts, shared",
    [
        (CARE_ONLY, {}, True, True, False),
        (
            CARE_ONLY,
            {"provider_on_framework": True, "framework_lots": ["specialist"]},
            True,
            False,
            False,
        ),
        (SHARED_HOUSE, {}, False, False, True),
        (STEP_DOWN, {}, False, False, False),
    ],
    ids=[
        "care-not-on-framework",
        "care-on-framework",
        "shared-house",
        "accommodation-core-and-cluster",
    ],
)
def test_the_acknowledgement_is_the_standard_reply_tailored_to_the_offer(
    send, name, changes, framework, signposts, shared
):
    submit(send, name, **changes)

    (acknowledgement,) = to("a.person@example.org")
    for body in (acknowledgement.body, html_of(acknowledgement)):
        assert (FRAMEWORK in body) is framework
        for portal in PORTALS:
            assert (portal in body) is signposts
        assert (MYCHOICE in body) is signposts
        assert (SHARED_HOUSING in body) is shared
        assert ("Supported Living and Extra Care Housing Strategy" in body) is (name != CARE_ONLY)


def test_subjects_hold_no_personal_data(send, commissioner):
    offer = submit(send)
    send(triage.offer_transition, offer=offer, name="start_triage", actor=commissioner)
    send(
        triage.information_request,
        offer=offer,
        question="What is the site area?",
        actor=commissioner,
    )

    assert len(mail.outbox) == 4
    for message in mail.outbox:
        for item in PERSONAL:
            assert item.lower() not in message.subject.lower()


def test_nothing_is_queued_when_the_submission_fails(send):
    real = services.offer_submitted_record

    def record_then_fail(**kwargs):
        real(**kwargs)
        raise RuntimeError("the database went away")

    document = parse_offer(example(STEP_DOWN))
    with (
        mock.patch.object(services, "offer_submitted_record", record_then_fail),
        pytest.raises(RuntimeError),
    ):
        send(offer_submit, document=document, source=Offer.Source.WEB)

    assert not Offer.objects.exists()
    assert not OutboxEvent.objects.exists()
    assert not Email.objects.exists()
    assert mail.outbox == []


# --------------------------------------------------------------------------
# Status changes and requests for information
# --------------------------------------------------------------------------


def provider_emails_after(send, offer, action, **kwargs):
    mail.outbox.clear()
    send(action, offer=offer, **kwargs)
    return to("a.person@example.org")


def test_each_status_change_tells_the_provider_in_the_status_pages_words(send, commissioner):
    offer = submit(send)

    for name, status in [
        ("start_triage", Status.IN_TRIAGE),
        ("arrange_meeting", Status.MEETING_ARRANGED),
        ("withdraw", Status.WITHDRAWN),
    ]:
        (message,) = provider_emails_after(
            send, offer, triage.offer_transition, name=name, actor=commissioner, reason="internal"
        )
        words = PROVIDER_WORDS[status]
        assert message.subject == f"Supported Accommodation {offer.reference}: {words}"
        assert f"is now: {words}" in message.body
        assert words in html_of(message)
        assert "/offer/status/" in message.body
        assert "internal" not in message.body  # the reason of other moves is for staff


def test_the_submission_itself_sends_no_status_email(send):
    submit(send)

    assert OutboxEmail.objects.filter(kind=OutboxEmail.Kind.STATUS_CHANGE).count() == 0
    assert len(mail.outbox) == 2


def test_a_request_for_information_asks_the_question_and_links_to_the_answer(send, commissioner):
    offer = submit(send)
    send(triage.offer_transition, offer=offer, name="start_triage", actor=commissioner)

    (message,) = provider_emails_after(
        send,
        offer,
        triage.information_request,
        question="  What is the site area? ",
        actor=commissioner,
    )
    assert (
        message.subject
        == f"Supported Accommodation {offer.reference}: we need more information from you"
    )
    assert "What is the site area?" in message.body
    assert "What is the site area?" in html_of(message)
    link = re.search(r"https://portal\.example\.gov\.uk(/offer/status/\S+/)", message.body)[1]
    assert "What is the site area?" in Client().get(link).content.decode()
    assert (
        OutboxEmail.objects.filter(kind=OutboxEmail.Kind.INFORMATION_REQUEST, offer=offer).count()
        == 1
    )

    (answered,) = provider_emails_after(
        send, offer, triage.information_answer, answer="0.7 hectares"
    )
    assert "we have your answer" in answered.body
    assert PROVIDER_WORDS[Status.IN_TRIAGE] in answered.subject


def test_not_progressed_gives_the_reason_the_explanation_and_the_screenings_words(
    send, commissioner
):
    offer = submit(send, CARE_ONLY)
    shortfalls = screening_shortfalls(offer=offer)
    assert shortfalls  # the procurement factor does not meet

    (message,) = provider_emails_after(
        send,
        offer,
        triage.offer_not_progress,
        actor=commissioner,
        reason_code="framework",
        reason="Care and support is bought through the framework.",
    )
    assert message.subject == f"Supported Accommodation {offer.reference}: Not progressed"
    for body in (message.body, html_of(message)):
        assert "Care and support must come through the framework" in body  # the reason's label
        assert "Care and support is bought through the framework." in body
        assert "Procurement and the Supported Living framework" in body
    for shortfall in shortfalls:
        assert shortfall in message.body


def test_acceptance_gives_the_units_and_demand_lines(send, commissioner):
    offer = submit(send)
    send(triage.offer_transition, offer=offer, name="start_triage", actor=commissioner)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )

    (message,) = provider_emails_after(
        send, offer, triage.offer_accept, actor=commissioner, allocations=[(line, 12)]
    )
    assert (
        message.subject
        == f"Supported Accommodation {offer.reference}: {PROVIDER_WORDS[Status.ACCEPTED]}"
    )
    assert f"12 units for: {line.public_name}" in message.body
    assert f"12 units for: {line.public_name}" in html_of(message)
    assert line.cohort not in message.body


def test_a_refused_transition_queues_nothing(send, commissioner):
    offer = submit(send)
    before = Email.objects.count()

    with pytest.raises(triage.TransitionRefused):
        send(triage.offer_transition, offer=offer, name="receive_answer", actor=None)
    line = DemandLine.objects.get(
        group__version__is_current=True, cohort__startswith="Mental health inpatient"
    )
    Offer.objects.filter(pk=offer.pk).update(status=Status.NOT_PROGRESSED)
    with pytest.raises(triage.TransitionRefused):  # decided: nothing more to do
        send(triage.offer_accept, offer=offer, actor=commissioner, allocations=[(line, 12)])
    assert Email.objects.count() == before


def test_html_parts_escape_what_people_typed(send, commissioner):
    offer = submit(send)
    send(triage.offer_transition, offer=offer, name="start_triage", actor=commissioner)

    (message,) = provider_emails_after(
        send,
        offer,
        triage.information_request,
        question="<b>{{ x }}</b> & more",
        actor=commissioner,
    )
    assert "<b>{{ x }}</b> & more" in message.body
    assert "&lt;b&gt;{{ x }}&lt;/b&gt; &amp; more" in html_of(message)


# --------------------------------------------------------------------------
# The draft link
# --------------------------------------------------------------------------


def test_the_draft_link_goes_through_the_outbox(send):
    draft = OfferDraft.objects.create(contact_email="someone@example.org")
    email = send(
        emails.draft_resume_link_email_send,
        draft=draft,
        url="https://portal.example.gov.uk/offer/resume/x/",
    )

    assert email.outbox_entry.kind == OutboxEmail.Kind.DRAFT_RESUME_LINK
    email.refresh_from_db()
    assert email.status == STATUS.sent
    (message,) = mail.outbox
    assert message.to == ["someone@example.org"]
    assert message.subject == "Your draft offer of supported accommodation"
    assert "https://portal.example.gov.uk/offer/resume/x/" in message.body
    assert 'href="https://portal.example.gov.uk/offer/resume/x/"' in html_of(message)
