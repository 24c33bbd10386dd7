from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from leicester_sl.security.history_admin import GuardedHistoryAdmin as SimpleHistoryAdmin

from . import models, services
from .admin_defaults import DefaultsToSetFilter, still_on_default


class DemandLineInline(admin.StackedInline):
    model = models.DemandLine
    extra = 0
    fields = [
        "cohort",
        "public_name",
        ("public_name_source", "public_name_dated"),
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


class VersionCopyForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example, “2026 refresh”.")
    slug = forms.SlugField(help_text="Short name for web addresses: letters, numbers and hyphens.")
    published_on = forms.DateField(
        label="Date of the version", help_text="For example, 2026-11-23."
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if models.ForecastVersion.objects.filter(slug=slug).exists():
            raise ValidationError("A version already has this short name.", code="slug_taken")
        return slug


def _one_version(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Choose exactly one version.", messages.WARNING)
        return None
    return queryset.get()


@admin.action(description="Copy as a new version…", permissions=["add"])
def copy_version(modeladmin, request, queryset):
    version = _one_version(modeladmin, request, queryset)
    if version is None:
        return None
    form = VersionCopyForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        copy = services.forecast_version_copy(
            version=version, actor=request.user, **form.cleaned_data
        )
        modeladmin.message_user(
            request,
            f"Copied {version.name} as {copy.name}. It is not published: only staff "
            "see it. Edit its lines, phases and schemes, then publish it and make it "
            "current when it is ready.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:strategy_forecastversion_change", args=[copy.pk]))
    return TemplateResponse(
        request,
        "admin/strategy/forecastversion/copy_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": f"Copy {version.name} as a new version",
            "form": form,
            "version": version,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description="Make current", permissions=["change"])
def make_current(modeladmin, request, queryset):
    version = _one_version(modeladmin, request, queryset)
    if version is None:
        return
    try:
        services.forecast_version_make_current(version=version, actor=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        f"{version.name} is now the current version: the public pages and screening use it.",
        messages.SUCCESS,
    )


def _confirmed(modeladmin, request, version, *, action, title, explanation, button):
    """True once the user confirmed; else the page that asks them to."""
    if "confirm" in request.POST:
        return True
    return TemplateResponse(
        request,
        "admin/strategy/forecastversion/confirm_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": title,
            "explanation": explanation,
            "button": button,
            "action": action,
            "version": version,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description="Publish…", permissions=["publish"])
def publish_version(modeladmin, request, queryset):
    version = _one_version(modeladmin, request, queryset)
    if version is None:
        return None
    public_url = f"{reverse('city_needs')}?version={version.slug}"
    confirmed = _confirmed(
        modeladmin,
        request,
        version,
        action="publish_version",
        title=f"Publish {version.name}",
        explanation=(
            f"Publishing puts {version.name} on the public pages: “What the city needs” "
            f"lists it, and its figures are open data at {public_url} (JSON and CSV "
            "too). It does not make it the current version."
        ),
        button="Publish",
    )
    if confirmed is not True:
        return confirmed
    services.forecast_version_publish(version=version, actor=request.user)
    modeladmin.message_user(
        request,
        f"{version.name} is published: the public pages list it.",
        messages.SUCCESS,
    )
    return None


@admin.action(description="Unpublish…", permissions=["publish"])
def unpublish_version(modeladmin, request, queryset):
    version = _one_version(modeladmin, request, queryset)
    if version is None:
        return None
    try:  # refused before asking; the service checks again
        services.forecast_version_unpublish_check(version=version)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    confirmed = _confirmed(
        modeladmin,
        request,
        version,
        action="unpublish_version",
        title=f"Unpublish {version.name}",
        explanation=(
            f"Unpublishing takes {version.name} off the public pages: its addresses "
            "show “Page not found” and the open data no longer offers it. Staff still "
            "see it here and on the dashboard."
        ),
        button="Unpublish",
    )
    if confirmed is not True:
        return confirmed
    try:
        services.forecast_version_unpublish(version=version, actor=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        f"{version.name} is no longer published: only staff see it.",
        messages.SUCCESS,
    )
    return None


@admin.register(models.ForecastVersion)
class ForecastVersionAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "published_on",
        "is_published",
        "is_current",
        "based_on",
        "source",
    ]
    list_filter = ["is_published"]
    prepopulated_fields = {"slug": ["name"]}
    # Both change only through the actions, which check them and record who.
    readonly_fields = ["is_published", "is_current"]
    actions = [copy_version, publish_version, unpublish_version, make_current]

    def has_publish_permission(self, request):
        codename = get_permission_codename("publish", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def save_model(self, request, obj, form, change):
        """Given a version from the change form or a history revert, keep
        whether it is published and current as stored: a revert would
        otherwise bring back an old state of either, bypassing the actions."""
        if change:
            stored = models.ForecastVersion.objects.get(pk=obj.pk)
            obj.is_published, obj.is_current = stored.is_published, stored.is_current
        super().save_model(request, obj, form, change)


@admin.register(models.DemandGroup)
class DemandGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "is_young_people", "order"]
    list_filter = ["version"]
    inlines = [DemandLineInline]


@admin.register(models.DemandLine)
class DemandLineAdmin(SimpleHistoryAdmin):
    list_display = ["cohort", "public_name", "group", "net_units", "best_fit"]
    list_filter = ["group__version", "group"]
    search_fields = ["cohort", "public_name", "rationale"]


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


class SupplyAllocationInline(admin.TabularInline):
    """Attribute units of this supply to demand lines, in whole or in part."""

    model = models.SupplyAllocation
    extra = 0
    fields = ["demand_line", "units", "note"]
    autocomplete_fields = ["demand_line"]
    verbose_name = "attribution to a demand line"
    verbose_name_plural = (
        "attribution to demand lines (units not attributed reduce the total, but no line)"
    )


@admin.register(models.PipelineScheme)
class PipelineSchemeAdmin(SimpleHistoryAdmin):
    inlines = [SupplyAllocationInline]
    list_display = [
        "name",
        "phase",
        "units",
        "symbol",
        "status",
        "demand_line",
        "expected_completion",
    ]
    list_filter = ["phase__version", "phase__number", "key", "status"]
    search_fields = ["name"]


@admin.register(models.DeliveryRecord)
class DeliveryRecordAdmin(SimpleHistoryAdmin):
    inlines = [SupplyAllocationInline]
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

    def has_delete_permission(self, request, obj=None):
        # Records that choose wards by row would lose it without a word (a
        # choice of one ward would become "every ward"). A boundary review
        # renames or adds wards; the old ones stay for what named them.
        return False


@admin.register(models.FrameworkLot)
class FrameworkLotAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "code"]


@admin.register(models.ReferenceValue)
class ReferenceValueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "value", "unit", "valid_from", still_on_default, "key"]
    list_filter = [DefaultsToSetFilter, "kind", "is_council_default"]
    search_fields = ["key", "name", "source"]
