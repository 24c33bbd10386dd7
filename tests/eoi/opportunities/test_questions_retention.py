"""Retention of questions about opportunities: who asked, and the words they
asked in, are removed EOI_QUESTION_RETENTION_DAYS after the opportunity's
responses close, in the question and its history; the emails about
questions are deleted with their logs the same number of days after they
were written. The published question and the answer are kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email, Log

from eoi import retention
from eoi.models import OpportunityQuestion, OutboxEmail
from eoi.opportunities import questions

from .helpers import commissioner, published_opportunity

pytestmark = pytest.mark.django_db
ASKER = "zebedee.asks@provider.example"
WORDS = "Zebedee Quillfeather of Quill Homes asks: is parking needed?"


@pytest.fixture(autouse=True)
def setup(strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EOI_QUESTION_RETENTION_DAYS = 90


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    cora = commissioner()
    opportunity = published_opportunity(by=cora)
    with django_capture_on_commit_callbacks(execute=True):
        question = questions.question_ask(opportunity=opportunity, email=ASKER, question=WORDS)
        questions.question_answer(question=question, answer="No parking is needed.", actor=cora)
        questions.question_publish(
            question=question, published_question="Is parking needed?", actor=cora
        )
    return question


def after_close(question, days):
    """A moment ``days`` after the opportunity's responses close."""
    day = question.opportunity.responses_close_on + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_nothing_is_removed_within_the_period(published):
    assert set(OutboxEmail.objects.values_list("kind", flat=True)) == {
        OutboxEmail.Kind.QUESTION_ASKED,
        OutboxEmail.Kind.QUESTION_ANSWER,
    }
    Email.objects.update(created=after_close(published, 0))  # answered on the closing day
    report = retention.retention_apply(now=after_close(published, 90))

    published.refresh_from_db()
    assert (published.email, published.question) == (ASKER, WORDS)
    assert report.questions_asker_removed == 0
    assert Email.objects.count() == 2


def test_after_the_period_who_asked_is_gone_and_the_clarification_kept(client, published):
    Email.objects.update(created=after_close(published, -200))
    assert Log.objects.exists()  # the emails' delivery records
    dry = retention.retention_apply(dry_run=True, now=after_close(published, 91))
    assert (dry.questions_asker_removed, dry.emails_deleted) == (1, 2)
    assert OpportunityQuestion.objects.get().email == ASKER

    report = retention.retention_apply(now=after_close(published, 91))

    assert report.questions_asker_removed == 1
    question = OpportunityQuestion.objects.get()
    assert question.email == ""
    assert question.question == retention.REMOVED_NOTE
    assert not question.history.filter(question=WORDS).exists()
    assert (question.published_question, question.answer) == (
        "Is parking needed?",
        "No parking is needed.",
    )
    assert question.is_published and question.published_by == commissioner()
    assert not Email.objects.exists() and not Log.objects.exists()
    page = client.get(question.opportunity.get_absolute_url()).content.decode()
    assert "Is parking needed?" in page and "No parking is needed." in page
    # Run again: nothing more to do.
    assert retention.retention_apply(now=after_close(published, 92)).questions_asker_removed == 0


def test_question_emails_go_by_their_own_age_other_emails_stay(published):
    cutoff = timezone.now() - datetime.timedelta(days=91)
    answer = Email.objects.get(outbox_entry__kind=OutboxEmail.Kind.QUESTION_ANSWER)
    Email.objects.filter(pk=answer.pk).update(created=cutoff)

    retention.retention_apply()

    assert list(Email.objects.values_list("outbox_entry__kind", flat=True)) == [
        OutboxEmail.Kind.QUESTION_ASKED
    ]
    assert OpportunityQuestion.objects.get().email == ASKER  # responses not closed yet


def test_the_staff_page_says_the_address_was_removed(client, published):
    retention.retention_apply(now=after_close(published, 91))
    client.force_login(commissioner())
    url = reverse("admin:eoi_opportunityquestion_change", args=[published.pk])
    page = client.get(url).content.decode()
    assert "Removed under the retention policy" in page
    assert ASKER not in page


def test_the_privacy_notice_says_the_period(client, settings):
    assert "90 days after responses to the opportunity close" in (
        client.get(reverse("privacy")).content.decode()
    )
    settings.EOI_QUESTION_RETENTION_DAYS = 365
    assert "1 year after responses to the opportunity close" in (
        client.get(reverse("privacy")).content.decode()
    )


def test_staff_s_drafts_of_the_wording_go_with_the_asker_s_words(
    django_capture_on_commit_callbacks,
):
    """The wording to publish starts from the asker's words: a question never
    published loses it, and a published one keeps only what was published."""
    cora = commissioner()
    opportunity = published_opportunity(by=cora)
    with django_capture_on_commit_callbacks(execute=True):
        kept = questions.question_ask(opportunity=opportunity, email=ASKER, question=WORDS)
        never = questions.question_ask(
            opportunity=opportunity, email="other@provider.example", question=WORDS + " Again."
        )
        for question in (kept, never):
            questions.question_answer(question=question, answer="No.", actor=cora)
            questions.question_wording_save(question=question, published_question=WORDS, actor=cora)
        questions.question_publish(
            question=kept, published_question="Is parking needed?", actor=cora
        )

    retention.retention_apply(now=after_close(kept, 91))

    kept.refresh_from_db()
    never.refresh_from_db()
    assert kept.published_question == "Is parking needed?"
    assert never.published_question == ""
    for question in (kept, never):
        assert not question.history.filter(published_question__contains="Zebedee").exists()
    assert set(kept.history.values_list("published_question", flat=True)) == {"Is parking needed?"}
