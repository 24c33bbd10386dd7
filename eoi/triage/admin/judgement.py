"""The offer pages where a commissioner records their own judgement: their
assessment beside the screening, and whether possible duplicates are the same
site. Mixed into ``eoi.triage.admin.offers.OfferAdmin``; each view only wires a form
(``eoi.triage.forms.assessment``) to its service."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from eoi.offers import summary as offer_summary
from ..assessment import offer_assess
from ..duplicates import site_match_resolve, site_matches_of
from ..forms.assessment import AssessmentForm, SiteMatchForm
from ..versions import changes_since
from eoi.models import Assessment, OfferChanged, SiteMatch
from eoi.screening import result_from_dict
from .offer_pages import OfferPageMixin

FLAGGED = ~Q(resolution=SiteMatch.Resolution.DIFFERENT)


def _pairs_of(resolution_q):
    return SiteMatch.objects.filter(resolution_q).filter(
        Q(offer=OuterRef("pk")) | Q(other=OuterRef("pk"))
    )


class AssessmentFilter(admin.SimpleListFilter):
    title = "commissioner's assessment"
    parameter_name = "assessed"

    def lookups(self, request, model_admin):
        return [("yes", "Assessed"), ("no", "Not assessed"), ("differs", "Differs from screening")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(assessment__isnull=False)
        if self.value() == "no":
            return queryset.filter(assessment__isnull=True)
        if self.value() == "differs":
            return queryset.filter(assessment__differs=True)
        return queryset


class DuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicates"
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("possible", "Possible duplicate"), ("same", "Marked same site")]

    def queryset(self, request, queryset):
        if self.value() == "possible":
            return queryset.filter(Exists(_pairs_of(FLAGGED)))
        if self.value() == "same":
            return queryset.filter(Exists(_pairs_of(Q(resolution=SiteMatch.Resolution.SAME))))
        return queryset


class JudgementAdminMixin(OfferPageMixin):
    """Views, URLs, the queue's "Flags" column and the offer page's context."""

    @admin.display(description="flags")
    def flags(self, offer):
        # Annotated in get_queryset: no query a row.
        flags = []
        if offer.possible_duplicate:
            flags.append("Possible duplicate")
        if offer.assessment_differs:
            flags.append("Assessed: differs")
        elif offer.assessment_differs is not None:
            flags.append("Assessed")
        if not flags:
            return "–"
        return format_html_join(mark_safe("<br>"), "{}", ((flag,) for flag in flags))

    def judgement_annotate(self, queryset):
        return queryset.annotate(
            possible_duplicate=Exists(_pairs_of(FLAGGED)),
            assessment_differs=Assessment.objects.filter(offer=OuterRef("pk")).values("differs")[
                :1
            ],
        )

    def judgement_urls(self):
        return [
            path(
                "<path:object_id>/assessment/",
                self.admin_site.admin_view(self.assessment_view),
                name="eoi_offer_assessment",
            ),
            path(
                "<path:object_id>/duplicates/",
                self.admin_site.admin_view(self.duplicates_view),
                name="eoi_offer_duplicates",
            ),
        ]

    def judgement_context(self, request, offer):
        try:  # joined to the offer by OfferAdmin.get_queryset
            assessment = offer.assessment
        except Assessment.DoesNotExist:
            assessment = None
        return {
            "assessment": offer_summary.assessment_summary(assessment),
            # possible_duplicate (judgement_annotate): flagged pairs exist.
            "site_matches": site_matches_of(offer=offer) if offer.possible_duplicate else [],
            "may_judge": self.has_triage_permission(request),
        }

    def _judgement_offer(self, request, object_id):
        if request.method not in ("GET", "HEAD", "POST"):
            raise _NotAllowed
        return self.triage_offer(request, object_id)

    def assessment_view(self, request, object_id):
        try:
            offer = self._judgement_offer(request, object_id)
        except _NotAllowed:
            return HttpResponseNotAllowed(["GET", "POST"])
        screening = offer.screenings.first()
        if screening is None:
            self.message_user(request, f"{offer.reference} has not been screened.", messages.ERROR)
            return redirect("admin:eoi_offer_change", offer.pk)
        summary = offer_summary.screening_summary(screening.result)
        # The summary's factors, in its order, with the keys the service takes.
        keys = result_from_dict(screening.result).factors
        summary["factors"] = [dict(f, key=key) for key, f in zip(keys, summary["factors"])]
        existing = Assessment.objects.filter(offer=offer).first()
        form = AssessmentForm(
            request.POST if request.method == "POST" else None,
            initial={**_initial_of(existing), "offer_version": offer.version},
            screening_summary=summary,
            screened_overall=screening.overall,
        )
        changes = None
        if request.method == "POST" and form.is_valid():
            try:
                offer_assess(offer=offer, actor=request.user, **form.service_arguments())
            except OfferChanged as changed:
                form.refuse_as_changed(seen=changed.seen, current=changed.current)
                changes = changes_since(changed.offer, changed.seen)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                self.message_user(
                    request, f"{offer.reference}: your assessment is recorded.", messages.SUCCESS
                )
                return redirect("admin:eoi_offer_change", offer.pk)
        return self.triage_page(
            request,
            offer,
            "admin/eoi/offer/assessment.html",
            form=form,
            screening=summary,
            title=f"Your assessment: {offer.reference}",
            offer_changed=form.changed_since is not None,
            offer_changes=changes,
        )

    def duplicates_view(self, request, object_id):
        try:
            offer = self._judgement_offer(request, object_id)
        except _NotAllowed:
            return HttpResponseNotAllowed(["GET", "POST"])
        matches = site_matches_of(offer=offer, flagged_only=False)
        form = SiteMatchForm(request.POST if request.method == "POST" else None, matches=matches)
        if request.method == "POST" and form.is_valid():
            for match, resolution in form.decisions():
                site_match_resolve(match=match, resolution=resolution, actor=request.user)
            self.message_user(
                request, f"{offer.reference}: possible duplicates recorded.", messages.SUCCESS
            )
            return redirect("admin:eoi_offer_change", offer.pk)
        return self.triage_page(
            request,
            offer,
            "admin/eoi/offer/duplicates.html",
            form=form,
            title=f"Possible duplicates: {offer.reference}",
        )


class _NotAllowed(Exception):
    pass


def _initial_of(assessment):
    if assessment is None:
        return {}
    initial = {"overall": assessment.overall, "overall_reason": assessment.overall_reason}
    for key, factor in assessment.factors.items():
        initial[f"{key}_agrees"] = "agree" if factor["agrees"] else "different"
        if not factor["agrees"]:
            initial[f"{key}_outcome"] = factor["outcome"]
            initial[f"{key}_reason"] = factor["reason"]
    return initial
