"""Emails about questions on opportunities: a new question, to the team
inbox; the council's answer, to who asked.

Neither carries the asker's address in its text: the team reads who asked in
the staff pages, so the address leaves the portal only as the answer's
recipient (the retention job deletes both emails, ``eoi.retention``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from .compose import SUBJECT_PREFIX, Kind, email_queue, portal_url


@dataclass(frozen=True)
class QuestionAskedNotice:
    opportunity_title: str
    question: str
    question_url: str


@dataclass(frozen=True)
class QuestionAnswerNotice:
    opportunity_title: str
    question: str
    answer: str
    opportunity_url: str


def question_asked_email_queue(*, question):
    """To the team inbox: a provider asked about an opportunity."""
    opportunity = question.opportunity
    payload = QuestionAskedNotice(
        opportunity_title=opportunity.title,
        question=question.question,
        question_url=portal_url(
            reverse("admin:eoi_opportunityquestion_change", args=[question.pk])
        ),
    )
    return email_queue(
        Kind.QUESTION_ASKED,
        payload,
        to=settings.TEAM_INBOX_EMAIL,
        subject=f"{SUBJECT_PREFIX}: a question about “{opportunity.title}”",
    )


def question_answer_email_queue(*, question):
    """To who asked: the council's answer (none once the retention job has
    removed their address)."""
    opportunity = question.opportunity
    payload = QuestionAnswerNotice(
        opportunity_title=opportunity.title,
        question=question.question,
        answer=question.answer,
        opportunity_url=portal_url(opportunity.get_absolute_url()),
    )
    return email_queue(
        Kind.QUESTION_ANSWER,
        payload,
        to=question.email,
        subject=f"{SUBJECT_PREFIX}: the answer to your question about “{opportunity.title}”",
    )
