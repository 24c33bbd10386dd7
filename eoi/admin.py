from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from . import services
from .models import Attachment, Offer, Screening
from .screening import FACTOR_LABELS


class ScreeningInline(admin.TabularInline):
    model = Screening
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "trigger",
        "screened_on",
        "overall",
        "priority",
        "created_by",
        "factors",
    ]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="factors")
    def factors(self, screening):
        return format_html_join(
            "",
            "<p><strong>{}: {}</strong><br>{}</p>",
            (
                (
                    FACTOR_LABELS.get(name, name),
                    factor["outcome"].replace("_", " "),
                    factor["reason"],
                )
                for name, factor in screening.result["factors"].items()
            ),
        )


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Screen again with today's figures", permissions=["change"])
def rescreen(modeladmin, request, queryset):
    for offer in queryset:
        services.offer_rescreen(offer=offer, actor=request.user)
    modeladmin.message_user(
        request,
        f"Screened {queryset.count()} offer(s) again; earlier screenings are kept.",
        messages.SUCCESS,
    )


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "organisation_name",
        "scheme_name",
        "scheme_units",
        "recommendation",
        "priority",
        "submitted_at",
    ]
    list_filter = ["recommendation", "offer_type", "scheme_configuration", "source"]
    search_fields = ["reference", "organisation_name", "scheme_postcode", "scheme_name"]
    ordering = ["-priority", "submitted_at"]
    actions = [rescreen]
    inlines = [ScreeningInline, AttachmentInline]
    readonly_fields = [
        "reference",
        "source",
        "submitted_at",
        "recommendation",
        "priority",
        "latest_screening",
    ]

    @admin.display(description="latest screening")
    def latest_screening(self, offer):
        screening = offer.screenings.first()
        if screening is None:
            return "Not screened"
        return format_html(
            "{} (priority {}) on {}",
            screening.get_overall_display(),
            screening.priority,
            screening.screened_on,
        )
