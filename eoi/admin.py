"""The commissioners' triage queue and offer pages in Django admin.

The admin only declares and wires: every change goes through ``eoi.triage``
or ``eoi.services``.
"""
import itertools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from leicester_sl import spreadsheets
from leicester_sl.history_admin import GuardedHistoryAdmin
from strategy.models import ForecastVersion

from . import admin_outbox  # noqa: F401 (the outbox's pages)
from . import offer_summary, services, triage, uploads
from .forms import triage as triage_forms
from .admin_filters import StaffAssigneeFilter, WardFilter
from .admin_judgement import AssessmentFilter, DuplicateFilter, JudgementAdminMixin
from .admin_provider import ProviderMessageInline
from .admin_timescales import OverdueFilter, due_words
from .models import (
    Acceptance,
    Attachment,
    InformationRequest,
    Offer,
    OfferNote,
    RoutingRule,
    Screening,
    StatusChange,
)
from .offer_document import ClientGroup
from .screening import result_from_dict
from .statuses import TERMINAL, NotProgressedReason

CLIENT_GROUP_LABELS = {member.value: member.label for member in ClientGroup}


def _latest_screening(context, offer):
    """The offer's latest screening, from the rows its inline already read."""
    for inline in context.get("inline_admin_formsets", ()):
        if inline.formset.model is Screening:
            rows = inline.formset.get_queryset()  # Screening.Meta: latest first
            return rows[0] if rows else None
    return offer.screenings.first()


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
    fields = ["at", "from_status", "to_status", "actor_label", "reason_label", "reason"]
    readonly_fields = fields

    @admin.display(description="reason given")
    def reason_label(self, change):
        return NotProgressedReason(change.reason_code).label if change.reason_code else "–"


class InformationRequestInline(ReadOnlyInline):
    model = InformationRequest
    fields = ["asked_at", "asked_by", "question", "reminder_sent_at", "answered_at", "answer"]
    readonly_fields = fields


class AcceptanceInline(ReadOnlyInline):
    model = Acceptance
    fields = ["demand_line", "units", "accepted_by", "accepted_at"]
    readonly_fields = fields


class OfferNoteInline(admin.StackedInline):
    model = OfferNote
    extra = 1
    can_delete = False
    fields = ["text", "author", "at"]
    readonly_fields = ["author", "at"]

    def has_change_permission(self, request, obj=None):
        # Notes are added, never edited: the record stays as written.
        return False


class ScreeningInline(ReadOnlyInline):
    model = Screening
    fields = ["created_at", "trigger", "screened_on", "overall", "priority", "created_by", "factors"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]

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
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at", "download"]
    readonly_fields = fields

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


@admin.action(description="Start triage", permissions=["triage"])
def start_triage(modeladmin, request, queryset):
    modeladmin.bulk_transition(request, queryset, "start_triage")


@admin.action(description="Screen again with today's figures", permissions=["change"])
def rescreen(modeladmin, request, queryset):
    for offer in queryset:
        services.offer_rescreen(offer=offer, actor=request.user)
    modeladmin.message_user(
        request,
        f"Screened {queryset.count()} offer(s) again; earlier screenings are kept.",
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


@admin.register(Offer)
class OfferAdmin(JudgementAdminMixin, GuardedHistoryAdmin):
    # Few and narrow enough to fit 1280px beside the filters.
    list_display = [
        "reference",
        "organisation_and_scheme",
        "scheme_units",
        "client_groups",
        "priority",
        "screening",
        "status",
        "assigned",
        "age_in_status",
        "due",
        "flags",
    ]
    list_filter = [
        "status",
        "recommendation",
        ClientGroupFilter,
        "scheme_configuration",
        WardFilter,
        ("assigned_to", StaffAssigneeFilter),
        AssignedToMeFilter,
        AssessmentFilter,
        DuplicateFilter,
        OverdueFilter,
    ]
    search_fields = ["reference", "organisation_name", "scheme_postcode"]
    search_help_text = "Search by reference, organisation or postcode."
    # Priority, then the soonest due (decided offers, with neither, last).
    ordering = [F("priority").desc(nulls_last=True), F("due_on").asc(nulls_last=True)]
    list_select_related = ["assigned_to", "assigned_team"]
    list_per_page = 50
    show_full_result_count = False
    actions = [start_triage, not_progress, reassign, rescreen]
    inlines = [
        StatusChangeInline,
        InformationRequestInline,
        ProviderMessageInline,
        OfferNoteInline,
        AcceptanceInline,
        ScreeningInline,
        AttachmentInline,
    ]
    # An offer's status changes only through transitions: no going back to
    # an old version from its history.
    history_revert_allowed = False
    change_form_template = "admin/eoi/offer/change_form.html"
    change_list_template = "admin/eoi/offer/change_list.html"
    always_readonly = [
        "reference",
        "source",
        "submitted_at",
        "status",
        "status_changed_at",
        "due_on",
        "recommendation",
        "priority",
        "assigned_to",
        "assigned_team",
    ]

    @admin.display(description="offer from", ordering="organisation_name")
    def organisation_and_scheme(self, offer):
        if not offer.scheme_name:
            return offer.organisation_name
        return format_html("{}<br>{}", offer.organisation_name, offer.scheme_name)

    @admin.display(description="screening", ordering="recommendation")
    def screening(self, offer):
        return offer.get_recommendation_display() or "–"

    @admin.display(description="client groups")
    def client_groups(self, offer):
        return ", ".join(CLIENT_GROUP_LABELS.get(code, code) for code in offer.scheme_client_groups)

    @admin.display(description="assigned to", ordering="assigned_to__username")
    def assigned(self, offer):
        return offer.assigned_to or offer.assigned_team or "–"

    @admin.display(description="in status for", ordering="status_changed_at")
    def age_in_status(self, offer):
        return timesince(offer.status_changed_at) if offer.status_changed_at else "–"

    @admin.display(description="due", ordering="due_on")
    def due(self, offer):
        return due_words(offer)

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            # The offer page shows the answers read-only, worded, above the
            # record (change_form.html); its form only adds notes.
            return []
        return super().get_fieldsets(request, obj)

    def get_queryset(self, request):
        # The offer page shows the assignee too: joined there as on the queue.
        queryset = super().get_queryset(request).select_related(*self.list_select_related)
        return self.judgement_annotate(queryset)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in TERMINAL:
            # A decided offer is a record: nothing about it changes any more.
            return [field.name for field in Offer._meta.fields]
        return self.always_readonly

    def has_triage_permission(self, request):
        return request.user.has_perm("eoi.triage_offer")

    def get_urls(self):
        return [
            path(
                "attachment/<int:pk>/download/",
                self.admin_site.admin_view(self.attachment_download_view),
                name="eoi_attachment_download",
            ),
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="eoi_offer_transition",
            ),
            path("export.csv", self.admin_site.admin_view(self.export_csv_view), name="eoi_offer_export"),
            path(
                "export.xlsx",
                self.admin_site.admin_view(self.export_xlsx_view),
                name="eoi_offer_export_xlsx",
            ),
            path(
                "<path:object_id>/summary.pdf",
                self.admin_site.admin_view(self.summary_pdf_view),
                name="eoi_offer_summary_pdf",
            ),
            *self.judgement_urls(),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        if formset.model is OfferNote:
            drafts = formset.save(commit=False)  # new notes only: notes are never edited
            formset.new_objects = [
                triage.offer_note_add(offer=form.instance, author=request.user, text=note.text)
                for note in drafts
            ]
            return
        super().save_formset(request, form, formset, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here, not in change_view, so the offer Django's view fetched is used
        # instead of fetching it once more (issue 13).
        if obj is not None:
            screening = _latest_screening(context, obj)
            context["transitions"] = triage.offer_transitions_available(
                offer=obj, user=request.user
            )
            context["answers"] = offer_summary.answer_sections(obj)
            context["due_overdue"] = obj.due_on is not None and obj.due_on < timezone.localdate()
            context["meeting"] = obj.meetings.first()
            context["screening_summary"] = offer_summary.screening_summary(
                screening.result if screening else None
            )
            context.update(self.judgement_context(request, obj))
            # The page's form only adds a note: one button says so.
            context["show_save_and_add_another"] = False
            context["show_save_and_continue"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Transitions, one at a time from the offer page.

    def transition_view(self, request, object_id, name):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        # get_object gives None for an id that is not a number
        # ("1/change"), so odd URLs are a 404, not a 500.
        offer = self.get_object(request, object_id)
        if offer is None or name not in triage.TRANSITIONS:
            raise Http404("No such offer or transition")
        if not self.has_view_permission(request, offer):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, offer):
            raise PermissionDenied
        if name not in dict(triage.offer_transitions_available(offer=offer, user=request.user)):
            self.message_user(
                request,
                f"{offer.reference} is {offer.get_status_display().lower()}: "
                f"“{triage.TRANSITIONS[name]}” does not apply, or you may not do it.",
                messages.ERROR,
            )
            return redirect("admin:eoi_offer_change", offer.pk)
        form_class = triage_forms.TRANSITION_FORMS[name]
        try:
            form = form_class(request.POST or None, offer=offer)
        except ForecastVersion.DoesNotExist:
            # Accepting reads the current forecast's demand lines.
            self.message_user(
                request,
                "No forecast version is marked current: mark one in the strategy "
                "data before accepting offers.",
                messages.ERROR,
            )
            return redirect("admin:eoi_offer_change", offer.pk)
        if request.method == "POST" and form.is_valid():
            try:
                form.run(offer=offer, actor=request.user)
            except (triage.TransitionRefused, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, f"{offer.reference}: {triage.TRANSITIONS[name].lower()} done.", messages.SUCCESS
                )
                return redirect("admin:eoi_offer_change", offer.pk)
        return TemplateResponse(
            request,
            "admin/eoi/offer/transition.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "offer": offer,
                "form": form,
                "title": f"{triage.TRANSITIONS[name]}: {offer.reference}",
                "name": name,
                "screening": offer.screenings.first(),
            },
        )

    # The offer's PDF summary (eoi.offer_summary), as the team inbox gets it.

    def summary_pdf_view(self, request, object_id):
        offer = get_object_or_404(Offer, pk=object_id)
        if not self.has_view_permission(request, offer):
            raise PermissionDenied
        response = HttpResponse(offer_summary.render_offer_summary_pdf(offer), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{offer.reference}-summary.pdf"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    # An attachment, as a download only (eoi.uploads): MEDIA_URL is not served.

    def attachment_download_view(self, request, pk):
        attachment = get_object_or_404(
            Attachment.objects.select_related("offer"), pk=pk, offer__isnull=False
        )
        if not self.has_view_permission(request, attachment.offer):
            raise PermissionDenied
        return uploads.attachment_download_response(attachment, user=request.user)

    # Bulk actions.

    def bulk_transition(self, request, queryset, name, **kwargs):
        done, refused = 0, []
        for offer in queryset:
            try:
                triage.offer_transition(offer=offer, name=name, actor=request.user, **kwargs)
                done += 1
            except (triage.TransitionRefused, PermissionDenied) as error:
                refused.append(str(error))
        if done:
            self.message_user(request, f"{triage.TRANSITIONS[name]}: {done} offer(s).", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def bulk_form(self, request, queryset, form_class, title, action):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = form.run_bulk(queryset=queryset, actor=request.user)
            if done:
                self.message_user(request, f"{title}: {done} offer(s).", messages.SUCCESS)
            for message in refused:
                self.message_user(request, message, messages.WARNING)
            return None
        return TemplateResponse(
            request,
            "admin/eoi/offer/bulk_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "offers": queryset,
                "title": title,
                "action": action,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # The queue as filtered on screen, as CSV or Excel (leicester_sl.spreadsheets,
    # which keeps provider-typed text from being read as a formula).

    EXPORT_HEADER = [
        "reference",
        "organisation",
        "scheme",
        "postcode",
        "ward",
        "units",
        "client groups",
        "configuration",
        "recommendation",
        "priority",
        "status",
        "assigned to",
        "submitted",
        "in status since",
    ]

    def export_rows(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        offers = self.get_changelist_instance(request).get_queryset(request)
        for offer in offers.iterator(chunk_size=2000):
            yield [
                offer.reference,
                offer.organisation_name,
                offer.scheme_name,
                offer.scheme_postcode,
                offer.scheme_ward,
                offer.scheme_units,
                "; ".join(offer.scheme_client_groups),
                offer.scheme_configuration,
                offer.recommendation,
                offer.priority,
                offer.status,
                str(self.assigned(offer)),
                timezone.localtime(offer.submitted_at).isoformat(timespec="minutes"),
                timezone.localtime(offer.status_changed_at).isoformat(timespec="minutes")
                if offer.status_changed_at
                else "",
            ]

    def export_filename(self):
        return f"offers-{timezone.localdate():%Y-%m-%d}"

    def export_csv_view(self, request):
        rows = self.export_rows(request)
        next_row = next(rows, None)  # the permission check runs before streaming
        first = [next_row] if next_row is not None else []
        return spreadsheets.csv_response(
            self.EXPORT_HEADER, itertools.chain(first, rows), filename=self.export_filename()
        )

    def export_xlsx_view(self, request):
        return spreadsheets.xlsx_response(
            self.EXPORT_HEADER,
            self.export_rows(request),
            filename=self.export_filename(),
            title="Offers",
        )

    def export_url(self, request):
        return reverse("admin:eoi_offer_export") + (f"?{request.GET.urlencode()}" if request.GET else "")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "export_url": self.export_url(request),
            # For the changelist template's "Download as Excel" link.
            "export_xlsx_url": self.export_url(request).replace(
                reverse("admin:eoi_offer_export"), reverse("admin:eoi_offer_export_xlsx"), 1
            ),
        }
        return super().changelist_view(request, extra_context)


@admin.register(RoutingRule)
class RoutingRuleAdmin(GuardedHistoryAdmin):
    list_display = ["order", "client_group", "configuration", "assign_to", "assign_team", "is_active"]
    list_editable = ["is_active"]
    list_display_links = ["order"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["offer", "at", "from_status", "to_status", "actor_label", "reason_code"]
    list_filter = ["to_status"]
    search_fields = ["offer__reference"]
    list_select_related = ["offer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Screening)
class ScreeningAdmin(StatusChangeAdmin):
    list_display = ["offer", "created_at", "trigger", "overall", "priority", "created_by"]
    list_filter = ["trigger", "overall"]
