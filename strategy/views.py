from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from . import dashboard, reports, selectors
from .models import ForecastVersion


def _chart_rows(items, *, label, value, maximum):
    """Bar-chart rows with the percentage worked out here, not in the template."""
    return [
        {
            "label": label(item),
            "value": value(item),
            "max": maximum,
            "percent": round(100 * value(item) / maximum) if maximum else 0,
        }
        for item in items
    ]


class HomeView(TemplateView):
    """What the city needs now, and how to make an offer."""

    template_name = "strategy/home.html"

    def get_context_data(self, **kwargs):
        version = selectors.forecast_version_current()
        groups = selectors.demand_group_list(version=version)
        lines = [line for group in groups for line in group.lines]
        phases = selectors.phase_list(version=version)
        largest_line = max((line.net_units for line in lines), default=0)
        return super().get_context_data(
            version=version,
            summary=selectors.strategy_summary(version=version),
            groups=groups,
            phases=phases,
            provision=selectors.existing_provision_list(),
            unmet_chart=_chart_rows(
                lines,
                label=lambda line: line.cohort,
                value=lambda line: line.unmet_units,
                maximum=largest_line,
            ),
            phase_chart=_chart_rows(
                phases,
                label=lambda phase: f"Phase {phase.number} ({phase.period})",
                value=lambda phase: phase.units,
                maximum=max((phase.units for phase in phases), default=0),
            ),
            **kwargs,
        )


# --------------------------------------------------------------------------
# Staff: progress against the strategy
# --------------------------------------------------------------------------


class StaffDashboardMixin:
    """Staff who may read the strategy's data, signed in through the admin.

    The admin site's own check is reused, so the dashboard asks exactly what
    the admin asks (an active staff account and, for staff who turned it on,
    the second factor); then the ``strategy.view_demandline`` permission.
    """

    permission = "strategy.view_demandline"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if not admin.site.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_report(self) -> dashboard.Report:
        """The report for ``?version=<slug>`` (default: the current version)."""
        slug = self.request.GET.get("version")
        version = get_object_or_404(ForecastVersion, slug=slug) if slug else None
        return dashboard.progress_report(version=version)


class DashboardView(StaffDashboardMixin, TemplateView):
    """Progress against the strategy, with charts and their tables."""

    template_name = "strategy/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.get_report(), **kwargs)


class DashboardCsvView(StaffDashboardMixin, View):
    """The dashboard's tables as one CSV file (``reports.report_csv``)."""

    def get(self, request):
        report = self.get_report()
        response = HttpResponse(
            reports.report_csv(report), content_type="text/csv; charset=utf-8"
        )
        name = f"progress-{report.version.slug}-{report.as_of:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class DashboardPdfView(StaffDashboardMixin, View):
    """The dated scrutiny report (``reports.render_report_pdf``)."""

    def get(self, request):
        report = self.get_report()
        response = HttpResponse(
            reports.render_report_pdf(report), content_type="application/pdf"
        )
        name = f"progress-report-{report.version.slug}-{report.as_of:%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
