"""Offers from providers, their screenings, attachments and drafts.

An offer holds every field of the offer document (``eoi.offer_document``) as a
column named ``<section>_<field>``, so the queue can filter and sort on any of
them and the retention job can blank personal data field by field. Each
column's label and limits are its question's (``eoi.columns``).
``eoi.services.offer_document_from_model`` and ``offer_fields_from_document``
map between the two, driven by the document's dataclasses.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from strategy.vocabulary import choices_of

from . import offer_document as doc
from .columns import column
from .workflow import OPEN, Status


class Recommendation(models.TextChoices):
    PROGRESS = "progress", "Progress: recommend a meeting"
    REVIEW = "review", "Review"
    NOT_SUPPORTED = "not_supported", "Not supported"


TRIAGE = "eoi.triage_offer"


class Offer(ConcurrentTransitionMixin, models.Model):
    """An offer as submitted, on the web or imported from a document.

    Its triage state moves only through the transitions below (django-fsm-2),
    each needing the ``triage_offer`` permission, except the provider's own
    answer to a request for information; ``eoi.triage`` runs and records them.
    """

    class Source(models.TextChoices):
        WEB = "web", "Web form"
        IMPORT = "import", "Imported document"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices)
    submitted_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_name = column("organisation.name")
    organisation_type = column("organisation.type")
    organisation_registered_provider_number = column(
        "organisation.registered_provider_number"
    )
    organisation_companies_house_number = column("organisation.companies_house_number")
    organisation_charity_number = column("organisation.charity_number")
    organisation_cqc_registered = column("organisation.cqc_registered")

    contact_name = column("contact.name")
    contact_email = column("contact.email")
    contact_phone = column("contact.phone")
    contact_role = column("contact.role")

    offer_type = column("offer_type")

    scheme_name = column("scheme.name")
    scheme_address = column("scheme.address")
    scheme_postcode = column("scheme.postcode", db_index=True)
    scheme_ward = column("scheme.ward")
    scheme_development_stage = column("scheme.development_stage")
    scheme_site_area_hectares = column("scheme.site_area_hectares")
    scheme_expected_available = column("scheme.expected_available")
    scheme_configuration = column("scheme.configuration")
    scheme_units = column("scheme.units")
    scheme_bedrooms_per_unit = column(
        "scheme.bedrooms_per_unit", models.PositiveSmallIntegerField
    )
    scheme_shared_house_bedrooms = column(
        "scheme.shared_house_bedrooms", models.PositiveSmallIntegerField
    )
    scheme_communal_space = column("scheme.communal_space")
    scheme_staff_office = column("scheme.staff_office")
    scheme_wheelchair_accessible_units = column("scheme.wheelchair_accessible_units")
    scheme_fully_adapted_units = column("scheme.fully_adapted_units")
    scheme_client_groups = column("scheme.client_groups")
    scheme_residents_have_eligible_care_needs = column(
        "scheme.residents_have_eligible_care_needs"
    )

    finance_landlord_type = column("finance.landlord_type")
    finance_landlord_provides_care_support_or_supervision = column(
        "finance.landlord_provides_care_support_or_supervision"
    )
    finance_tenancy = column("finance.tenancy")
    finance_tenancy_conditional_on_support_provider = column(
        "finance.tenancy_conditional_on_support_provider"
    )
    finance_weekly_core_rent = column("finance.weekly_core_rent")
    finance_weekly_eligible_service_charge = column(
        "finance.weekly_eligible_service_charge"
    )
    finance_weekly_ineligible_charge = column("finance.weekly_ineligible_charge")
    finance_capital_cost = column("finance.capital_cost")
    finance_funding_sources = column("finance.funding_sources")
    finance_right_to_buy_receipts_requested = column(
        "finance.right_to_buy_receipts_requested"
    )

    support_provider_on_framework = column("support.provider_on_framework")
    support_framework_lots = column("support.framework_lots")
    support_individual_hours_per_person_per_week = column(
        "support.individual_hours_per_person_per_week"
    )
    support_shared_core_hours_per_week = column("support.shared_core_hours_per_week")
    support_night_cover = column("support.night_cover")
    support_hourly_rate = column("support.hourly_rate")

    notes = column("notes")

    # The latest screening's verdict, kept here so the queue can sort by it.
    recommendation = models.CharField(
        max_length=20, choices=Recommendation.choices, blank=True, db_index=True
    )
    priority = models.PositiveSmallIntegerField(null=True, db_index=True)

    status = FSMField(default=Status.SUBMITTED, choices=Status.choices, db_index=True)
    status_changed_at = models.DateTimeField(null=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_offers",
    )
    assigned_team = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_offers"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [("triage_offer", "Can triage and decide offers")]
        indexes = [models.Index(fields=["-priority", "status_changed_at"], name="offer_queue_order")]

    def __str__(self):
        return f"{self.reference}: {self.organisation_name}"

    @transition(field=status, source=Status.SUBMITTED, target=Status.IN_TRIAGE, permission=TRIAGE)
    def start_triage(self):
        """A commissioner picks the offer up."""

    @transition(
        field=status,
        source=[Status.IN_TRIAGE, Status.MEETING_ARRANGED],
        target=Status.INFORMATION_REQUESTED,
        permission=TRIAGE,
    )
    def request_information(self):
        """Ask the provider a question; they answer on their status page."""

    @transition(field=status, source=Status.INFORMATION_REQUESTED, target=Status.IN_TRIAGE)
    def receive_answer(self):
        """The provider answered: back to triage. (The provider's own action.)"""

    @transition(
        field=status,
        source=[Status.IN_TRIAGE, Status.INFORMATION_REQUESTED],
        target=Status.MEETING_ARRANGED,
        permission=TRIAGE,
    )
    def arrange_meeting(self):
        """A meeting with the provider is arranged."""

    @transition(
        field=status,
        source=[Status.IN_TRIAGE, Status.MEETING_ARRANGED],
        target=Status.ACCEPTED,
        permission=TRIAGE,
    )
    def accept(self):
        """Accepted into the development pipeline against demand lines."""

    @transition(field=status, source=list(OPEN), target=Status.NOT_PROGRESSED, permission=TRIAGE)
    def not_progress(self):
        """Declined, with a reason from the list."""

    @transition(field=status, source=list(OPEN), target=Status.WITHDRAWN, permission=TRIAGE)
    def withdraw(self):
        """The provider withdrew the offer (from "Your offers", or recorded by
        staff on their behalf)."""


class Screening(models.Model):
    """One screening of an offer, kept as it was: re-screening adds another."""

    class Trigger(models.TextChoices):
        SUBMISSION = "submission", "On submission"
        RESCREEN = "rescreen", "Re-screened by staff"
        CHANGE = "change", "Changed by the provider"

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="screenings"
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    screened_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overall = models.CharField(max_length=20, choices=Recommendation.choices)
    priority = models.PositiveSmallIntegerField()
    result = models.JSONField(help_text="The whole result, as screen_offer prints it.")

    class Meta:
        ordering = ["offer", "-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.offer.reference} screened {self.screened_on:%d %b %Y}: {self.overall}"


class ReferenceCounter(models.Model):
    """The last offer number used in a year, for references like EOI-2026-0001."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


def attachment_path(instance, filename):
    # A random name: the provider's file name is kept in the database, never
    # trusted on disk.
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        SITE_PLAN = "site_plan", "Site plan"
        FLOOR_PLAN = "floor_plan", "Floor plan"
        OTHER = "other", "Other document"

    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    draft = models.ForeignKey(
        "OfferDraft",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
        help_text="The draft it was uploaded to, before the offer was submitted.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class OfferDraft(models.Model):
    """A provider's unfinished offer: the answers of each step, kept server-side
    so nothing typed is lost and the provider can come back from an emailed link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answers = models.JSONField(default=dict, help_text="Cleaned answers, by step.")
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    resume_link_sent_at = models.DateTimeField(null=True, blank=True)
    submitted_offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )
    amends_offer = models.ForeignKey(
        Offer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes_in_progress",
        help_text="The sent offer this draft changes (from “Your offers”).",
    )
    valid_steps = models.JSONField(
        default=dict,
        blank=True,
        help_text="The steps whose answers were valid when saved: a hash of those answers, by step.",
    )

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Draft {self.pk} ({self.contact_email or 'no email yet'})"


class StatusChange(models.Model):
    """One move of an offer's triage state: who, when, from, to and why."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        max_length=30, choices=Status.choices, blank=True, help_text="Blank for the submission."
    )
    to_status = models.CharField(max_length=30, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=100, help_text='Who acted when not a staff user, e.g. "The provider".'
    )
    at = models.DateTimeField(db_index=True)
    reason = models.TextField(blank=True)
    reason_code = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["offer", "at", "pk"]

    def __str__(self):
        return f"{self.offer.reference}: {self.from_status} → {self.to_status}"


class OfferNote(models.Model):
    """An internal note by staff; never shown to the provider."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="notes_internal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["offer", "at"]
        verbose_name = "internal note"

    def __str__(self):
        return f"Note on {self.offer.reference} by {self.author}"


class InformationRequest(models.Model):
    """A commissioner's question, and the provider's answer from their status page."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="information_requests")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["offer", "asked_at"]

    def __str__(self):
        return f"Question on {self.offer.reference} ({'answered' if self.answered_at else 'open'})"


class RoutingRule(models.Model):
    """Who a new offer goes to: the first active rule (lowest order) that matches.

    A rule with no client group and no configuration matches everything; offers
    no rule matches go to the default team (settings.EOI_DEFAULT_TEAM).
    """

    order = models.PositiveSmallIntegerField(default=0)
    client_group = models.CharField(
        max_length=40, blank=True, choices=choices_of(doc.ClientGroup), help_text="Blank: any."
    )
    configuration = models.CharField(
        max_length=40, blank=True, choices=choices_of(doc.Configuration), help_text="Blank: any."
    )
    assign_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    assign_team = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assign_to__isnull=False) | models.Q(assign_team__isnull=False),
                name="routing_rule_assigns_someone",
                violation_error_message="Choose a commissioner or a team.",
            )
        ]

    def __str__(self):
        when = " and ".join(
            filter(None, [self.get_client_group_display() if self.client_group else "", self.get_configuration_display() if self.configuration else ""])
        ) or "any offer"
        return f"{when} → {self.assign_to or self.assign_team}"


class Acceptance(models.Model):
    """Units of an accepted offer allocated to a demand line: counted by the
    demand balance as an accepted offer, never as one of the strategy's schemes."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="acceptances")
    demand_line = models.ForeignKey(
        "strategy.DemandLine", on_delete=models.PROTECT, related_name="acceptances"
    )
    units = models.PositiveIntegerField()
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["offer", "pk"]

    def __str__(self):
        return f"{self.offer.reference}: {self.units} units for {self.demand_line}"


class OutboxEmail(models.Model):
    """What an email in the outbox is for.

    The outbox is django-post-office's ``Email`` table (``eoi.outbox``); this
    row says what kind of email it is, which offer it is about, and whether
    the task attaches the offer's PDF summary when it sends it (rendered then,
    by the worker, not in the web request).
    """

    class Kind(models.TextChoices):
        # The value is the name of its templates under templates/eoi/emails/.
        OFFER_ACKNOWLEDGEMENT = "offer_acknowledgement", "Acknowledgement to the provider"
        OFFER_TEAM_SUMMARY = "offer_team_summary", "Offer summary to the team inbox"
        STATUS_CHANGE = "status_change", "Change of status, to the provider"
        INFORMATION_REQUEST = "information_request", "Request for information, to the provider"
        DRAFT_RESUME_LINK = "draft_resume_link", "Link back to a draft"
        PROVIDER_SIGN_IN = "provider_sign_in", "Sign-in link to “Your offers”"
        OFFER_WITHDRAWN = "offer_withdrawn", "Withdrawal by the provider, to the team inbox"
        PROVIDER_MESSAGE = "provider_message", "Change told by the provider, to the team inbox"

    email = models.OneToOneField(
        "post_office.Email", on_delete=models.CASCADE, related_name="outbox_entry"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_emails"
    )
    attach_offer_summary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-email"]
        verbose_name = "outbox email"

    def __str__(self):
        return f"{self.get_kind_display()} (email {self.email_id})"


class ProviderSignIn(models.Model):
    """A sign-in link to "Your offers" emailed to an address (eoi.provider_access).

    Only a hash of the link's secret is kept; the link works once, for an hour.
    """

    email = models.EmailField(db_index=True, help_text="In lower case.")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Sign-in link for {self.email} ({'used' if self.used_at else 'unused'})"


class ProviderMessage(models.Model):
    """A change the provider tells the council about, from "Your offers",
    once the offer can no longer be changed (triage has started)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="provider_messages")
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer", "sent_at"]
        verbose_name = "change told by the provider"

    def __str__(self):
        return f"Message on {self.offer.reference} ({self.sent_at:%d %b %Y})"
