"""The alert job (eoi.alerts.sending): what goes to whom, once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from eoi.alerts import sending
from eoi.alerts.needs import needs_now
from eoi.models import AlertSent, AlertSubscription, Opportunity, OpportunityQuestion, OutboxEmail
from eoi.notifications import enqueue
from eoi.notifications.emails import SUBJECT_PREFIX
from eoi.opportunities.services import opportunity_close
from leicester_sl.celery import app
from strategy.models import DemandLine
from strategy.selectors import forecast_version_current
from tests.eoi.opportunities.helpers import commissioner, draft_opportunity, published_opportunity

from tests.support.threads import at_once

from .helpers import MONDAY, alert_emails, subscription

Kind = OutboxEmail.Kind
DAY = datetime.timedelta(days=1)


def opportunity_closing(on: datetime.date, *, published_days_ago=0, **changes) -> Opportunity:
    """Published (``published_days_ago`` days before now), open since well
    before ``on``, closing on ``on``."""
    opportunity = published_opportunity(
        opens_on=on - 60 * DAY, questions_close_on=None, responses_close_on=on, **changes
    )
    if published_days_ago:
        opportunity.published_at = timezone.now() - published_days_ago * DAY
        opportunity.save(update_fields=["published_at"])
    return opportunity


def question(opportunity, *, published=True, text="Is parking needed?", answer="No.", **fields):
    return OpportunityQuestion.objects.create(
        opportunity=opportunity,
        email="asker@example.org",
        question=f"{text} (from Acme Care)",
        published_question=text if published else "",
        answer=answer,
        answered_at=timezone.now(),
        published_at=timezone.now() if published else None,
        **fields,
    )


# --------------------------------------------------------------------------
# A new opportunity
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_opportunity_goes_to_confirmed_matching_subscribers_only():
    every = subscription("every@example.org")
    older = subscription("older@example.org", client_groups=["older_people"])
    subscription("mental@example.org", client_groups=["mental_health"])
    subscription("elsewhere@example.org", wards=["Castle"])
    subscription("unconfirmed@example.org", confirmed=False)
    subscription("tender@example.org", routes=["formal_tender"])
    opportunity = opportunity_closing(MONDAY + 30 * DAY, wards=["Eyres Monsell"])

    assert sending.alerts_send(today=MONDAY) == 2

    emails = alert_emails(Kind.ALERT_PUBLISHED)
    assert sorted(e.to[0] for e in emails) == sorted([every.email, older.email])
    # Sentence case after the prefix all emails share, one colon only.
    assert emails[0].subject == f"{SUBJECT_PREFIX}: New opportunity – {opportunity.title}"
    assert "unconfirmed@example.org" not in str([e.to for e in alert_emails()])


@pytest.mark.django_db
def test_each_alert_carries_one_click_unsubscribe_and_the_links_to_change_or_stop(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    made = subscription()
    opportunity = opportunity_closing(MONDAY + 30 * DAY)

    sending.alerts_send(today=MONDAY)

    [email] = alert_emails(Kind.ALERT_PUBLISHED)
    unsubscribe = email.headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://portal.example.org/alerts/unsubscribe/")
    assert unsubscribe.endswith("/>") and str(made.key) in unsubscribe
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = email.prepare_email_message().message()
    assert message["List-Unsubscribe"] == unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for body in (email.message, email.html_message):
        assert unsubscribe[1:-1] in body
        assert "https://portal.example.org/alerts/manage/" in body
        assert f"https://portal.example.org{opportunity.get_absolute_url()}" in body
    line = opportunity.demand_lines.get()
    assert line.name_for_providers in email.message
    if line.name_for_providers != line.cohort:
        assert line.cohort not in email.message + email.html_message


@pytest.mark.django_db
def test_an_opportunity_published_before_the_subscription_was_confirmed_is_not_told():
    opportunity_closing(MONDAY + 30 * DAY, published_days_ago=3)
    subscription()  # confirmed a day ago

    assert sending.alerts_send(today=MONDAY) == 0


@pytest.mark.django_db
def test_drafts_and_closed_opportunities_are_not_told():
    subscription()
    draft_opportunity(
        opens_on=MONDAY, responses_close_on=MONDAY + 30 * DAY, slug="a-draft", title="A draft"
    )
    closed = opportunity_closing(MONDAY + 30 * DAY)
    opportunity_close(opportunity=closed, actor=commissioner())
    opportunity_closing(MONDAY - DAY, slug="past", title="Past its day")

    assert sending.alerts_send(today=MONDAY) == 0


@pytest.mark.django_db
def test_the_framework_re_opening_reaches_those_who_asked_for_it_alone():
    only = subscription("framework@example.org", framework_reopening=True)
    opportunity_closing(MONDAY + 30 * DAY, slug="extra-care")
    opportunity_closing(MONDAY + 30 * DAY, slug="framework", reopens_framework=True)

    sending.alerts_send(today=MONDAY)

    [email] = alert_emails(Kind.ALERT_PUBLISHED, to=only.email)
    assert AlertSent.objects.get(subscription=only).key == (
        f"published:{Opportunity.objects.get(slug='framework').pk}"
    )
    # The email says why it reached them.
    said = "This re-opens the Supported Living care and support framework."
    assert said in email.message and said in email.html_message


# --------------------------------------------------------------------------
# Closing soon
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reminder_goes_within_five_working_days_of_closing_once():
    subscription()
    friday, next_tuesday = MONDAY + 4 * DAY, MONDAY + 8 * DAY
    soon = opportunity_closing(friday + 3 * DAY, published_days_ago=10, slug="soon")  # 5 days
    later = opportunity_closing(next_tuesday, published_days_ago=10, slug="later")  # 6 days

    assert sending.alerts_send(today=MONDAY) == 1
    assert sending.alerts_send(today=MONDAY) == 0
    assert sending.alerts_send(today=MONDAY + DAY) == 1  # the later one's turn
    assert sending.alerts_send(today=MONDAY + 2 * DAY) == 0

    first, second = alert_emails(Kind.ALERT_CLOSING)
    assert first.subject == f"{SUBJECT_PREFIX}: Closing soon – {soon.title}"
    assert later.title in second.subject
    assert "List-Unsubscribe" in first.headers
    assert "Monday 15 March 2027" in first.message
    # Offers through the service are taken all of the closing day.
    assert "close at 11:59pm on Monday 15 March 2027" in first.message
    assert "11:59pm on Monday 15 March 2027" in first.html_message


@pytest.mark.django_db
def test_no_reminder_on_a_day_that_is_not_a_working_day():
    subscription()
    saturday = MONDAY + 5 * DAY
    opportunity_closing(saturday + 3 * DAY, published_days_ago=10)

    assert sending.alerts_send(today=saturday) == 0
    assert sending.alerts_send(today=saturday + 2 * DAY) == 1  # Monday


@pytest.mark.django_db
def test_no_reminder_to_a_subscriber_told_of_it_within_the_last_days():
    subscription()
    opportunity_closing(MONDAY + 4 * DAY)  # published now, closing on Friday

    assert sending.alerts_send(today=MONDAY) == 1
    AlertSent.objects.update(  # as if told on that Monday
        sent_at=timezone.make_aware(datetime.datetime.combine(MONDAY, datetime.time(9)))
    )
    assert sending.alerts_send(today=MONDAY + DAY) == 0
    assert [e.outbox_entry.kind for e in alert_emails()] == [Kind.ALERT_PUBLISHED]


# --------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_answers_published_together_go_in_one_email_once_in_their_published_words():
    made = subscription()
    opportunity = opportunity_closing(MONDAY + 30 * DAY, published_days_ago=10)
    question(opportunity, text="Is parking needed?", answer="No, it is not.")
    question(opportunity, text="Can we offer 20 homes?", answer="Yes.")
    question(opportunity, published=False, text="Not published")

    assert sending.alerts_send(today=MONDAY) == 1
    assert sending.alerts_send(today=MONDAY) == 0

    [email] = alert_emails(Kind.ALERT_ANSWER)
    assert email.subject == f"{SUBJECT_PREFIX}: 2 new answers about {opportunity.title}"
    assert "Is parking needed?" in email.message and "No, it is not." in email.message
    assert "Can we offer 20 homes?" in email.message
    assert "Not published" not in email.message and "Acme Care" not in email.message
    assert "List-Unsubscribe" in email.headers
    assert AlertSent.objects.filter(subscription=made, key__startswith="answer:").count() == 2


@pytest.mark.django_db
def test_answers_about_opportunities_not_chosen_or_published_before_confirming_are_not_told():
    subscription(client_groups=["mental_health"])
    question(opportunity_closing(MONDAY + 30 * DAY, published_days_ago=10))
    other = subscription("later@example.org")
    old = question(opportunity_closing(MONDAY + 30 * DAY, published_days_ago=10, slug="old"))
    OpportunityQuestion.objects.filter(pk=old.pk).update(
        published_at=other.confirmed_at - datetime.timedelta(hours=1)
    )

    sending.alerts_send(today=MONDAY)

    assert [e.to for e in alert_emails(Kind.ALERT_ANSWER)] == [["later@example.org"]]


# --------------------------------------------------------------------------
# The monthly summary
# --------------------------------------------------------------------------


def _told_otherwise(made, group, by):
    told = dict(made.still_to_find_told)
    told[group] += by
    AlertSubscription.objects.filter(pk=made.pk).update(still_to_find_told=told)


@pytest.mark.django_db
def test_the_summary_goes_when_a_chosen_group_s_figure_moved_once_a_month():
    first_of_march = datetime.date(2027, 3, 1)
    made = subscription(client_groups=["older_people"], monthly_digest=True)
    unchosen = subscription(
        "unchosen@example.org", client_groups=["mental_health"], monthly_digest=True
    )
    not_ticked = subscription("no@example.org", monthly_digest=False)
    now = needs_now().by_group
    _told_otherwise(made, "older_people", 7)
    _told_otherwise(unchosen, "older_people", 7)
    _told_otherwise(not_ticked, "older_people", 7)

    assert sending.alerts_send(today=first_of_march) == 1
    assert sending.alerts_send(today=first_of_march + DAY) == 0

    [email] = alert_emails(Kind.ALERT_DIGEST)
    assert email.to == [made.email] and "March 2027" in email.subject
    # The first summary compares with the figures of when it was confirmed.
    assert (
        f"Older people: {now['older_people']} homes still to find "
        f"({now['older_people'] + 7} when you confirmed your email alerts)"
    ) in email.message
    assert "List-Unsubscribe" in email.headers
    version = forecast_version_current()
    for line in DemandLine.objects.filter(group__version=version):
        if "older_people" in line.client_groups:
            assert line.name_for_providers in email.message
    made.refresh_from_db()
    assert made.still_to_find_told["older_people"] == now["older_people"]
    # Nothing has moved since it was told: no summary next month.
    assert sending.alerts_send(today=datetime.date(2027, 4, 1)) == 0
    # A later summary compares with the last one.
    _told_otherwise(made, "older_people", 2)
    assert sending.alerts_send(today=datetime.date(2027, 5, 4)) == 1
    latest = alert_emails(Kind.ALERT_DIGEST)[-1]
    assert (
        f"Older people: {now['older_people']} homes still to find "
        f"({now['older_people'] + 2} in our last monthly summary)"
    ) in latest.message


@pytest.mark.django_db
def test_no_summary_when_nothing_moved_or_on_a_weekend():
    made = subscription(monthly_digest=True)
    assert sending.alerts_send(today=datetime.date(2027, 3, 1)) == 0
    _told_otherwise(made, "dementia", -1)
    assert sending.alerts_send(today=datetime.date(2027, 5, 1)) == 0  # a Saturday
    assert sending.alerts_send(today=datetime.date(2027, 5, 4)) == 1  # after the bank holiday


# --------------------------------------------------------------------------
# Once, however it runs
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_the_job_twice_sends_each_email_once():
    made = subscription(monthly_digest=True)
    _told_otherwise(made, "older_people", 3)
    opportunity_closing(MONDAY + 4 * DAY, published_days_ago=10, slug="closing")
    opportunity_closing(MONDAY + 30 * DAY, slug="new")
    question(Opportunity.objects.get(slug="closing"))

    first = sending.alerts_send(today=MONDAY)
    second = sending.alerts_send(today=MONDAY)

    assert (first, second) == (4, 0)
    kinds = sorted(e.outbox_entry.kind for e in alert_emails())
    assert kinds == sorted(
        [Kind.ALERT_PUBLISHED, Kind.ALERT_CLOSING, Kind.ALERT_ANSWER, Kind.ALERT_DIGEST]
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database refuses two writers instead of making one wait",
)
@pytest.mark.django_db(transaction=True)
def test_the_job_run_twice_at_once_sends_each_email_once(monkeypatch):
    monkeypatch.setattr(enqueue, "email_send_enqueue", lambda ids: None)
    monkeypatch.setattr(enqueue, "emails_send_enqueue", lambda ids: None)
    monkeypatch.setattr(enqueue, "alerts_send_enqueue", lambda: None)
    opportunity_closing(MONDAY + 4 * DAY, published_days_ago=10, slug="closing")
    opportunity_closing(MONDAY + 30 * DAY, slug="new")
    for number in range(5):  # confirmed a day ago: before "new" was published
        made = subscription(f"p{number}@example.org", monthly_digest=True)
        _told_otherwise(made, "older_people", 2)
    question(Opportunity.objects.get(slug="closing"))
    question(Opportunity.objects.get(slug="closing"), text="Another?")
    counts = []

    at_once(lambda: counts.append(sending.alerts_send(today=MONDAY)), times=2)

    # Each of the 5: the new one, the closing one, its answers (one email), the summary.
    assert sum(counts) == 5 * 4 and len(counts) == 2
    assert len(alert_emails()) == 5 * 4
    for made in AlertSubscription.objects.all():
        kinds = sorted(e.outbox_entry.kind for e in alert_emails(to=made.email))
        assert kinds == sorted(
            [Kind.ALERT_PUBLISHED, Kind.ALERT_CLOSING, Kind.ALERT_ANSWER, Kind.ALERT_DIGEST]
        )
    assert AlertSent.objects.count() == 5 * 5


# --------------------------------------------------------------------------
# How it runs
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_queues_the_job_and_the_alert_is_sent(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    subscription()

    with django_capture_on_commit_callbacks(execute=True):
        opportunity = published_opportunity()

    [sent] = [m for m in mail.outbox if opportunity.title in m.subject]
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["List-Unsubscribe"].startswith("<")


def test_celery_beat_runs_the_job_each_morning(settings):
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["alerts"]
    assert entry["task"] == enqueue.ALERTS_SEND and entry["task"] in app.tasks
    assert "eoi.alerts.tasks" in settings.CELERY_IMPORTS


@pytest.mark.django_db
def test_the_command_runs_the_job_as_on_a_day():
    from io import StringIO

    subscription()
    opportunity_closing(MONDAY + 30 * DAY)
    out = StringIO()

    call_command("alerts_send", "--today", MONDAY.isoformat(), stdout=out)
    call_command("alerts_send", "--today", MONDAY.isoformat(), stdout=out)

    assert out.getvalue().splitlines() == [
        "1 alert email(s) put in the outbox.",
        "0 alert email(s) put in the outbox.",
    ]


@pytest.mark.django_db
def test_what_staff_typed_cannot_break_the_headers_or_the_html():
    subscription()
    opportunity_closing(
        MONDAY + 30 * DAY, title="Homes\r\nBcc: someone@example.org <b>now</b>", summary="=1+1"
    )

    sending.alerts_send(today=MONDAY)

    [email] = alert_emails(Kind.ALERT_PUBLISHED)
    assert "\r" not in email.subject and "\n" not in email.subject
    assert "<b>now</b>" not in email.html_message and "&lt;b&gt;now&lt;/b&gt;" in email.html_message
    message = email.prepare_email_message().message()
    assert message["Bcc"] is None and message["To"] == "a.provider@example.org"
