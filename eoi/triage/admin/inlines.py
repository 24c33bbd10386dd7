"""The records shown on an offer's page, read-only but for notes."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from leicester_sl.documents.formatting import day_and_time

from eoi.models import (
    Acceptance,
    Attachment,
    InformationRequest,
    OfferNote,
    ProviderMessage,
    Screening,
    StatusChange,
)
from eoi.screening import result_from_dict
from ..statuses import NotProgressedReason


def latest_screening(context, offer):
    """The offer's latest screening, from the rows its inline already read."""
    for inline in context.get("inline_admin_formsets", ()):
        if inline.formset.model is Screening:
            rows = inline.formset.get_queryset()  # Screening.Meta: latest first
            return rows[0] if rows else None
    return offer.screenings.first()


def has_rows_name(model) -> str:
    """The offer's annotation saying whether ``model`` has rows of the offer."""
    return f"has_{model._meta.model_name}"


def has_rows_annotations(*models) -> dict:
    """``has_<model>`` for each model with an ``offer`` key: read with the offer
    itself, so a record known empty costs no query of its own (issue 13)."""
    return {
        has_rows_name(model): Exists(model._default_manager.filter(offer=OuterRef("pk")))
        for model in models
    }


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    template = "admin/eoi/offer/readonly_inline.html"

    def get_queryset(self, request):
        # Each row prints its __str__, which names the offer: one join, not a query a row.
        return super().get_queryset(request).select_related("offer")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = "history of the offer's status"
    fields = ["when", "from_words", "to_status", "by", "reason_label", "reason_words"]
    readonly_fields = fields

    @admin.display(description="from status")
    def from_words(self, change):
        return change.get_from_status_display() if change.from_status else "–"

    @admin.display(description="why")
    def reason_words(self, change):
        return change.reason or "–"

    @admin.display(description="when")
    def when(self, change):
        return day_and_time(change.at) if change.at else "–"

    @admin.display(description="by")
    def by(self, change):
        # Who acted: a member of staff's name, "The provider", "Imported by staff".
        return change.actor_label or "–"

    @admin.display(description="reason given")
    def reason_label(self, change):
        return NotProgressedReason(change.reason_code).label if change.reason_code else "–"


class InformationRequestInline(ReadOnlyInline):
    model = InformationRequest
    verbose_name_plural = "questions to the provider"
    fields = ["asked", "asked_by", "question", "reminder_sent", "answered", "answer"]
    readonly_fields = fields

    @admin.display(description="asked")
    def asked(self, request):
        return day_and_time(request.asked_at) if request.asked_at else "–"

    @admin.display(description="reminder sent")
    def reminder_sent(self, request):
        return day_and_time(request.reminder_sent_at) if request.reminder_sent_at else "–"

    @admin.display(description="answered")
    def answered(self, request):
        return day_and_time(request.answered_at) if request.answered_at else "Not yet"


class AcceptanceInline(ReadOnlyInline):
    model = Acceptance
    verbose_name_plural = "homes accepted"
    fields = ["demand_line", "units", "accepted_by", "accepted"]
    readonly_fields = fields

    @admin.display(description="accepted")
    def accepted(self, acceptance):
        return day_and_time(acceptance.accepted_at) if acceptance.accepted_at else "–"


class OfferNoteInline(admin.StackedInline):
    """Notes for staff: the ones written, and a box to add one."""

    model = OfferNote
    template = "admin/eoi/offer/notes_inline.html"
    verbose_name = "note"
    verbose_name_plural = "notes for staff (never shown to the provider)"
    extra = 1
    can_delete = False
    fields = ["text", "author", "at"]
    readonly_fields = ["author", "at"]

    def has_change_permission(self, request, obj=None):
        # Notes are added, never edited: the record stays as written.
        return False


class ScreeningInline(ReadOnlyInline):
    model = Screening
    verbose_name_plural = "screenings"
    fields = [
        "screened_at",
        "trigger",
        "screened_on",
        "overall",
        "priority",
        "created_by",
        "factors",
    ]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]

    @admin.display(description="screened at")
    def screened_at(self, screening):
        return day_and_time(screening.created_at) if screening.created_at else "–"

    @admin.display(description="factors")
    def factors(self, screening):
        if not screening.result:  # a row the form made up from a crafted POST
            return "–"
        return format_html_join(
            "",
            "<p><strong>{}: {}</strong><br>{}</p>",
            (
                (factor.label, factor.outcome.label, factor.reason)
                for factor in result_from_dict(screening.result).factors.values()
            ),
        )


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    verbose_name_plural = "files"
    fields = ["kind", "original_name", "content_type", "size", "uploaded", "download"]
    readonly_fields = fields

    @admin.display(description="uploaded")
    def uploaded(self, attachment):
        return day_and_time(attachment.uploaded_at) if attachment.uploaded_at else "–"

    @admin.display(description="file")
    def download(self, attachment):
        if attachment.pk is None:  # a row the form made up from a crafted POST
            return "–"
        url = reverse("admin:eoi_attachment_download", args=[attachment.pk])
        return format_html(
            '<a href="{}">Download<span class="visually-hidden"> {}</span></a>',
            url,
            attachment.original_name,
        )


class ProviderMessageInline(admin.TabularInline):
    model = ProviderMessage
    verbose_name_plural = "changes told by the provider"
    fields = ["sent", "text"]
    readonly_fields = fields

    @admin.display(description="sent")
    def sent(self, message):
        return day_and_time(message.sent_at) if message.sent_at else "–"

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
