"""The offers queue's list filters.

The ward and assignee filters list their choices from small tables: Django's field filters list the values present by reading every offer
(``SELECT DISTINCT`` over the ward column and over the assignees), which grew
with the queue: at 100,000 offers they were most of its time (issue 13).
These list the city's wards and the staff instead, with the same URL
parameters, so links and bookmarks keep working.
"""

from django.contrib import admin

from strategy.models import Ward

from eoi.models import Opportunity
from eoi.offers.document import ClientGroup

CLIENT_GROUP_LABELS = {member.value: member.label for member in ClientGroup}


class ClientGroupFilter(admin.SimpleListFilter):
    title = "client group"
    parameter_name = "client_group"

    def lookups(self, request, model_admin):
        return list(CLIENT_GROUP_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in CLIENT_GROUP_LABELS:
            # Matches the quoted code inside the JSON list, on SQLite and PostgreSQL.
            return queryset.filter(scheme_client_groups__icontains=f'"{self.value()}"')
        return queryset


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "assigned to me"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("my_teams", "Assigned to me or my teams")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "my_teams":
            return queryset.filter(assigned_to=request.user) | queryset.filter(
                assigned_to__isnull=True, assigned_team__in=request.user.groups.all()
            )
        return queryset


class WardFilter(admin.SimpleListFilter):
    """The offer's ward, among Leicester's wards (``strategy.Ward``)."""

    title = "ward"
    parameter_name = "scheme_ward"
    NOT_KNOWN = "-"  # offers with no ward: a link with text, not a blank one

    def lookups(self, request, model_admin):
        wards = Ward.objects.order_by("name").values_list("name", flat=True)
        return [(name, name) for name in wards] + [(self.NOT_KNOWN, "Not known")]

    def queryset(self, request, queryset):
        if self.value() == self.NOT_KNOWN:
            return queryset.filter(scheme_ward="")
        if self.value():
            return queryset.filter(scheme_ward=self.value())
        return queryset


class StaffAssigneeFilter(admin.RelatedFieldListFilter):
    """Who the offer is assigned to, among the active staff (offers go to staff
    only): "Anyone", each name, then "Not assigned" (Django's "All" and "-")."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "assigned to"
        self.empty_value_display = "Not assigned"

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["query_string"] == changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]
            ):
                choice = {**choice, "display": "Anyone"}
            yield choice

    def field_choices(self, field, request, model_admin):
        return field.get_choices(
            include_blank=False,
            ordering=self.field_admin_ordering(field, request, model_admin),
            limit_choices_to={"is_staff": True, "is_active": True},
        )


class OpportunityFilter(admin.SimpleListFilter):
    """Offers made for an opportunity, listed from the opportunities' own
    table (those on the public pages: no offer is made for a draft)."""

    title = "opportunity"
    parameter_name = "opportunity__id__exact"

    def lookups(self, request, model_admin):
        return [
            (str(pk), title)
            for pk, title in Opportunity.objects.exclude(status=Opportunity.Status.DRAFT)
            .order_by("-opens_on", "pk")
            .values_list("pk", "title")
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(opportunity_id=int(self.value()))
        return queryset
