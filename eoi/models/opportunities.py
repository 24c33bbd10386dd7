"""Opportunities: what the council is about to buy or asks the market for,
published by staff (``eoi.opportunities``), their documents, and the
questions providers ask about them with the council's answers."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

PUBLISH = "eoi.publish_opportunity"


def opportunity_document_path(instance, filename):
    # A random name, as for providers' attachments: the name staff gave the
    # file is kept in the database, never trusted on disk.
    return f"opportunities/{uuid.uuid4().hex}"


class Opportunity(ConcurrentTransitionMixin, models.Model):
    """An opportunity for providers: what is sought, where, by which route and
    by when.

    Its state moves only through ``publish`` and ``close`` (django-fsm-2),
    each needing the ``publish_opportunity`` permission;
    ``eoi.opportunities.services`` runs them and records who and when.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    class Route(models.TextChoices):
        EXPRESSIONS_OF_INTEREST = (
            "expressions_of_interest",
            "Expressions of interest through this service",
        )
        SOFT_MARKET_TESTING = "soft_market_testing", "Soft market testing"
        FORMAL_TENDER = "formal_tender", "Formal tender on a procurement portal"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The end of the page's address, as extra-care-older-people in "
        "/opportunities/extra-care-older-people/: lower-case letters, numbers and hyphens.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences, shown in the list of opportunities."
    )
    description = models.TextField(
        help_text="What the council is looking for and why. Blank lines start new paragraphs."
    )
    demand_lines = models.ManyToManyField(
        "strategy.DemandLine",
        related_name="opportunities",
        verbose_name="what is sought",
        help_text="The groups of people (demand lines) the homes are for.",
    )
    units = models.PositiveIntegerField(
        "homes sought", null=True, blank=True, help_text="Leave blank if not fixed."
    )
    anywhere_in_city = models.BooleanField(
        "anywhere in the city",
        default=False,
        help_text="Tick if homes anywhere in Leicester will do; otherwise choose the wards.",
    )
    wards = models.ManyToManyField("strategy.Ward", related_name="opportunities", blank=True)
    route = models.CharField(max_length=30, choices=Route.choices)
    reopens_framework = models.BooleanField(
        "re-opens the care and support framework",
        default=False,
        help_text="Tick if this opportunity re-opens the Supported Living care and support "
        "framework: people who asked to hear of the framework re-opening are told.",
    )
    portal_name = models.CharField(
        "procurement portal",
        max_length=200,
        blank=True,
        help_text="For a formal tender: the portal it is advertised on, e.g. "
        "East Midlands Tenders (ProContract).",
    )
    portal_url = models.URLField(
        "link to the tender", blank=True, help_text="For a formal tender: its notice on the portal."
    )
    portal_reference = models.CharField(
        "tender reference", max_length=100, blank=True, help_text="The portal's reference."
    )
    opens_on = models.DateField(
        "responses open", help_text="Before this day the opportunity is shown as forthcoming."
    )
    questions_close_on = models.DateField("questions close", null=True, blank=True)
    responses_close_on = models.DateField(
        "responses close", help_text="The last day responses are taken."
    )

    status = FSMField(default=Status.DRAFT, choices=Status.choices, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[demand_lines, wards])

    class Meta:
        ordering = ["responses_close_on", "pk"]
        verbose_name_plural = "opportunities"
        permissions = [("publish_opportunity", "Can publish and close opportunities")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.opens_on and self.responses_close_on and self.responses_close_on < self.opens_on:
            errors["responses_close_on"] = "Responses must close on or after the day they open."
        if (
            self.questions_close_on
            and self.responses_close_on
            and self.questions_close_on > self.responses_close_on
        ):
            errors["questions_close_on"] = "Questions must close on or before responses close."
        if self.route == self.Route.FORMAL_TENDER:
            for name, what in (
                ("portal_name", "the procurement portal"),
                ("portal_url", "the link to the tender"),
                ("portal_reference", "the tender reference"),
            ):
                if not getattr(self, name):
                    errors[name] = f"A formal tender needs {what}."
        if errors:
            raise ValidationError(errors, code="invalid")

    def get_absolute_url(self):
        return reverse("opportunities:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def stage_on(self, today: datetime.date) -> str:
        """Where a published opportunity stands on ``today``: "forthcoming",
        "open" or "closed" (closed by staff, or past its closing day)."""
        if self.status == self.Status.CLOSED or today > self.responses_close_on:
            return "closed"
        return "forthcoming" if today < self.opens_on else "open"

    @property
    def closed_early_on(self) -> datetime.date | None:
        """The day staff closed it, when that was before its closing day."""
        if self.status != self.Status.CLOSED or self.closed_at is None:
            return None
        day = timezone.localdate(self.closed_at)
        return day if day < self.responses_close_on else None

    @transition(field=status, source=Status.DRAFT, target=Status.PUBLISHED, permission=PUBLISH)
    def publish(self):
        """On the public pages from now on."""

    @transition(field=status, source=Status.PUBLISHED, target=Status.CLOSED, permission=PUBLISH)
    def close(self):
        """No more responses; still shown, as closed."""


class OpportunityDocument(models.Model):
    """A document published with an opportunity (a specification, a notice)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200, help_text="As the link to it reads.")
    file = models.FileField(upload_to=opportunity_document_path)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title


def route_choices():
    """The routes, as ``ChoiceListField`` takes them (alerts choose some)."""
    return Opportunity.Route.choices


class OpportunityQuestion(models.Model):
    """A question a provider asked about an opportunity (with an email
    address, no account), and the council's answer.

    Commissioners answer it; the asker is emailed the answer. They may also
    publish it on the opportunity's page, in the words of
    ``published_question`` (without who asked), for everyone: the
    clarification log every tender portal keeps. Subscribers to alerts are
    told when an answer is published (``eoi.alerts``).
    """

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="questions")
    # Who asked: blanked by the retention job (eoi/retention.py), and kept out
    # of the history so that blanking it removes it everywhere.
    email = models.EmailField("asked by (email address)", blank=True)
    question = models.TextField(max_length=2000)
    asked_at = models.DateTimeField(default=timezone.now, editable=False)

    answer = models.TextField(blank=True, max_length=5000)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_question = models.TextField(
        "question as published",
        blank=True,
        max_length=2000,
        help_text="The question as everyone will read it: take out anything that says who "
        "asked (a name, an organisation, a scheme only they could have).",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["email"])

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = "question about an opportunity"
        verbose_name_plural = "questions about opportunities"
        indexes = [models.Index(fields=["published_at"], name="question_published")]

    def __str__(self):
        return f"{self.opportunity}: question {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
