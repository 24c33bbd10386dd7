"""What the offer's own staff pages share (corrections, assessment, duplicate
sites): the offer read for someone who may triage it, and the page drawn
inside the admin's frame."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse


class OfferPageMixin:
    """For a ModelAdmin of offers with ``has_triage_permission``."""

    def triage_offer(self, request, object_id):
        """The offer, if the signed-in user may see and triage it."""
        offer = self.get_object(request, object_id)
        if offer is None:
            raise Http404("No such offer")
        if not self.has_view_permission(request, offer) or not self.has_triage_permission(request):
            raise PermissionDenied
        return offer

    def triage_page(self, request, offer, template, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "offer": offer,
                **context,
            },
        )
