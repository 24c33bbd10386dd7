"""Questions about opportunities, and the council's answers: the
clarification log every tender portal keeps.

A provider asks with an email address, no account (:func:`question_ask`),
while questions are open (:func:`questions_open`); the team inbox is told.
A commissioner answers (:func:`question_answer`): the asker is emailed the
first answer, once. A later change to the answer, before it is published,
is not emailed again (the asker would get two answers to one question and
not know which stands); the team emails them if the first was wrong. A
commissioner may then publish the question, in words that do not say who
asked, with the answer, on the opportunity's page
(:func:`question_publish`); once published both are fixed, and can only be
taken off the page (:func:`question_unpublish`). Publishing queues the alert
job once it commits, which tells subscribers (``eoi.alerts``).

Every write locks the question's row, so two staff saving at once do not
both send the answer; who did what and when is on the row and in its history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from eoi.models import Opportunity, OpportunityQuestion
from eoi.models.opportunities import PUBLISH
from eoi.notifications import emails
from eoi.notifications.enqueue import alerts_send_enqueue
from eoi.offers.validators import line_breaks_normalise

# Stages in which a provider may still ask.
ASKING_STAGES = ("open", "forthcoming")


def questions_close_day(opportunity: Opportunity) -> datetime.date:
    """The last day questions are taken: the day questions close, else the
    day responses close."""
    return opportunity.questions_close_on or opportunity.responses_close_on


def questions_open(opportunity: Opportunity, *, today: datetime.date) -> bool:
    """Whether a provider may ask about ``opportunity`` on ``today``: it is
    published, open or forthcoming, and its questions have not closed."""
    return (
        opportunity.status == Opportunity.Status.PUBLISHED
        and opportunity.stage_on(today) in ASKING_STAGES
        and today <= questions_close_day(opportunity)
    )


def _text(value: str) -> str:
    return line_breaks_normalise(value or "").strip()


def _permission_check(actor) -> None:
    if actor is None or not actor.has_perm(PUBLISH):
        raise PermissionDenied("Only commissioners may answer and publish questions.")


def _locked(question: OpportunityQuestion) -> OpportunityQuestion:
    return (
        OpportunityQuestion.objects.select_for_update()
        .select_related("opportunity")
        .get(pk=question.pk)
    )


@transaction.atomic
def question_ask(*, opportunity: Opportunity, email: str, question: str) -> OpportunityQuestion:
    """Record a provider's question and tell the team inbox, in one
    transaction. ``ValidationError`` when questions are not open, or the
    question is empty. The same question from the same address, not yet
    answered, is not recorded or sent again."""
    # Locked, so that two posts of the same question at once are one question.
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not questions_open(opportunity, today=timezone.localdate()):
        raise ValidationError(
            "Questions about this opportunity have closed.", code="questions_closed"
        )
    text = _text(question)
    if not text:
        raise ValidationError("Enter your question.", code="required")
    email = (email or "").strip()
    validate_email(email)  # the answer goes to it: never a header's CR or LF
    repeat = opportunity.questions.filter(
        email=email, question=text, answered_at__isnull=True
    ).first()
    if repeat is not None:
        return repeat  # sent twice (a double click, the back button): asked once
    asked = OpportunityQuestion(opportunity=opportunity, email=email, question=text)
    asked._history_user = None
    asked.save()
    emails.question_asked_email_queue(question=asked)
    return asked


@transaction.atomic
def question_answer(*, question: OpportunityQuestion, answer: str, actor) -> OpportunityQuestion:
    """Record the council's answer, who gave it and when; email it to the
    asker if this is the first answer. A published question's answer is
    fixed. The same answer saved again (a double submit) changes nothing."""
    _permission_check(actor)
    question = _locked(question)
    text = _text(answer)
    if not text:
        raise ValidationError("Enter the answer.", code="required")
    if question.is_published:
        raise ValidationError(
            "This question is published: its answer cannot be changed. Take it off the "
            "opportunity's page first.",
            code="published",
        )
    if text == question.answer and question.is_answered:
        return question
    first = not question.is_answered
    question.answer = text
    question.answered_at, question.answered_by = timezone.now(), actor
    question._history_user = actor
    question.save()
    if first:
        emails.question_answer_email_queue(question=question)
    return question


@transaction.atomic
def question_wording_save(
    *, question: OpportunityQuestion, published_question: str, actor
) -> OpportunityQuestion:
    """Keep staff's words for the question as it will be published, before
    publishing it (a published question's words are fixed)."""
    _permission_check(actor)
    question = _locked(question)
    if question.is_published:
        raise ValidationError(
            "This question is published: its words cannot be changed. Take it off the "
            "opportunity's page first.",
            code="published",
        )
    question.published_question = _text(published_question)
    question._history_user = actor
    question.save()
    return question


@transaction.atomic
def question_publish(
    *, question: OpportunityQuestion, published_question: str, actor
) -> OpportunityQuestion:
    """Publish the question, in the words of ``published_question``, with its
    answer on the opportunity's page; queue the alert job once this commits."""
    _permission_check(actor)
    question = _locked(question)
    if not question.is_answered:
        raise ValidationError("Answer the question before publishing it.", code="not_answered")
    if question.is_published:
        raise ValidationError("This question is already published.", code="published")
    if question.opportunity.status == Opportunity.Status.DRAFT:
        raise ValidationError(
            "The opportunity is not published: publish it first.", code="opportunity_draft"
        )
    words = _text(published_question)
    if not words:
        raise ValidationError(
            "Enter the question as it will be published, without who asked.", code="required"
        )
    question.published_question = words
    question.published_at, question.published_by = timezone.now(), actor
    question._history_user = actor
    question.save()
    transaction.on_commit(alerts_send_enqueue)
    return question


@transaction.atomic
def question_unpublish(*, question: OpportunityQuestion, actor) -> OpportunityQuestion:
    """Take a published question off the opportunity's page (say it named who
    asked). Its history keeps that it was published, by whom and when."""
    _permission_check(actor)
    question = _locked(question)
    if not question.is_published:
        raise ValidationError("This question is not published.", code="not_published")
    question.published_at = question.published_by = None
    question._history_user = actor
    question._change_reason = "taken off the opportunity's page"
    question.save()
    return question
