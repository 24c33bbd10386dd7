"""Bulk actions of the offers queue: each calls the triage services."""

from django.contrib import admin, messages

from eoi.models import OfferChanged
from eoi.offers import services
from eoi.triage.forms import transitions as triage_forms


@admin.action(description="Start triage", permissions=["triage"])
def start_triage(modeladmin, request, queryset):
    modeladmin.bulk_transition(request, queryset, "start_triage")


@admin.action(description="Screen again with today's figures", permissions=["change"])
def rescreen(modeladmin, request, queryset):
    done = 0
    for offer in queryset:
        try:
            services.offer_rescreen(offer=offer, actor=request.user)
            done += 1
        except OfferChanged:  # saved by someone else since the list was read
            modeladmin.message_user(
                request,
                f"{offer.reference} changed while it was being screened: screen it again.",
                messages.WARNING,
            )
    modeladmin.message_user(
        request,
        f"Screened {done} offer(s) again; earlier screenings are kept.",
        messages.SUCCESS,
    )


@admin.action(description="Do not progress…", permissions=["triage"])
def not_progress(modeladmin, request, queryset):
    return modeladmin.bulk_form(
        request, queryset, triage_forms.NotProgressForm, "Do not progress", "not_progress"
    )


@admin.action(description="Reassign…", permissions=["triage"])
def reassign(modeladmin, request, queryset):
    return modeladmin.bulk_form(request, queryset, triage_forms.AssignForm, "Reassign", "reassign")
