"""Registers and reference data: existing provision, decisions, wards, the
framework's lots and the reference values screening reads."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_date
from simple_history.models import HistoricalRecords

from ..fields import ChoiceListField
from ..vocabulary import client_group_choices


class ExistingProvision(models.Model):
    """The existing-provision register: Appendix A and the ILS schemes."""

    class Register(models.TextChoices):
        APPENDIX_A = "appendix_a", "Appendix A: existing supported living and extra care"
        ILS = "ils", "Independent Living Support (ILS) supported housing"

    class ProvisionType(models.TextChoices):
        EXTRA_CARE = "extra_care", "Extra care"
        SHARED_HOUSE = "shared_house", "Shared house"
        SUPPORTED_LIVING = "supported_living", "Supported living"
        SUPPORTED_HOUSING = "supported_housing", "Supported housing (non-council)"

    register = models.CharField(max_length=20, choices=Register.choices)
    provision_type = models.CharField(max_length=30, choices=ProvisionType.choices)
    name = models.CharField(
        max_length=300, help_text="A scheme's name, or a description of a group of schemes."
    )
    schemes = models.PositiveIntegerField(default=1)
    units = models.PositiveIntegerField(null=True, blank=True)
    people = models.PositiveIntegerField(null=True, blank=True)
    client_group = models.CharField(max_length=200, blank=True)
    ward = models.ForeignKey(
        "Ward", null=True, blank=True, on_delete=models.PROTECT, related_name="provision"
    )
    provider = models.CharField(max_length=300, blank=True)
    landlord = models.CharField(max_length=300, blank=True)
    funding_stream = models.CharField(max_length=200, blank=True)
    as_at = models.DateField()
    source = models.CharField(max_length=500)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "provision_type", "name"]
        verbose_name_plural = "existing provision"

    def __str__(self):
        return self.name


class Decision(models.Model):
    """A dated decision, review or agreed action about the strategy."""

    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        REVIEW = "review", "Review"
        ACTION = "action", "Agreed action"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    decided_on = models.DateField()
    effective_from = models.DateField(null=True, blank=True)
    summary = models.TextField()
    source = models.CharField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "title"]

    def __str__(self):
        return f"{self.decided_on:%d %B %Y}: {self.title}"


class Ward(models.Model):
    """One of Leicester's 21 city wards (since 2015)."""

    name = models.CharField(max_length=100, unique=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FrameworkLot(models.Model):
    """A lot of the Supported Living care and support framework."""

    number = models.PositiveSmallIntegerField(unique=True)
    code = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    client_groups = ChoiceListField(
        choice_list=client_group_choices,
        help_text="The client groups a provider on this lot can support.",
    )
    source = models.CharField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Lot {self.number}: {self.name}"


class ReferenceValue(models.Model):
    """A figure screening uses, with its source and the date it applies from.

    Several rows may share a key; screening uses the one in force on the day.
    """

    class Kind(models.TextChoices):
        MONEY = "money", "Money (£)"
        NUMBER = "number", "Number"
        PERCENT = "percent", "Percentage"
        BOOLEAN = "boolean", "Yes or no"
        DATE = "date", "Date"
        TEXT = "text", "Text"
        LIST = "list", "List (separated by commas)"

    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(
        max_length=500,
        blank=True,
        help_text="Money and numbers as 124.27; dates as 2027-11-03; yes/no as true "
        "or false; lists separated by commas. Blank for a date not yet announced.",
    )
    unit = models.CharField(max_length=50, blank=True, help_text='e.g. "£ a week"')
    source = models.CharField(max_length=500)
    valid_from = models.DateField()
    is_council_default = models.BooleanField(
        default=False,
        help_text="A default the portal ships with until the council sets its own value.",
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "valid_from"], name="one_reference_value_per_key_and_date"
            )
        ]

    def __str__(self):
        return f"{self.name} (from {self.valid_from:%d %b %Y})"

    def clean(self):
        try:
            self.typed_value()
        except (InvalidOperation, ValueError) as error:
            raise ValidationError({"value": str(error)}, code="invalid") from error

    def typed_value(self):
        """The value as Python: Decimal, bool, date, str, tuple or None."""
        raw = self.value.strip()
        if self.kind in (self.Kind.MONEY, self.Kind.NUMBER, self.Kind.PERCENT):
            try:
                return Decimal(raw)
            except InvalidOperation:
                raise ValueError(f"“{raw}” is not a number.") from None
        if self.kind == self.Kind.BOOLEAN:
            if raw.lower() not in ("true", "false"):
                raise ValueError("Enter true or false.")
            return raw.lower() == "true"
        if self.kind == self.Kind.DATE:
            if not raw:
                return None
            parsed = parse_date(raw)
            if parsed is None:
                raise ValueError(f"“{raw}” is not a date like 2027-11-03.")
            return parsed
        if self.kind == self.Kind.LIST:
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        return raw
