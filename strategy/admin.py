from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class DemandLineInline(admin.StackedInline):
    model = models.DemandLine
    extra = 0
    fields = [
        "cohort",
        "net_units",
        "rationale",
        "best_fit",
        "client_groups",
        "configurations",
        ("size_min", "size_max"),
        "shared_house_max_bedrooms",
        "is_tbc",
        "order",
    ]


@admin.register(models.ForecastVersion)
class ForecastVersionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "published_on", "is_current", "source"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.DemandGroup)
class DemandGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "is_young_people", "order"]
    list_filter = ["version"]
    inlines = [DemandLineInline]


@admin.register(models.DemandLine)
class DemandLineAdmin(SimpleHistoryAdmin):
    list_display = ["cohort", "group", "net_units", "best_fit"]
    list_filter = ["group__version", "group"]
    search_fields = ["cohort", "rationale"]


class PipelineSchemeInline(admin.TabularInline):
    model = models.PipelineScheme
    extra = 0
    fields = [
        "name",
        "units",
        "key",
        "status",
        "demand_line",
        "outside_forecast",
        "expected_completion",
        "order",
    ]


@admin.register(models.Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "version", "stated_units", "ends_on"]
    list_filter = ["version"]
    inlines = [PipelineSchemeInline]


@admin.register(models.PipelineScheme)
class PipelineSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phase", "units", "symbol", "status", "demand_line", "expected_completion"]
    list_filter = ["phase__version", "phase__number", "key", "status"]
    search_fields = ["name"]


@admin.register(models.DeliveryRecord)
class DeliveryRecordAdmin(SimpleHistoryAdmin):
    list_display = ["description", "version", "units", "sites", "delivered_on", "demand_line"]
    list_filter = ["version"]


@admin.register(models.VersionFigure)
class VersionFigureAdmin(SimpleHistoryAdmin):
    list_display = ["label", "version", "value", "unit"]
    list_filter = ["version"]


@admin.register(models.ExistingProvision)
class ExistingProvisionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "register", "provision_type", "schemes", "units", "people", "ward"]
    list_filter = ["register", "provision_type", "ward"]
    search_fields = ["name", "provider", "landlord"]


@admin.register(models.Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "decided_on", "effective_from"]
    list_filter = ["kind"]


@admin.register(models.Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(models.FrameworkLot)
class FrameworkLotAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "code"]


@admin.register(models.ReferenceValue)
class ReferenceValueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "value", "unit", "valid_from", "is_council_default", "key"]
    list_filter = ["kind", "is_council_default"]
    search_fields = ["key", "name", "source"]
