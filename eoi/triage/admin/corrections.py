""" "Correct an answer": staff with the triage permission change one of the
provider's answers, with a reason (``eoi.triage.corrections``). Mixed into
``eoi.triage.admin.offers.OfferAdmin``; the views only wire the form to the service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path

from ..corrections import correctable_question, offer_answer_correct
from ..versions import changes_since
from ..forms.corrections import AnswerCorrectionForm
from eoi.models import OfferChanged
from eoi.offers.document.sections import QUESTIONS
from ..statuses import is_terminal
from .offer_pages import OfferPageMixin


class CorrectionsAdminMixin(OfferPageMixin):
    def corrections_urls(self):
        return [
            path(
                "<path:object_id>/correct/",
                self.admin_site.admin_view(self.corrections_index_view),
                name="eoi_offer_corrections",
            ),
            path(
                "<path:object_id>/correct/<str:question_path>/",
                self.admin_site.admin_view(self.correct_answer_view),
                name="eoi_offer_correct",
            ),
        ]

    def corrections_context(self, request, offer):
        # has_answercorrection: read with the offer (OfferAdmin.get_object).
        corrections = offer.corrections.select_related("corrected_by")
        return {
            "corrections": corrections if getattr(offer, "has_answercorrection", True) else [],
            "may_correct": self.has_triage_permission(request) and not is_terminal(offer.status),
        }

    def corrections_index_view(self, request, object_id):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        offer = self.triage_offer(request, object_id)
        return self.triage_page(
            request,
            offer,
            "admin/eoi/offer/corrections.html",
            questions=QUESTIONS,
            decided=is_terminal(offer.status),
            title=f"Correct an answer: {offer.reference}",
        )

    def correct_answer_view(self, request, object_id, question_path):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        offer = self.triage_offer(request, object_id)
        question = correctable_question(question_path)
        if question is None:
            raise Http404("No such question")
        if is_terminal(offer.status):
            self.message_user(
                request,
                f"{offer.reference} is decided: its answers are kept as they were.",
                messages.ERROR,
            )
            return redirect("admin:eoi_offer_change", offer.pk)
        form = AnswerCorrectionForm(
            request.POST if request.method == "POST" else None,
            initial={"value": getattr(offer, question.column), "offer_version": offer.version},
            question=question,
        )
        changes = None
        if request.method == "POST" and form.is_valid():
            try:
                offer_answer_correct(
                    offer=offer,
                    path=question.path,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    seen_version=form.seen_version(),
                )
            except OfferChanged as changed:
                form.refuse_as_changed(seen=changed.seen, current=changed.current)
                offer, changes = changed.offer, changes_since(changed.offer, changed.seen)
            except ValidationError as error:
                _service_errors_add(form, error)
            else:
                self.message_user(
                    request,
                    f"{offer.reference}: “{question.report_label}” corrected.",
                    messages.SUCCESS,
                )
                return redirect("admin:eoi_offer_change", offer.pk)
        return self.triage_page(
            request,
            offer,
            "admin/eoi/offer/correct_answer.html",
            form=form,
            question=question,
            title=f"Correct an answer: {question.report_label}",
            offer_changed=form.changed_since is not None,
            offer_changes=changes,
        )


def _service_errors_add(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_of_field in error.message_dict.items():
        for message in messages_of_field:
            form.add_error(field if field in form.fields else None, message)
