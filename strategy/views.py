"""Public pages of the strategy's own data (nothing here reads offers)."""

from django.views.generic import TemplateView

from . import selectors


class ExistingProvisionView(TemplateView):
    """What is already provided: the Appendix A register and the stated supply."""

    template_name = "strategy/existing_provision.html"

    def get_context_data(self, **kwargs):
        version = selectors.forecast_version_current()
        provision = selectors.existing_provision_list()
        return super().get_context_data(
            version=version,
            provision=provision,
            existing_schemes=sum(row.schemes for row in provision),
            existing_units=sum(row.units for row in provision),
            figures=list(version.figures.order_by("order")),
            **kwargs,
        )
