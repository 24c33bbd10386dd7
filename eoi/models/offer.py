"""The offer, its screenings and its reference counter."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models, router, transaction
from django.db.models import F
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from eoi.models.columns import column
from eoi.triage.statuses import OPEN, Status
from .indexes import NullsOrderIndex


class Recommendation(models.TextChoices):
    PROGRESS = "progress", "Progress: recommend a meeting"
    REVIEW = "review", "Review"
    NOT_SUPPORTED = "not_supported", "Not supported"


TRIAGE = "eoi.triage_offer"


class OfferChanged(Exception):
    """The offer was saved by someone else after this copy of it was read.

    ``seen`` is the version the copy was read at, ``current`` the stored one.
    """

    def __init__(self, offer: Offer, *, seen: int, current: int | None):
        super().__init__(f"{offer.reference} changed: version {seen} read, {current} stored")
        self.offer, self.seen, self.current = offer, seen, current


class Offer(ConcurrentTransitionMixin, models.Model):
    """An offer as submitted, on the web or imported from a document.

    Its triage state moves only through the transitions below (django-fsm-2),
    each needing the ``triage_offer`` permission, except the provider's own
    answer to a request for information; ``eoi.triage.services`` runs and records them.
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
    organisation_registered_provider_number = column("organisation.registered_provider_number")
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
    scheme_bedrooms_per_unit = column("scheme.bedrooms_per_unit", models.PositiveSmallIntegerField)
    scheme_shared_house_bedrooms = column(
        "scheme.shared_house_bedrooms", models.PositiveSmallIntegerField
    )
    scheme_communal_space = column("scheme.communal_space")
    scheme_staff_office = column("scheme.staff_office")
    scheme_wheelchair_accessible_units = column("scheme.wheelchair_accessible_units")
    scheme_fully_adapted_units = column("scheme.fully_adapted_units")
    scheme_client_groups = column("scheme.client_groups")
    scheme_residents_have_eligible_care_needs = column("scheme.residents_have_eligible_care_needs")

    finance_landlord_type = column("finance.landlord_type")
    finance_landlord_provides_care_support_or_supervision = column(
        "finance.landlord_provides_care_support_or_supervision"
    )
    finance_tenancy = column("finance.tenancy")
    finance_tenancy_conditional_on_support_provider = column(
        "finance.tenancy_conditional_on_support_provider"
    )
    finance_weekly_core_rent = column("finance.weekly_core_rent")
    finance_weekly_eligible_service_charge = column("finance.weekly_eligible_service_charge")
    finance_weekly_ineligible_charge = column("finance.weekly_ineligible_charge")
    finance_capital_cost = column("finance.capital_cost")
    finance_funding_sources = column("finance.funding_sources")
    finance_right_to_buy_receipts_requested = column("finance.right_to_buy_receipts_requested")

    support_provider_on_framework = column("support.provider_on_framework")
    support_framework_lots = column("support.framework_lots")
    support_individual_hours_per_person_per_week = column(
        "support.individual_hours_per_person_per_week"
    )
    support_shared_core_hours_per_week = column("support.shared_core_hours_per_week")
    support_night_cover = column("support.night_cover")
    support_hourly_rate = column("support.hourly_rate")

    notes = column("notes")

    opportunity = models.ForeignKey(
        "eoi.Opportunity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        help_text="The opportunity the offer answers, if made from its page.",
    )

    # The latest screening's verdict, kept here so the queue can sort by it.
    recommendation = models.CharField(
        max_length=20, choices=Recommendation.choices, blank=True, db_index=True
    )
    priority = models.PositiveSmallIntegerField(null=True, db_index=True)
    # The demand lines (cohorts) the latest screening matched, as a sorted
    # JSON list (eoi.offers.services.cohorts_text), kept here so the dashboard
    # groups open offers by them without finding each offer's latest
    # screening. Set with the screening (eoi.offers.services.screening_record).
    latest_matched_cohorts = models.TextField(default="[]", editable=False)

    status = FSMField(default=Status.SUBMITTED, choices=Status.choices, db_index=True)
    status_changed_at = models.DateTimeField(null=True, db_index=True)
    # By when the current status's target falls (eoi.triage.timescales), set by
    # each transition so the queue sorts and filters on it in the database.
    due_on = models.DateField(null=True, blank=True, db_index=True)
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

    # Moved on by every save (``save``), which writes only over the version it
    # read; each history row holds it, so a page can say what changed since
    # the version it showed (eoi.triage.versions).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "latest_matched_cohorts"])

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [("triage_offer", "Can triage and decide offers")]
        indexes = [
            # The queue's order (eoi.triage.admin.offers.OfferAdmin.ordering, then the
            # admin's own "-pk" tie-break), so its first page is read from the
            # index rather than sorting every offer.
            NullsOrderIndex(
                F("priority").desc(nulls_last=True),
                F("due_on").asc(nulls_last=True),
                F("id").desc(),
                name="offer_queue_order",
            ),
            # The staff dashboard's counts (eoi.progress.inputs): offers by
            # provider, status and quarter, and open offers' units, read from
            # this narrow index (PostgreSQL's index-only scan) instead of the
            # offers' wide rows, so they grow slowly with the number of offers.
            models.Index(
                fields=[
                    "status",
                    "organisation_type",
                    "organisation_name",
                    "submitted_at",
                    "scheme_units",
                ],
                name="offer_counts",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.organisation_name}"

    def save(self, *args, **kwargs):
        """Save, unless someone else saved the offer after this copy was read.

        A stored offer first claims its version: one UPDATE moves ``version``
        on only where it is still this copy's. If it matched nothing, another
        save came in between: ``OfferChanged``, and nothing is written. The
        claimed row stays locked to the end of the transaction (PostgreSQL;
        SQLite's transactions take the write lock as they begin), so the save
        that follows overwrites no one; it writes the new version with the
        columns (``update_fields`` gains it), and django-simple-history its
        row as for any save.
        """
        if self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(Offer, instance=self)
        with transaction.atomic(using=using):
            stored = Offer.objects.using(using).filter(pk=self.pk)
            if not stored.filter(version=self.version).update(version=F("version") + 1):
                current = stored.values_list("version", flat=True).first()
                if current is not None:
                    raise OfferChanged(self, seen=self.version, current=current)
                return super().save(*args, **kwargs)  # given a pk, not yet stored
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1  # rolled back with the transaction
                raise

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

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="screenings")
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
