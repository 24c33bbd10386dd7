"""Working-day targets in the admin: the targets' page, the queue's "Overdue"
filter and due-date column."""

from django.contrib import admin
from django.utils import timezone

from leicester_sl.security.history_admin import GuardedHistoryAdmin

from eoi.triage import services as triage
from eoi.models import StatusTarget


class OverdueFilter(admin.SimpleListFilter):
    """By the offer's stored due date (``Offer.due_on``) against today."""

    title = "due"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("today", "Due today"), ("not_overdue", "Not overdue")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(due_on__lt=today)
        if self.value() == "today":
            return queryset.filter(due_on=today)
        if self.value() == "not_overdue":
            return queryset.exclude(due_on__lte=today)
        return queryset


def due_words(offer) -> str:
    """The queue's narrow due column: "3 Feb", "Overdue 3 Feb", "–"."""
    if offer.due_on is None:
        return "–"
    words = f"{offer.due_on.day} {offer.due_on:%b}"
    if offer.due_on.year != timezone.localdate().year:
        words += f" {offer.due_on:%Y}"
    return f"Overdue {words}" if offer.due_on < timezone.localdate() else words


@admin.register(StatusTarget)
class StatusTargetAdmin(GuardedHistoryAdmin):
    """Administrators change the working days; open offers' due dates follow."""

    list_display = ["status", "working_days"]
    fields = ["status", "working_days"]

    def get_readonly_fields(self, request, obj=None):
        # The statuses are fixed (one row each, seeded by migration 0012).
        return ["status"] if obj else []

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        triage.offers_due_on_recompute(status=obj.status)
