"""The outbox loses nothing: the broker down at submission, an SMTP server
that fails and recovers, a task run twice, retries used up and an
administrator's resend; the sweep and its beat schedule; post-office's
send_queued_mail command, which is the outbox's."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command, get_commands
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from eoi.notifications import emails, enqueue, events, outbox, tasks
from eoi.models import Offer, OfferDraft, OutboxEmail, OutboxEvent
from eoi.roles import ADMINISTRATORS, COMMISSIONERS, PLACEMENT_TEAM
from leicester_sl.celery import app as celery_app
from tests.eoi.factories import staff, submitted_offer
from tests.eoi.journey_answers import answer_all
from tests.support.mail import FailingTwiceBackend
from tests.support.services import unused_local_url

CHANGELIST = reverse("admin:post_office_email_changelist")


@pytest.fixture(autouse=True)
def setup(strategy_data, settings):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 0
    FailingTwiceBackend.failures_left = 2


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run ``action`` and what it queued for after the commit."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def _celery_connections_reset():
    # The app keeps its connection and producer pools for the broker it first
    # used: forget them (kombu keeps each broker's pools, open, for reuse).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(monkeypatch):
    """Switch the Celery app between a broker that is down and in-process tasks.

    (Celery reads CELERY_BROKER_URL from the environment before its settings,
    as CI sets it: both are changed.)
    """
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)

    def use(url, eager):
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        celery_app.conf.broker_url = url
        celery_app.conf.task_always_eager = eager
        _celery_connections_reset()

    class Broker:
        def down(self):
            use(unused_local_url("redis"), eager=False)

        def back(self):
            use(saved[0], eager=True)

    yield Broker()
    use(*saved)


def draft_link_queued(send=None):
    draft = OfferDraft.objects.create(contact_email="someone@example.org")
    action = emails.draft_resume_link_email_send
    kwargs = {"draft": draft, "url": "https://portal.example.gov.uk/offer/resume/x/"}
    return send(action, **kwargs) if send else action(**kwargs)


def statuses():
    return sorted(Email.objects.values_list("status", flat=True))


# --------------------------------------------------------------------------
# 1. The broker is down when the offer is sent
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_the_broker_down_the_offer_is_saved_and_the_sweep_sends_its_emails_once(
    broker, send, settings, caplog
):
    broker.down()
    offer = send(submitted_offer)  # returns normally

    assert Offer.objects.filter(pk=offer.pk).exists()
    assert mail.outbox == []
    # The "offer submitted" event waits, unhandled; its emails are not written yet.
    assert OutboxEvent.objects.filter(offer=offer, handled_at__isnull=True).count() == 1
    assert statuses() == []
    # One publish for the submission (issue 13): one message logged.
    assert caplog.text.count("it stays in the outbox for the sweep") == 1

    broker.back()
    settings.EMAIL_SWEEP_AFTER_SECONDS = 0
    send(tasks.outbox_sweep)  # the beat task: handles the event, then its emails go
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a.person@example.org",
        "caas.carehomes@leicester.gov.uk",
    ]
    assert statuses() == [STATUS.sent, STATUS.sent]
    assert OutboxEvent.objects.get(offer=offer).handled_at is not None

    send(tasks.outbox_sweep)
    assert len(mail.outbox) == 2 and Email.objects.count() == 2


@pytest.mark.django_db
def test_with_the_broker_down_the_web_submission_still_confirms(
    broker, client, django_capture_on_commit_callbacks
):
    client.post(reverse("eoi:start"))
    answer_all(client, "accommodation")
    broker.down()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("eoi:check-answers"))

    offer = Offer.objects.get()
    assert response.status_code == 302
    assert "Offer sent" in client.get(response.url).content.decode()
    assert OutboxEvent.objects.filter(offer=offer, handled_at__isnull=True).count() == 1


# --------------------------------------------------------------------------
# 2. The SMTP server fails twice, then works
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_smtp_server_that_fails_twice_gets_the_email_once(send, settings):
    settings.EMAIL_BACKEND = "tests.support.mail.FailingTwiceBackend"

    email = draft_link_queued(send)  # the task retries in-process

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert email.number_of_retries == 2
    logs = list(email.logs.order_by("pk").values_list("status", "exception_type"))
    assert logs == [
        (STATUS.failed, "SMTPServerDisconnected"),
        (STATUS.failed, "SMTPServerDisconnected"),
        (STATUS.sent, ""),
    ]


@pytest.mark.django_db
def test_a_failed_attempt_waits_longer_each_time(settings):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 60
    email = draft_link_queued()

    delays = [
        outbox.email_failure_record(email_id=email.pk, error=ConnectionRefusedError(111, "refused"))
        for _attempt in range(5)
    ]

    assert [delay.total_seconds() for delay in delays] == [60, 120, 240, 480, 960]
    email.refresh_from_db()
    assert email.status == STATUS.requeued
    assert email.scheduled_time > timezone.now() + datetime.timedelta(seconds=900)
    assert outbox.email_failure_record(email_id=email.pk, error=OSError("down")) is None
    email.refresh_from_db()
    assert email.status == STATUS.failed


# --------------------------------------------------------------------------
# 3. The task runs twice
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_task_run_twice_sends_once(monkeypatch):
    monkeypatch.setattr(enqueue, "email_send_enqueue", lambda ids: None)
    email = draft_link_queued()

    assert tasks.email_send(email.pk) == "sent"
    assert tasks.email_send(email.pk) == "skipped"
    assert tasks.email_send.apply(args=[email.pk]).get() == "skipped"
    assert len(mail.outbox) == 1
    assert email.logs.filter(status=STATUS.sent).count() == 1


@pytest.mark.django_db
def test_a_run_that_loses_the_race_sends_nothing(monkeypatch):
    """The second of two runs at once: it finds the email pending, but by the
    time it holds the lock the first has sent it."""
    monkeypatch.setattr(enqueue, "email_send_enqueue", lambda ids: None)
    email = draft_link_queued()
    build = outbox.email_message_build

    def while_building_the_other_run_sends(email):
        message = build(email)
        Email.objects.filter(pk=email.pk).update(status=STATUS.sent)
        return message

    monkeypatch.setattr(outbox, "email_message_build", while_building_the_other_run_sends)

    assert outbox.email_deliver(email_id=email.pk) is False
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_two_tasks_at_once_send_once(monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (CI): SQLite's in-memory test database refuses two "
            "writers instead of making one wait"
        )
    settings.EMAIL_BACKEND = "tests.support.mail.SlowBackend"
    monkeypatch.setattr(enqueue, "email_send_enqueue", lambda ids: None)
    email = draft_link_queued()
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(tasks.email_send(email.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["sent", "skipped"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_one_event_handled_at_once_by_a_worker_and_the_sweep_gives_its_emails_once(
    monkeypatch, settings
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (CI): SQLite's in-memory test database refuses two "
            "writers instead of making one wait"
        )
    monkeypatch.setattr(enqueue, "event_handle_enqueue", lambda event_id: None)  # the broker down
    offer = submitted_offer()
    event = OutboxEvent.objects.get(offer=offer)
    settings.EMAIL_SWEEP_AFTER_SECONDS = 0
    start = threading.Barrier(2)
    results = []

    def run(work):
        try:
            start.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(lambda: tasks.event_handle(event.pk),)),
        threading.Thread(target=run, args=(events.events_sweep,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 2
    assert Email.objects.count() == 2 and OutboxEmail.objects.filter(offer=offer).count() == 2
    assert len(mail.outbox) == 2
    assert OutboxEvent.objects.get().handled_at is not None


# --------------------------------------------------------------------------
# 4. Retries used up: failed, in the admin, sent again
# --------------------------------------------------------------------------


@pytest.fixture
def failed(send, settings):
    """The two emails of a submission, failed after every retry."""
    settings.EMAIL_BACKEND = "tests.support.mail.DownBackend"
    settings.EMAIL_MAX_RETRIES = 2
    send(submitted_offer)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return list(Email.objects.order_by("pk"))


@pytest.mark.django_db
def test_retries_used_up_leave_the_email_failed_with_its_errors(failed):
    assert [email.status for email in failed] == [STATUS.failed, STATUS.failed]
    for email in failed:
        assert email.number_of_retries == 3
        assert (
            list(email.logs.values_list("exception_type", flat=True))
            == ["ConnectionRefusedError"] * 3
        )
    assert mail.outbox == []


@pytest.mark.django_db
def test_failed_emails_are_shown_to_administrators_and_sent_again(client, failed, send):
    client.force_login(staff("alex", ADMINISTRATORS))

    page = client.get(CHANGELIST, {"status__exact": STATUS.failed}).content.decode()
    for email in failed:
        assert email.subject in page
    assert "Send the selected emails again" in page
    detail = client.get(reverse("admin:post_office_email_change", args=[failed[0].pk]))
    assert "Connection refused" in detail.content.decode()
    assert "Send again" in detail.content.decode()

    response = send(
        client.post,
        CHANGELIST,
        {"action": "resend", "_selected_action": [email.pk for email in failed]},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert statuses() == [STATUS.sent, STATUS.sent]


@pytest.mark.django_db
def test_the_send_again_button_posts(client, failed, send):
    client.force_login(staff("alex", ADMINISTRATORS))
    url = reverse("admin:resend", args=[failed[0].pk])

    assert client.get(url).status_code == 405
    response = send(client.post, url)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    failed[0].refresh_from_db()
    assert failed[0].status == STATUS.sent


@pytest.mark.django_db
def test_commissioners_see_the_outbox_but_cannot_resend(client, failed, send):
    client.force_login(staff("chris", COMMISSIONERS))

    assert client.get(CHANGELIST).status_code == 200
    send(client.post, CHANGELIST, {"action": "resend", "_selected_action": [failed[0].pk]})
    assert client.post(reverse("admin:resend", args=[failed[0].pk])).status_code == 403
    assert mail.outbox == []
    assert statuses() == [STATUS.failed, STATUS.failed]

    client.force_login(staff("pat", PLACEMENT_TEAM))
    assert client.get(CHANGELIST).status_code == 403


# --------------------------------------------------------------------------
# The sweep
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_queues_only_what_is_overdue(settings):
    settings.EMAIL_SWEEP_AFTER_SECONDS = 120
    now = timezone.now()
    old = now - datetime.timedelta(minutes=5)

    _fresh, stuck, retry_due, retry_later, failed, sent = (draft_link_queued() for _ in range(6))
    Email.objects.filter(
        pk__in=[stuck.pk, retry_due.pk, retry_later.pk, failed.pk, sent.pk]
    ).update(last_updated=old)
    Email.objects.filter(pk=retry_due.pk).update(status=STATUS.requeued, scheduled_time=old)
    Email.objects.filter(pk=retry_later.pk).update(
        status=STATUS.requeued, scheduled_time=now + datetime.timedelta(minutes=1)
    )
    Email.objects.filter(pk=failed.pk).update(status=STATUS.failed)
    Email.objects.filter(pk=sent.pk).update(status=STATUS.sent)

    assert outbox.outbox_sweep(now=now) == [stuck.pk, retry_due.pk]
    # Touched: the next sweep, a minute later, leaves them alone.
    assert outbox.outbox_sweep(now=now + datetime.timedelta(minutes=1)) == []


def test_beat_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["email-outbox-sweep"]
    assert entry["task"] == "eoi.outbox_sweep" and entry["schedule"] == 60.0
    assert celery_app.conf.beat_schedule["email-outbox-sweep"]["task"] == "eoi.outbox_sweep"
    celery_app.loader.import_default_modules()
    assert {"eoi.outbox_sweep", "eoi.email_send"} <= set(celery_app.tasks)


@pytest.mark.django_db
def test_an_email_that_cannot_be_built_fails_at_once(monkeypatch, send):
    def broken(email):
        raise ValueError("the PDF would not render")

    monkeypatch.setattr(outbox, "email_message_build", broken)
    email = draft_link_queued(send)

    email.refresh_from_db()
    assert email.status == STATUS.failed
    assert email.number_of_retries == 1
    assert email.logs.get().exception_type == "ValueError"
    assert mail.outbox == []


# --------------------------------------------------------------------------
# post-office's send_queued_mail command is the outbox's
# --------------------------------------------------------------------------


def run_send_queued_mail():
    out = io.StringIO()
    call_command("send_queued_mail", "--processes", "2", stdout=out)  # post-office's option
    return out.getvalue()


def test_send_queued_mail_is_the_outboxs_command():
    assert get_commands()["send_queued_mail"] == "eoi"
    assert get_commands()["cleanup_mail"] == "post_office"


@pytest.mark.django_db
def test_send_queued_mail_sends_a_pending_email_once_with_its_summary(broker, send, settings):
    broker.down()
    offer = send(submitted_offer)
    broker.back()
    # The event handled (its emails written) with nothing queued to send them.
    settings.EMAIL_SWEEP_AFTER_SECONDS = 0
    assert events.events_sweep() == [OutboxEvent.objects.get(offer=offer).pk]

    assert run_send_queued_mail().startswith("2 sent, 0 to retry, 0 failed")
    assert run_send_queued_mail().startswith("0 sent")
    assert send(outbox.outbox_sweep) == []
    assert statuses() == [STATUS.sent, STATUS.sent]
    assert len(mail.outbox) == 2
    team = next(m for m in mail.outbox if m.to == [settings.TEAM_INBOX_EMAIL])
    assert [name for name, _, _ in team.attachments] == [f"{offer.reference}-summary.pdf"]
    for email in Email.objects.all():
        assert email.logs.filter(status=STATUS.sent).count() == 1


@pytest.mark.django_db
def test_send_queued_mail_leaves_a_failed_attempt_for_its_retry_time(monkeypatch, settings):
    monkeypatch.setattr(enqueue, "email_send_enqueue", lambda ids: None)
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 60
    settings.EMAIL_BACKEND = "tests.support.mail.FailingTwiceBackend"
    email = draft_link_queued()

    assert run_send_queued_mail().startswith("0 sent, 1 to retry")
    assert run_send_queued_mail().startswith("0 sent, 0 to retry")  # not due yet
    email.refresh_from_db()
    assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
    assert mail.outbox == []

    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now())
    FailingTwiceBackend.failures_left = 0
    assert run_send_queued_mail().startswith("1 sent")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_queued_mail_skips_an_email_another_run_has_sent(monkeypatch):
    """The worker sends the email while the command is building it: the
    command finds it sent once it holds the lock, and sends nothing."""
    monkeypatch.setattr(enqueue, "email_send_enqueue", lambda ids: None)
    draft_link_queued()
    build = outbox.email_message_build

    def while_building_the_worker_sends(email):
        message = build(email)
        monkeypatch.setattr(outbox, "email_message_build", build)  # the worker's own
        assert tasks.email_send(email.pk) == "sent"
        return message

    monkeypatch.setattr(outbox, "email_message_build", while_building_the_worker_sends)

    assert run_send_queued_mail().startswith("0 sent, 0 to retry, 0 failed, 1 already sent")
    assert len(mail.outbox) == 1
