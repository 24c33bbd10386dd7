"""Supply against the forecast: pipeline schemes, delivery records, their
attribution to demand lines, and the figures a version's source states."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .forecast import DemandLine, ForecastVersion, Phase


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


class SupplyAllocation(models.Model):
    """Units of a delivery record or a firm scheme attributed to a demand line.

    A row of supply with allocations counts towards those lines (in whole or in
    part); the rest of its units stay unattributed (``strategy.balance``).
    """

    delivery = models.ForeignKey(
        DeliveryRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="allocations"
    )
    scheme = models.ForeignKey(
        PipelineScheme, null=True, blank=True, on_delete=models.CASCADE, related_name="allocations"
    )
    demand_line = models.ForeignKey(
        DemandLine, on_delete=models.CASCADE, related_name="allocations"
    )
    units = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True, help_text="Which sites, for example.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__isnull=True, scheme__isnull=False)
                | Q(delivery__isnull=False, scheme__isnull=True),
                name="allocation_of_a_delivery_or_a_scheme",
            )
        ]

    def __str__(self):
        return f"{self.units} units to {self.demand_line}"

    def _supply(self):
        return self.delivery if self.delivery_id else self.scheme

    def clean(self):
        supply = self._supply()
        if supply is None or not self.demand_line_id:
            return
        version_id = supply.version_id if self.delivery_id else supply.phase.version_id
        if self.demand_line.group.version_id != version_id:
            raise ValidationError(
                {"demand_line": "Choose a demand line of the same forecast version."},
                code="other_version",
            )
        others = supply.allocations.exclude(pk=self.pk).aggregate(u=models.Sum("units"))["u"] or 0
        if self.units and others + self.units > (supply.units or 0):
            raise ValidationError(
                {
                    "units": f"Only {(supply.units or 0) - others} of its units are left to attribute."
                },
                code="too_many_units",
            )


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
