"""Forecast versions and what each one says the city needs: groups of demand
lines, and the phases the strategy delivers in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..fields import ChoiceListField
from ..vocabulary import client_group_choices, configuration_choices, name_for_providers


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
    # Changed only through the admin's "Publish…" and "Unpublish…" actions
    # (strategy.services), so the history says who published it and when. The
    # database default is false too: a row an older migration writes without
    # the column is not published.
    is_published = models.BooleanField(
        "published",
        default=False,
        db_default=False,
        help_text="Shown on the public pages and in the open data. A copy starts "
        "unpublished; the current version is always published.",
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
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(is_published=True),
                name="current_forecast_version_published",
                violation_error_message="The current version must be published.",
            ),
        ]
        permissions = [
            ("publish_forecastversion", "Can publish and unpublish forecast versions"),
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
    cohort = models.CharField(
        max_length=300, help_text="The strategy's own words for the group of people."
    )
    # Required in the admin. The defaults (the database's too, as for
    # ForecastVersion.is_published) are for rows written in code, such as an
    # older data migration's: they are named by their cohort until staff write
    # one (strategy.vocabulary.name_for_providers).
    public_name = models.CharField(
        max_length=120,
        default="",
        db_default="",
        help_text="The short name providers and the public read, on the public pages, "
        "in screening reasons, the offer summary PDF and emails: plain words for what "
        "the city needs, e.g. “Self-contained homes to replace shared houses (learning "
        "disabilities)”. Staff pages show both.",
    )
    public_name_source = models.CharField(
        max_length=300,
        blank=True,
        db_default="",
        help_text="Who wrote the public name, and from what.",
    )
    public_name_dated = models.DateField("public name written on", null=True, blank=True)
    net_units = models.PositiveIntegerField(help_text="Net units over the forecast period.")
    rationale = models.TextField()
    best_fit = models.CharField("accommodation type that would best meet need", max_length=300)
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

    @property
    def name_for_providers(self) -> str:
        """The name providers and the public read (``name_for_providers``)."""
        return name_for_providers(self.public_name, self.cohort)

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
    period = models.CharField(
        max_length=100, help_text='As the strategy puts it, e.g. "up to 2022".'
    )
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
