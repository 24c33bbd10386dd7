"""The views ``OfferAdmin`` adds to the admin: a transition at a time, the
PDF summary, attachments as downloads, bulk actions' forms and the queue
as CSV or Excel."""

import itertools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from leicester_sl.documents import spreadsheets
from strategy.models import ForecastVersion

from eoi.offers import summary as offer_summary, uploads
from eoi.triage import services as triage
from eoi.triage.forms import transitions as triage_forms
from eoi.models import Attachment, Offer


class OfferViewsMixin:
    """Mixed into ``OfferAdmin``; ``get_urls`` there routes to these."""

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
                    request,
                    f"{offer.reference}: {triage.TRANSITIONS[name].lower()} done.",
                    messages.SUCCESS,
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

    # The offer's PDF summary (eoi.offers.summary), as the team inbox gets it.

    def summary_pdf_view(self, request, object_id):
        offer = get_object_or_404(Offer, pk=object_id)
        if not self.has_view_permission(request, offer):
            raise PermissionDenied
        response = HttpResponse(
            offer_summary.render_offer_summary_pdf(offer), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{offer.reference}-summary.pdf"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    # An attachment, as a download only (eoi.offers.uploads): MEDIA_URL is not served.

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
            self.message_user(
                request, f"{triage.TRANSITIONS[name]}: {done} offer(s).", messages.SUCCESS
            )
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

    # The queue as filtered on screen, as CSV or Excel (leicester_sl.documents.spreadsheets,
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
        return reverse("admin:eoi_offer_export") + (
            f"?{request.GET.urlencode()}" if request.GET else ""
        )

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
