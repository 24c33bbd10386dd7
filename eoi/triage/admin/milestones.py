"""An accepted offer's milestones on its page, the queue's milestones filter,
and the page where a commissioner confirms a date the provider reported.
Mixed into ``eoi.triage.admin.offers.OfferAdmin``; the views only wire the
services of ``eoi.triage.milestones``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from eoi.models import DeliveryLink, Milestone, MilestoneTranche
from .. import milestones as services
from ..milestone_selectors import (
    milestone_slipped,
    milestone_state,
    slipped_offer_ids,
)
from .inlines import ReadOnlyInline

DAY = "%-d %B %Y"


def _day(value) -> str:
    return value.strftime(DAY) if value else "–"


class MilestoneFilter(admin.SimpleListFilter):
    title = "milestones"
    parameter_name = "milestones"

    def lookups(self, request, model_admin):
        return [("slipped", "Slipped"), ("awaiting", "Awaiting confirmation")]

    def queryset(self, request, queryset):
        if self.value() == "slipped":
            return queryset.filter(pk__in=slipped_offer_ids())
        if self.value() == "awaiting":
            reported = Milestone.objects.filter(
                confirmed_at__isnull=True, actual_on__isnull=False
            ).values("offer_id")
            tranches = MilestoneTranche.objects.filter(confirmed_at__isnull=True).values(
                "milestone__offer_id"
            )
            return queryset.filter(pk__in=reported) | queryset.filter(pk__in=tranches)
        return queryset


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    verbose_name_plural = "milestones"
    fields = [
        "kind",
        "original_forecast",
        "current_forecast",
        "forecast_reason",
        "actual_on",
        "tranche_list",
        "state",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tranches")

    @admin.display(description="homes in tranches")
    def tranche_list(self, milestone):
        if not milestone.in_tranches:
            return "–"
        tranches = list(milestone.tranches.all())
        if not tranches:
            return "None reported"
        return format_html_join(
            mark_safe("<br>"),
            "{} on {}: {}",
            (
                (
                    t.units,
                    _day(t.actual_on),
                    "confirmed"
                    if t.is_confirmed
                    else format_html(
                        '<a href="{}">Confirm<span class="visually-hidden"> {} homes on {}</span></a>',
                        reverse("admin:eoi_offer_tranche_confirm", args=[milestone.offer_id, t.pk]),
                        t.units,
                        _day(t.actual_on),
                    ),
                )
                for t in tranches
            ),
        )

    @admin.display(description="state")
    def state(self, milestone):
        state = milestone_state(milestone)
        slipped = " (Slipped)" if milestone_slipped(milestone) else ""
        if milestone.actual_on and not milestone.is_confirmed:
            url = reverse(
                "admin:eoi_offer_milestone_confirm", args=[milestone.offer_id, milestone.pk]
            )
            return format_html(
                '{}{}<br><a href="{}">Confirm<span class="visually-hidden"> {}</span></a>',
                state,
                slipped,
                url,
                milestone.get_kind_display().lower(),
            )
        return f"{state}{slipped}"


class MilestonesAdminMixin:
    def milestones_urls(self):
        return [
            path(
                "<path:object_id>/milestones/<int:pk>/confirm/",
                self.admin_site.admin_view(self.milestone_confirm_view),
                name="eoi_offer_milestone_confirm",
            ),
            path(
                "<path:object_id>/tranches/<int:pk>/confirm/",
                self.admin_site.admin_view(self.tranche_confirm_view),
                name="eoi_offer_tranche_confirm",
            ),
        ]

    def _offer_for_confirming(self, request, object_id):
        offer = self.get_object(request, object_id)
        if offer is None:
            raise Http404("No such offer")
        if not request.user.has_perm(services.CONFIRM_PERMISSION):
            raise PermissionDenied
        return offer

    def _confirm(self, request, offer, *, record, what, confirm):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if record is None:
            raise Http404("No such milestone")
        if request.method == "POST":
            try:
                confirm()
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, f"{offer.reference}: {what} confirmed.", messages.SUCCESS
                )
            return redirect("admin:eoi_offer_change", offer.pk)
        return TemplateResponse(
            request,
            "admin/eoi/offer/milestone_confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "offer": offer,
                "title": f"Confirm {what}",
                "what": what,
                "record": record,
            },
        )

    def milestone_confirm_view(self, request, object_id, pk):
        offer = self._offer_for_confirming(request, object_id)
        milestone = Milestone.objects.filter(pk=pk, offer=offer).first()
        what = (
            f"{milestone.get_kind_display().lower()} on {_day(milestone.actual_on)}"
            if milestone
            else ""
        )
        return self._confirm(
            request,
            offer,
            record=milestone,
            what=what,
            confirm=lambda: services.milestone_confirm(milestone=milestone, actor=request.user),
        )

    def tranche_confirm_view(self, request, object_id, pk):
        offer = self._offer_for_confirming(request, object_id)
        tranche = (
            MilestoneTranche.objects.filter(pk=pk, milestone__offer=offer)
            .select_related("milestone")
            .first()
        )
        what = (
            f"{tranche.units} homes, {tranche.milestone.get_kind_display().lower()} on "
            f"{_day(tranche.actual_on)}"
            if tranche
            else ""
        )
        return self._confirm(
            request,
            offer,
            record=tranche,
            what=what,
            confirm=lambda: services.tranche_confirm(tranche=tranche, actor=request.user),
        )


@admin.register(DeliveryLink)
class DeliveryLinkAdmin(admin.ModelAdmin):
    """Link a strategy delivery record to the acceptance whose homes it records:
    from then on the record never adds to any count (``eoi.progress.stages``).
    Links are made and kept, never edited."""

    list_display = ["delivery_record", "acceptance", "linked_by", "linked_at"]
    fields = ["acceptance", "delivery_record"]
    list_select_related = ["delivery_record", "acceptance__offer", "linked_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        link = services.delivery_link(
            acceptance=obj.acceptance, delivery_record=obj.delivery_record, actor=request.user
        )
        obj.pk = link.pk
