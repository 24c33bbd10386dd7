"""Which reference values are still on the portal's defaults, for the
ReferenceValue admin: the council must set these itself."""

from django.contrib import admin
from django.utils import timezone

from .selectors import reference_values_in_force


@admin.display(boolean=True, description="portal default: the council must set it")
def still_on_default(value) -> bool:
    return value.is_council_default


class DefaultsToSetFilter(admin.SimpleListFilter):
    title = "still to be set by the council"
    parameter_name = "to_set"

    def lookups(self, request, model_admin):
        return [("in_force", "In force today and still on the portal's default")]

    def queryset(self, request, queryset):
        if self.value() != "in_force":
            return queryset
        in_force = reference_values_in_force(on=timezone.localdate()).values()
        return queryset.filter(pk__in=[value.pk for value in in_force if value.is_council_default])
