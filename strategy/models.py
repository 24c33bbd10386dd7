"""The strategy's data: forecast versions, demand, phases and pipeline, delivery,
existing provision, decisions and the reference values screening reads.

Totals are never stored: selectors and ``strategy.figures`` sum them from the
rows here, so editing a line in admin changes every page at once.
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_date
from simple_history.models import HistoricalRecords

from .fields import ChoiceListField
from .vocabulary import client_group_choices, configuration_choices


class ForecastVersion(models.Model):
    """A dated version of the forecast: the 2021 plan, the 2025 refresh, …"""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    published_on = models.DateField()
    source = models.CharField(max_length=500)
    is_current = models.BooleanField(
        default=False,
        help_text="The version the public pages and screening use. Only one can be current.",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_forecast_version",
            )
        ]

    def __str__(self):
        return self.name


class DemandGroup(models.Model):
    """A heading of the demand table, e.g. "Adult provision"."""

    version = models.ForeignKey(
        ForecastVersion, on_delete=models.CASCADE, related_name="demand_groups"
    )
    name = models.CharField(max_length=200)
    is_young_people = models.BooleanField(
        default=False,
        help_text="Counts towards the young people total rather than the adults total.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"], name="unique_demand_group_per_version"
            )
        ]

    def __str__(self):
        return self.name


class DemandLine(models.Model):
    """One cohort of the forecast, with the offers it can accept."""

    group = models.ForeignKey(DemandGroup, on_delete=models.CASCADE, related_name="lines")
    cohort = models.CharField(max_length=300)
    net_units = models.PositiveIntegerField(help_text="Net units over the forecast period.")
    rationale = models.TextField()
    best_fit = models.CharField(
        "accommodation type that would best meet need", max_length=300
    )
    client_groups = ChoiceListField(
        choice_list=client_group_choices,
        help_text="The client groups an offer must serve to meet this line.",
    )
    configurations = ChoiceListField(
        choice_list=configuration_choices,
        help_text="The configurations of scheme this line accepts.",
    )
    size_min = models.PositiveSmallIntegerField(
        "scheme size from", null=True, blank=True, help_text="Scheme-size guidance, in units."
    )
    size_max = models.PositiveSmallIntegerField("scheme size to", null=True, blank=True)
    shared_house_max_bedrooms = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Only where the line accepts a shared house: its largest size.",
    )
    is_tbc = models.BooleanField(
        "to be confirmed",
        default=False,
        help_text="The strategy says the provision is still to be confirmed.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "order"]

    def __str__(self):
        return self.cohort

    def clean(self):
        if self.size_min and self.size_max and self.size_min > self.size_max:
            raise ValidationError(
                {"size_max": "The largest size must be at least the smallest."},
                code="size_range",
            )


class Phase(models.Model):
    """A delivery phase of a forecast version."""

    version = models.ForeignKey(ForecastVersion, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=100, help_text='As the strategy puts it, e.g. "up to 2022".')
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField()
    stated_units = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The figure the source document states for the phase, kept for "
        "comparison; the portal's own figure is summed from the schemes.",
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="unique_phase_number")
        ]

    def __str__(self):
        return f"Phase {self.number} ({self.period})"


class PipelineScheme(models.Model):
    """A scheme planned, building or built under a phase."""

    class Key(models.TextChoices):
        FIRM = "firm", "★ Development planned with completion dates indicated"
        NO_FIRM_DATE = "no_firm_date", "◆ Development planned but no firm completion date"
        SITE_REQUIRED = "site_required", "✿ Sites and locations (> 0.5 hectares) required"
        NONE = "", "No key"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_CONSTRUCTION = "under_construction", "Under construction"
        DELIVERED = "delivered", "Delivered"
        NOT_PROCEEDING = "not_proceeding", "Not proceeding"

    SYMBOLS = {Key.FIRM: "★", Key.NO_FIRM_DATE: "◆", Key.SITE_REQUIRED: "✿", Key.NONE: ""}

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="schemes")
    name = models.CharField(max_length=300)
    units = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave blank where the strategy gives no figure."
    )
    key = models.CharField(max_length=20, choices=Key.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    demand_line = models.ForeignKey(
        DemandLine,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schemes",
        help_text="The demand line these units are allocated to, if any.",
    )
    outside_forecast = models.BooleanField(
        default=False,
        help_text="Units in addition to the forecast demand (the strategy's 155 units "
        "at Hamelin Road and Tilling Road sit outside the 396).",
    )
    expected_completion = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase", "order"]

    def __str__(self):
        return self.name

    @property
    def symbol(self):
        return self.SYMBOLS.get(self.key, "")

    @property
    def is_firm(self):
        """Firm supply reduces unmet demand; ◆ and ✿ schemes are still gaps."""
        return self.status != self.Status.NOT_PROCEEDING and (
            self.key == self.Key.FIRM
            or self.status in (self.Status.UNDER_CONSTRUCTION, self.Status.DELIVERED)
        )


FIRM_SCHEME = Q(key=PipelineScheme.Key.FIRM) | Q(
    status__in=[PipelineScheme.Status.UNDER_CONSTRUCTION, PipelineScheme.Status.DELIVERED]
)
FIRM_SCHEME &= ~Q(status=PipelineScheme.Status.NOT_PROCEEDING)


class DeliveryRecord(models.Model):
    """Units that opened: the evidence progress is measured from."""

    version = models.ForeignKey(
        ForecastVersion, on_delete=models.CASCADE, related_name="deliveries"
    )
    description = models.CharField(max_length=300)
    scheme = models.ForeignKey(
        PipelineScheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    demand_line = models.ForeignKey(
        DemandLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    units = models.PositiveIntegerField()
    sites = models.PositiveSmallIntegerField(default=1)
    delivered_on = models.DateField()
    source = models.CharField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "delivered_on"]

    def __str__(self):
        return f"{self.description}: {self.units} units"


class VersionFigure(models.Model):
    """A figure a version's source document states that the portal cannot derive
    from its own rows (e.g. "people supported now: 550")."""

    version = models.ForeignKey(ForecastVersion, on_delete=models.CASCADE, related_name="figures")
    key = models.SlugField()
    label = models.CharField(max_length=300)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=50)
    source = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_version_figure")
        ]

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}"


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
