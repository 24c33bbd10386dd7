"""Routing rules, and status changes and screenings listed on their own."""

from django.contrib import admin

from leicester_sl.documents.formatting import day_and_time
from leicester_sl.security.history_admin import GuardedHistoryAdmin

from eoi.models import RoutingRule, Screening, StatusChange
from ..statuses import NotProgressedReason


@admin.register(RoutingRule)
class RoutingRuleAdmin(GuardedHistoryAdmin):
    list_display = [
        "order",
        "client_group",
        "configuration",
        "assign_to",
        "assign_team",
        "is_active",
    ]
    list_editable = ["is_active"]
    list_display_links = ["order"]


class RecordAdmin(admin.ModelAdmin):
    """Rows the portal writes as a record of what happened: read here, never
    added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(RecordAdmin):
    list_display = ["offer", "when", "from_status", "to_status", "by", "reason_given"]
    list_filter = ["to_status"]
    search_fields = ["offer__reference"]
    list_select_related = ["offer"]
    # A status change's page: what the list shows, in the same words.
    fields = ["offer", "when", "from_status", "to_status", "by", "reason_given", "reason"]
    readonly_fields = fields

    @admin.display(description="when", ordering="at")
    def when(self, change):
        return day_and_time(change.at)

    @admin.display(description="by")
    def by(self, change):
        # Who acted: a member of staff's name, "The provider", "Imported by staff".
        return change.actor_label or "–"

    @admin.display(description="reason given")
    def reason_given(self, change):
        return NotProgressedReason(change.reason_code).label if change.reason_code else "–"


@admin.register(Screening)
class ScreeningAdmin(RecordAdmin):
    list_display = ["offer", "screened_at", "trigger", "overall", "priority", "created_by"]
    list_filter = ["trigger", "overall"]
    search_fields = ["offer__reference"]
    list_select_related = ["offer"]

    @admin.display(description="screened at", ordering="created_at")
    def screened_at(self, screening):
        return day_and_time(screening.created_at)
