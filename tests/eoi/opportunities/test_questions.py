"""Questions about an opportunity (issue 26): a provider asks with an email
address while questions are open; commissioners answer (the asker is emailed
the answer once) and may publish the question, without who asked, with the
answer on the opportunity's page; publishing queues the alert job."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from eoi.models import OpportunityQuestion, OutboxEmail
from eoi.opportunities import questions
from eoi.opportunities.services import opportunity_close
from eoi.roles import PLACEMENT_TEAM
from tests.eoi.factories import staff

from .helpers import commissioner, draft_opportunity, published_opportunity

pytestmark = pytest.mark.django_db
ASKER = "asker@provider.example.org"
QUESTION = "Will the council fund the communal areas?"


@pytest.fixture(autouse=True)
def setup(strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TEAM_INBOX_EMAIL = "team@leicester.example"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def ask_url(opportunity):
    return reverse("opportunities:ask", args=[opportunity.slug])


def kinds():
    return list(OutboxEmail.objects.order_by("pk").values_list("kind", flat=True))


def asked(opportunity=None, **changes):
    return questions.question_ask(
        opportunity=opportunity or published_opportunity(),
        email=changes.pop("email", ASKER),
        question=changes.pop("question", QUESTION),
    )


# --------------------------------------------------------------------------
# When questions are open
# --------------------------------------------------------------------------


def test_questions_are_open_until_the_day_questions_close_then_closed():
    opportunity = published_opportunity(questions_close_on=days(0), responses_close_on=days(9))
    assert questions.questions_open(opportunity, today=days(0))
    assert not questions.questions_open(opportunity, today=days(1))


def test_without_a_questions_day_they_close_with_responses():
    opportunity = published_opportunity(questions_close_on=None, responses_close_on=days(3))
    assert questions.questions_open(opportunity, today=days(3))
    assert not questions.questions_open(opportunity, today=days(4))


def test_a_forthcoming_opportunity_takes_questions_a_draft_or_closed_one_does_not():
    cora = commissioner()
    assert questions.questions_open(
        published_opportunity(by=cora, slug="soon", opens_on=days(5)), today=days(0)
    )
    assert not questions.questions_open(draft_opportunity(slug="draft"), today=days(0))
    closed = opportunity_close(opportunity=published_opportunity(by=cora), actor=cora)
    assert not questions.questions_open(closed, today=days(0))


def test_asking_records_the_question_and_emails_the_team_inbox_only(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        question = asked(question="  First line\r\nSecond line  ")

    assert question.question == "First line\nSecond line"
    assert question.email == ASKER
    assert kinds() == [OutboxEmail.Kind.QUESTION_ASKED]
    (sent,) = mail.outbox
    assert sent.to == ["team@leicester.example"]
    assert "Second line" in sent.body
    assert ASKER not in sent.body  # who asked is in the staff pages only
    assert reverse("admin:eoi_opportunityquestion_change", args=[question.pk]) in sent.body


def test_asking_after_questions_close_is_refused_and_sends_nothing():
    opportunity = published_opportunity(questions_close_on=days(-1), opens_on=days(-5))
    with pytest.raises(ValidationError):
        asked(opportunity)
    assert not OpportunityQuestion.objects.exists()
    assert not Email.objects.exists()


# --------------------------------------------------------------------------
# Answering and publishing
# --------------------------------------------------------------------------


def test_the_asker_is_emailed_the_first_answer_once(django_capture_on_commit_callbacks):
    cora = commissioner()
    question = asked()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        questions.question_answer(question=question, answer="Yes, in full.", actor=cora)
        questions.question_answer(question=question, answer="Yes, in full.", actor=cora)
        questions.question_answer(question=question, answer="Yes, up to £40,000.", actor=cora)

    (sent,) = mail.outbox
    assert sent.to == [ASKER]
    assert "Yes, in full." in sent.body
    assert QUESTION in sent.body
    question.refresh_from_db()
    assert question.answer == "Yes, up to £40,000."
    assert question.answered_by == cora
    assert question.history.first().history_user == cora
    assert kinds().count(OutboxEmail.Kind.QUESTION_ANSWER) == 1


def test_an_answer_to_an_address_already_removed_sends_nothing():
    question = asked()
    OpportunityQuestion.objects.filter(pk=question.pk).update(email="")
    questions.question_answer(question=question, answer="Yes.", actor=commissioner())
    assert OutboxEmail.Kind.QUESTION_ANSWER not in kinds()


def test_only_a_commissioner_may_answer_or_publish():
    question = asked()
    reader = staff("pat", PLACEMENT_TEAM)
    with pytest.raises(PermissionDenied):
        questions.question_answer(question=question, answer="Yes.", actor=reader)
    with pytest.raises(PermissionDenied):
        questions.question_answer(question=question, answer="Yes.", actor=None)
    questions.question_answer(question=question, answer="Yes.", actor=commissioner())
    with pytest.raises(PermissionDenied):
        questions.question_publish(question=question, published_question="Q?", actor=reader)


def test_publishing_needs_an_answer_and_words(django_capture_on_commit_callbacks):
    cora = commissioner()
    question = asked()
    with pytest.raises(ValidationError) as refused:
        questions.question_publish(question=question, published_question="Q?", actor=cora)
    assert refused.value.code == "not_answered"
    questions.question_answer(question=question, answer="Yes.", actor=cora)
    with pytest.raises(ValidationError) as refused:
        questions.question_publish(question=question, published_question=" \r\n", actor=cora)
    assert refused.value.code == "required"


def test_publishing_records_who_and_queues_the_alert_job_once_it_commits(
    django_capture_on_commit_callbacks,
):
    cora = commissioner()
    question = asked()
    questions.question_answer(question=question, answer="Yes.", actor=cora)

    with mock.patch("eoi.opportunities.questions.alerts_send_enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            questions.question_publish(
                question=question, published_question="Are communal areas funded?", actor=cora
            )
        enqueue.assert_not_called()  # nothing before the commit
        for callback in callbacks:
            callback()
    enqueue.assert_called_once_with()
    question.refresh_from_db()
    assert question.is_published
    assert question.published_by == cora
    assert question.published_question == "Are communal areas funded?"


def test_a_published_question_is_fixed_until_taken_off_the_page():
    cora = commissioner()
    question = asked()
    questions.question_answer(question=question, answer="Yes.", actor=cora)
    questions.question_publish(question=question, published_question="Q?", actor=cora)

    for change in (
        lambda: questions.question_answer(question=question, answer="No.", actor=cora),
        lambda: questions.question_publish(question=question, published_question="Q", actor=cora),
    ):
        with pytest.raises(ValidationError):
            change()

    questions.question_unpublish(question=question, actor=cora)
    question.refresh_from_db()
    assert not question.is_published
    assert question.answer == "Yes."
    # The history keeps that it was published, and by whom.
    assert any(row.published_by_id == cora.pk for row in question.history.all())


def test_the_history_never_holds_the_address():
    question = asked()
    questions.question_answer(question=question, answer="Yes.", actor=commissioner())
    assert not hasattr(question.history.first(), "email")


# --------------------------------------------------------------------------
# The public page
# --------------------------------------------------------------------------


def page_of(client, opportunity) -> str:
    return client.get(opportunity.get_absolute_url()).content.decode()


def test_the_page_shows_published_questions_never_unpublished_ones_nor_who_asked(client):
    cora = commissioner()
    opportunity = published_opportunity(by=cora)
    shown = asked(opportunity, question="Acme Homes asks: is parking needed?")
    hidden = asked(opportunity, question="Unpublished question", email="other@example.org")
    questions.question_answer(question=shown, answer="No <b>parking</b> needed.", actor=cora)
    questions.question_answer(question=hidden, answer="Hidden answer", actor=cora)
    questions.question_publish(question=shown, published_question="Is parking needed?", actor=cora)

    page = page_of(client, opportunity)

    assert "Is parking needed?" in page
    assert "No &lt;b&gt;parking&lt;/b&gt; needed." in page
    assert timezone.localdate().strftime("%-d %B %Y") in page
    for secret in (ASKER, "other@example.org", "Acme Homes", "Unpublished question", "Hidden"):
        assert secret not in page


def test_the_page_says_when_questions_closed(client):
    opportunity = published_opportunity(opens_on=days(-10), questions_close_on=days(-2))
    page = page_of(client, opportunity)
    assert f"Questions about this opportunity closed on {days(-2).strftime('%-d %B %Y')}" in page
    assert ask_url(opportunity) not in page


def test_asking_on_the_page_sends_it_and_says_what_happens(client):
    opportunity = published_opportunity()
    page = page_of(client, opportunity)
    assert f'action="{ask_url(opportunity)}"' in page
    assert "privacy notice" in page

    response = client.post(
        ask_url(opportunity), {"email": ASKER, "question": QUESTION, "comments": ""}, follow=True
    )

    assert response.redirect_chain[-1][0].endswith("#questions")
    page = response.content.decode()
    assert "Your question has been sent" in page
    assert "without saying who asked" in page
    assert OpportunityQuestion.objects.get().question == QUESTION
    assert kinds() == [OutboxEmail.Kind.QUESTION_ASKED]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "", "question": QUESTION}, "email", "Enter your email address"),
        ({"email": "someone@nowhere", "question": QUESTION}, "email", "correct format"),
        ({"email": "a@b.org\r\nBcc: c@d.org", "question": QUESTION}, "email", "correct format"),
        ({"email": ASKER, "question": "   "}, "question", "Enter your question"),
        ({"email": ASKER, "question": "x" * 2001}, "question", "2,000 characters or fewer"),
        ({"email": ASKER, "question": "Tab\tand escape \x1b[31m"}, "question", "control"),
    ],
)
def test_errors_show_by_the_field_and_in_the_summary_and_keep_what_was_typed(
    client, data, field, message
):
    opportunity = published_opportunity()

    response = client.post(ask_url(opportunity), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    summary = page[page.index("govuk-error-summary") : page.index("<h1")]
    assert message in summary
    assert f'href="#id_{field}"' in summary
    assert f'id="id_{field}-error"' in page
    if data["email"]:
        assert "someone@nowhere" in page or ASKER in page or "a@b.org" in page
    if data["question"].strip() and field != "question":
        assert data["question"] in page
    assert not OpportunityQuestion.objects.exists()
    assert not Email.objects.exists()


def test_a_question_with_a_formula_and_markup_is_kept_as_plain_text(client):
    cora = commissioner()
    opportunity = published_opportunity(by=cora)
    text = '=1+1 <script>alert("x")</script>'
    client.post(ask_url(opportunity), {"email": ASKER, "question": text})
    question = OpportunityQuestion.objects.get()
    assert question.question == text
    questions.question_answer(question=question, answer="=SUM(A1)", actor=cora)
    questions.question_publish(question=question, published_question=text, actor=cora)

    page = page_of(client, opportunity)
    assert "<script>alert" not in page
    assert "=1+1 &lt;script&gt;" in page


def test_a_nul_byte_is_refused_before_the_view(client):
    opportunity = published_opportunity()
    response = client.post(ask_url(opportunity), {"email": ASKER, "question": "a\x00b"})
    assert response.status_code == 400
    assert not OpportunityQuestion.objects.exists()


def test_asking_after_questions_close_records_nothing(client):
    opportunity = published_opportunity(opens_on=days(-10), questions_close_on=days(-1))
    response = client.post(
        ask_url(opportunity), {"email": ASKER, "question": QUESTION}, follow=True
    )
    assert "Questions about this opportunity have closed" in response.content.decode()
    assert not OpportunityQuestion.objects.exists()


def test_a_draft_cannot_be_asked_about(client):
    draft = draft_opportunity()
    response = client.post(ask_url(draft), {"email": ASKER, "question": QUESTION})
    assert response.status_code == 404
    assert not OpportunityQuestion.objects.exists()


def test_the_honeypot_gets_the_same_reply_and_records_nothing(client):
    opportunity = published_opportunity()
    response = client.post(
        ask_url(opportunity),
        {"email": ASKER, "question": QUESTION, "comments": "spam"},
        follow=True,
    )
    assert "Your question has been sent" in response.content.decode()
    assert not OpportunityQuestion.objects.exists()
    assert not Email.objects.exists()


def test_the_form_needs_the_csrf_token():
    opportunity = published_opportunity()
    client = Client(enforce_csrf_checks=True)
    response = client.post(ask_url(opportunity), {"email": ASKER, "question": QUESTION})
    assert response.status_code == 403
    assert not OpportunityQuestion.objects.exists()


def test_only_post_asks(client):
    opportunity = published_opportunity()
    assert client.get(ask_url(opportunity)).status_code == 405


@override_settings(EOI_RATE_LIMITS={"question": "3/h"})
def test_a_client_asking_too_often_gets_the_too_many_requests_page(client):
    opportunity = published_opportunity()
    for n in range(3):
        data = {"email": ASKER, "question": f"Question {n}"}
        assert client.post(ask_url(opportunity), data).status_code == 302
    response = client.post(ask_url(opportunity), {"email": ASKER, "question": "One more"})
    assert response.status_code == 429
    assert OpportunityQuestion.objects.count() == 3


def test_a_double_submit_asks_once(client):
    opportunity = published_opportunity()
    data = {"email": ASKER, "question": QUESTION}
    for _ in range(2):
        assert client.post(ask_url(opportunity), data).status_code == 302
    assert OpportunityQuestion.objects.count() == 1
    assert kinds() == [OutboxEmail.Kind.QUESTION_ASKED]
    # Another address asking the same is another question.
    client.post(ask_url(opportunity), {**data, "email": "other@example.org"})
    assert OpportunityQuestion.objects.count() == 2
