"""The offers queue and each offer's page (``OfferAdmin``)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince

from leicester_sl.security.history_admin import GuardedHistoryAdmin

from eoi.offers import summary as offer_summary
from eoi.triage import services as triage
from eoi.models import AnswerCorrection, Offer, OfferNote
from ..forms.versions import OfferPageForm
from ..statuses import TERMINAL, Status
from ..versions import changes_since
from .actions import not_progress, reassign, rescreen, start_triage
from .filters import (
    CLIENT_GROUP_LABELS,
    AssignedToMeFilter,
    ClientGroupFilter,
    OpportunityFilter,
    StaffAssigneeFilter,
    WardFilter,
)
from .inlines import (
    AcceptanceInline,
    AttachmentInline,
    InformationRequestInline,
    OfferNoteInline,
    ProviderMessageInline,
    ScreeningInline,
    StatusChangeInline,
    latest_screening,
    has_rows_annotations,
    has_rows_name,
)
from .corrections import CorrectionsAdminMixin
from .judgement import AssessmentFilter, DuplicateFilter, JudgementAdminMixin
from .milestones import MilestoneFilter, MilestoneInline, MilestonesAdminMixin
from .offer_views import OfferViewsMixin
from .timescales import OverdueFilter, due_words


@admin.register(Offer)
class OfferAdmin(
    OfferViewsMixin,
    JudgementAdminMixin,
    CorrectionsAdminMixin,
    MilestonesAdminMixin,
    GuardedHistoryAdmin,
):
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
        MilestoneFilter,
        OpportunityFilter,
    ]
    search_fields = ["reference", "organisation_name", "scheme_postcode"]
    search_help_text = "Search by reference, organisation or postcode."
    # Priority, then the soonest due (decided offers, with neither, last).
    ordering = [F("priority").desc(nulls_last=True), F("due_on").asc(nulls_last=True)]
    list_select_related = ["assigned_to", "assigned_team", "opportunity"]
    list_per_page = 50
    show_full_result_count = False
    actions = [start_triage, not_progress, reassign, rescreen]
    inlines = [
        StatusChangeInline,
        InformationRequestInline,
        ProviderMessageInline,
        OfferNoteInline,
        AcceptanceInline,
        MilestoneInline,
        ScreeningInline,
        AttachmentInline,
    ]
    # An offer's status changes only through transitions: no going back to
    # an old version from its history.
    history_revert_allowed = False
    # Carries the offer's version as the page showed it (issue 23).
    form = OfferPageForm
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
        "opportunity",
    ]

    @admin.display(description="offer from", ordering="organisation_name")
    def organisation_and_scheme(self, offer):
        # The flags (possible duplicate, assessed) under the names: one column
        # fewer, so the queue fits 1280px.
        names = (
            format_html("{}<br>{}", offer.organisation_name, offer.scheme_name)
            if offer.scheme_name
            else format_html("{}", offer.organisation_name)
        )
        if offer.opportunity is not None:
            # The opportunity it answers, short, so the queue still fits 1280px.
            title = offer.opportunity.title
            names = format_html(
                '{}<br><span title="{}">For: {}</span>',
                names,
                title,
                Truncator(title).chars(40),
            )
        flags = self.flags(offer)
        if flags == "–":
            return names
        return format_html('{}<br><strong class="app-queue-flags">{}</strong>', names, flags)

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

    def get_action_choices(self, request, default_choices=None):
        # Words, not Django's "---------", for the empty choice.
        if default_choices is None:
            default_choices = [("", "Choose an action")]
        return super().get_action_choices(request, default_choices)

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            # The offer page shows the answers read-only, worded, above the
            # record (change_form.html); its form only adds notes.
            return []
        return super().get_fieldsets(request, obj)

    def get_queryset(self, request):
        # The offer page shows the assignee too: joined there as on the queue.
        queryset = (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related, "assessment__assessed_by")
        )
        return self.judgement_annotate(queryset)

    def get_object(self, request, object_id, from_field=None):
        # As ModelAdmin.get_object, with whether the offer has rows in each
        # inline's table and corrections, for get_formset_kwargs and
        # corrections_context: one query, the offer's.
        queryset = self.get_queryset(request).annotate(
            **has_rows_annotations(*(inline.model for inline in self.inlines), AnswerCorrection)
        )
        field = Offer._meta.pk if from_field is None else Offer._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Offer.DoesNotExist, ValidationError, ValueError):
            return None

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # An inline whose table has no row of the offer is not queried; only
        # when showing the page (a POST reads what it is given, as Django does).
        has_rows = getattr(obj, has_rows_name(inline.model), True)
        if request.method in ("GET", "HEAD") and not has_rows:
            kwargs["queryset"] = kwargs["queryset"].none()
        return kwargs

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
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv_view),
                name="eoi_offer_export",
            ),
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
            *self.corrections_urls(),
            *self.milestones_urls(),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Only what the form changed: nothing read with the page is written
        # back over a change made since (issue 23). The offer page's form
        # changes no column (its answers change through corrections, its
        # state through transitions), so adding a note saves no offer.
        columns = {field.name for field in Offer._meta.concrete_fields}
        changed = [name for name in form.changed_data if name in columns]
        if changed:
            obj.save(update_fields=[*changed, "updated_at"])

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
            screening = latest_screening(context, obj)
            context["transitions"] = triage.offer_transitions_available(
                offer=obj, user=request.user
            )
            context["answers"] = offer_summary.answer_sections(obj)
            context["due_overdue"] = obj.due_on is not None and obj.due_on < timezone.localdate()
            # The meeting while it is the offer's state (the history keeps the rest).
            context["meeting"] = (
                obj.meetings.first() if obj.status == Status.MEETING_ARRANGED else None
            )
            context["screening_summary"] = offer_summary.screening_summary(
                screening.result if screening else None
            )
            context.update(self.judgement_context(request, obj))
            context.update(self.corrections_context(request, obj))
            form = context["adminform"].form
            if form.changed_since is not None:  # refused: the offer changed
                context["offer_changes"] = changes_since(obj, form.changed_since)
                context["offer_changed"] = True
            # The page's form only adds a note: one button says so.
            context["show_save_and_add_another"] = False
            context["show_save_and_continue"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)
