"""Questions in the staff pages: commissioners answer and publish them
(who asked is shown to staff only); the placement team only reads them;
anyone else is kept out."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from eoi.models import OutboxEmail
from eoi.opportunities import questions
from eoi.roles import ADMINISTRATORS, PLACEMENT_TEAM
from tests.eoi.factories import staff

from .helpers import commissioner, published_opportunity

pytestmark = pytest.mark.django_db
ASKER = "asker@provider.example.org"
LIST = reverse("admin:eoi_opportunityquestion_changelist")


@pytest.fixture(autouse=True)
def setup(strategy_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def question():
    return questions.question_ask(
        opportunity=published_opportunity(),
        email=ASKER,
        question="Acme Homes asks: is parking needed?",
    )


def change_url(question):
    return reverse("admin:eoi_opportunityquestion_change", args=[question.pk])


def answer_emails():
    return OutboxEmail.objects.filter(kind=OutboxEmail.Kind.QUESTION_ANSWER).count()


def test_commissioners_see_the_list_and_who_asked(client, question):
    client.force_login(commissioner())

    listing = client.get(LIST).content.decode()
    assert "Acme Homes asks" in listing
    assert "Extra care for older people" in listing
    page = client.get(change_url(question)).content.decode()
    assert ASKER in page
    assert "Save and publish on the opportunity" in page


def test_the_placement_team_reads_but_cannot_change(client, question):
    client.force_login(staff("pat", PLACEMENT_TEAM))

    assert client.get(LIST).status_code == 200
    page = client.get(change_url(question)).content.decode()
    assert 'name="_publish"' not in page
    response = client.post(change_url(question), {"answer": "Yes.", "_publish": "1"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_answered and not question.is_published


def test_anyone_not_signed_in_is_sent_to_sign_in(client, question):
    response = client.post(change_url(question), {"answer": "Yes.", "_save": "Save"})
    assert response.status_code == 302
    assert "login" in response.url
    question.refresh_from_db()
    assert not question.is_answered


def test_no_one_adds_a_question_in_the_staff_pages(client):
    client.force_login(staff("ada", ADMINISTRATORS))
    assert client.get(reverse("admin:eoi_opportunityquestion_add")).status_code == 403


def test_a_commissioner_answers_then_publishes(
    client, question, django_capture_on_commit_callbacks
):
    cora = commissioner()
    client.force_login(cora)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(question),
            {"answer": "No.", "published_question": question.question, "_save": "Save"},
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[ASKER]]

    with mock.patch("eoi.opportunities.questions.alerts_send_enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                change_url(question),
                {"answer": "No.", "published_question": "Is parking needed?", "_publish": "1"},
            )
    assert response.status_code == 302
    enqueue.assert_called_once_with()
    question.refresh_from_db()
    assert question.is_published
    assert question.published_question == "Is parking needed?"
    assert (question.answered_by, question.published_by) == (cora, cora)
    assert answer_emails() == 1
    public = client.get(question.opportunity.get_absolute_url()).content.decode()
    assert "Is parking needed?" in public
    assert ASKER not in public


def test_publishing_in_one_step_answers_emails_once_and_publishes(client, question):
    client.force_login(commissioner())

    response = client.post(
        change_url(question),
        {"answer": "No.", "published_question": "Is parking needed?", "_publish": "1"},
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_answered and question.is_published
    assert answer_emails() == 1


def test_publishing_without_an_answer_says_so_by_the_field(client, question):
    client.force_login(commissioner())

    response = client.post(
        change_url(question),
        {"answer": "", "published_question": "Is parking needed?", "_publish": "1"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the answer before publishing the question" in page
    assert "Is parking needed?" in page  # what was typed is kept
    question.refresh_from_db()
    assert not question.is_published
    assert answer_emails() == 0


def test_a_correction_before_publishing_is_not_emailed_again(client, question):
    client.force_login(commissioner())
    for answer in ("No.", "No: parking is not needed."):
        client.post(
            change_url(question),
            {"answer": answer, "published_question": question.question, "_save": "Save"},
        )
    question.refresh_from_db()
    assert question.answer == "No: parking is not needed."
    assert answer_emails() == 1


def test_a_published_question_is_taken_off_the_page(client, question):
    cora = commissioner()
    questions.question_answer(question=question, answer="No.", actor=cora)
    questions.question_publish(question=question, published_question="Parking?", actor=cora)
    client.force_login(cora)

    page = client.get(change_url(question)).content.decode()
    assert "Take it off the opportunity" in page
    # The answer can no longer be changed from the form.
    client.post(change_url(question), {"answer": "Yes.", "_save": "Save"})
    question.refresh_from_db()
    assert question.answer == "No."

    response = client.post(change_url(question), {"_unpublish": "1"})

    assert response.status_code == 302
    question.refresh_from_db()
    assert not question.is_published
    public = client.get(question.opportunity.get_absolute_url()).content.decode()
    assert "Parking?" not in public


def test_publishing_what_someone_else_just_published_says_why_it_failed(client, question):
    cora = commissioner()
    questions.question_answer(question=question, answer="No.", actor=cora)
    # The page was loaded before a colleague published it.
    questions.question_publish(question=question, published_question="Parking?", actor=cora)
    client.force_login(staff("cath", "Commissioners"))

    response = client.post(
        change_url(question),
        {"answer": "No.", "published_question": "Parking again?", "_publish": "1"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == change_url(question)
    assert "This question is already published." in response.content.decode()
    question.refresh_from_db()
    assert question.published_question == "Parking?"


def test_the_history_names_who_answered_without_a_link_commissioners_cannot_open(client, question):
    cora = commissioner()
    questions.question_answer(question=question, answer="No.", actor=cora)
    client.force_login(cora)

    page = client.get(
        reverse("admin:eoi_opportunityquestion_history", args=[question.pk])
    ).content.decode()

    assert str(cora) in page
    assert "/admin/auth/user/" not in page
    assert ASKER not in page  # the history never held who asked


def test_the_wording_to_publish_starts_from_the_question_as_asked(client, question):
    """Staff take out who asked from the provider's words, rather than
    typing the question again."""
    client.force_login(commissioner())

    form = client.get(change_url(question)).context["adminform"].form

    assert form["published_question"].value() == "Acme Homes asks: is parking needed?"


def test_an_answer_after_retention_removed_who_asked_says_it_was_not_emailed(client, question):
    type(question).objects.filter(pk=question.pk).update(email="")
    client.force_login(commissioner())

    response = client.post(
        change_url(question),
        {"answer": "No.", "published_question": question.question, "_save": "Save"},
        follow=True,
    )

    said = [str(message) for message in response.context["messages"]]
    assert any("It was not emailed" in each and "retention" in each for each in said), said
    assert answer_emails() == 0
