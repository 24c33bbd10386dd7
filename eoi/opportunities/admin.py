"""Opportunities in the staff pages: commissioners write and publish them,
the placement team reads them. Questions about them are in
``questions_admin``."""

from django.contrib import admin, messages
from django.db.models import Count
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leicester_sl.security.history_admin import GuardedHistoryAdmin

from eoi.models import Opportunity, OpportunityDocument
from eoi.models.opportunities import PUBLISH
from . import services
from .forms import OpportunityDocumentForm, OpportunityForm

MAX_DOCUMENTS = 10


def staff_name(user) -> str:
    """A member of staff by name, as text: Django's link to the user's admin
    page would be a 403 for everyone but administrators."""
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


class OpportunityDocumentInline(admin.TabularInline):
    model = OpportunityDocument
    form = OpportunityDocumentForm
    extra = 1
    max_num = MAX_DOCUMENTS
    fields = ["title", "file", "original_name", "size", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_at"]
    verbose_name = "document"


def _run(modeladmin, request, queryset, service, done_words):
    done = 0
    for opportunity in queryset:
        try:
            service(opportunity=opportunity, actor=request.user)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            reasons = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"“{opportunity}”: {reasons}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request,
            f"{done} opportunit{'y' if done == 1 else 'ies'} {done_words}.",
            messages.SUCCESS,
        )


@admin.action(description="Publish on the public pages", permissions=["publish"])
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.opportunity_publish, "published")


@admin.action(description="Close to responses", permissions=["publish"])
def close(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.opportunity_close, "closed")


@admin.register(Opportunity)
class OpportunityAdmin(GuardedHistoryAdmin):
    form = OpportunityForm
    list_display = [
        "title",
        "status",
        "stage",
        "units",
        "route",
        "opens_on",
        "responses_close_on",
        "responses",
    ]
    # Only the lines opportunities name: both forecasts' lines share names.
    list_filter = ["status", "route", ("demand_lines", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "portal_reference"]
    actions = [publish, close]
    inlines = [OpportunityDocumentInline]
    filter_horizontal = []
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        ("What is sought", {"fields": ["demand_lines", "units", "reopens_framework"]}),
        ("Where", {"fields": ["anywhere_in_city", "wards"]}),
        ("How to respond", {"fields": ["route", "portal_name", "portal_url", "portal_reference"]}),
        ("Key dates", {"fields": ["opens_on", "questions_close_on", "responses_close_on"]}),
        (
            "Status",
            {
                "fields": [
                    "status",
                    "published_at",
                    "published_by_name",
                    "closed_at",
                    "closed_by_name",
                ]
            },
        ),
    ]
    readonly_fields = ["status", "published_at", "published_by_name", "closed_at", "closed_by_name"]
    # Publishing and closing go through the actions: no going back to an old
    # version's status from the history.
    history_revert_allowed = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "portal_url":  # https:// unless typed otherwise
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="for providers")
    def stage(self, opportunity):
        if opportunity.status == Opportunity.Status.DRAFT:
            return "Not shown"
        return opportunity.stage_on(timezone.localdate()).capitalize()

    @admin.display(description="offers made for it")
    def responses(self, opportunity):
        return opportunity.offer_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=Count("offers"))

    def get_readonly_fields(self, request, obj=None):
        # Its address stays the same once providers may have it.
        if obj is not None and obj.is_public:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        # Here rather than in ``prepopulated_fields``, which the history's
        # page of an old version reads whatever the slug's state: it is
        # read-only once public, and a prepopulated read-only field is a 500.
        return {} if obj is not None and obj.is_public else {"slug": ["title"]}

    @admin.display(description="published by")
    def published_by_name(self, opportunity):
        return staff_name(opportunity.published_by)

    @admin.display(description="closed by")
    def closed_by_name(self, opportunity):
        return staff_name(opportunity.closed_by)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def view_on_site(self, opportunity):
        # Drafts are not on the public pages.
        return opportunity.get_absolute_url() if opportunity.is_public else None
