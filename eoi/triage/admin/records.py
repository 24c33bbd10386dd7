"""Routing rules, and status changes and screenings listed on their own."""

from django.contrib import admin

from leicester_sl.security.history_admin import GuardedHistoryAdmin

from eoi.models import RoutingRule, Screening, StatusChange


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
    list_display = ["offer", "at", "from_status", "to_status", "actor_label", "reason_code"]
    list_filter = ["to_status"]
    search_fields = ["offer__reference"]
    list_select_related = ["offer"]


@admin.register(Screening)
class ScreeningAdmin(StatusChangeAdmin):
    list_display = ["offer", "created_at", "trigger", "overall", "priority", "created_by"]
    list_filter = ["trigger", "overall"]
