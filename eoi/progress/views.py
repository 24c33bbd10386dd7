"""Staff: progress against the strategy (the dashboard, its CSV and the
scrutiny report), under /staff/ (``eoi.progress.urls``)."""

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

from strategy.models import ForecastVersion

from . import exports
from .judgement import judgement_counts
from .report import Report, progress_report


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

    def get_report(self) -> Report:
        """The report for ``?version=<slug>`` (default: the current version)."""
        slug = self.request.GET.get("version")
        version = get_object_or_404(ForecastVersion, slug=slug) if slug else None
        return progress_report(version=version)


class DashboardView(StaffDashboardMixin, TemplateView):
    """Progress against the strategy, with charts and their tables."""

    template_name = "strategy/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.get_report(), judgement=judgement_counts(), **kwargs
        )


class DashboardCsvView(StaffDashboardMixin, View):
    """The dashboard's tables as one CSV file (``exports.report_rows``)."""

    def get(self, request):
        return exports.report_csv_response(self.get_report())


class DashboardXlsxView(StaffDashboardMixin, View):
    """The dashboard's tables as one Excel sheet, the same rows as the CSV."""

    def get(self, request):
        return exports.report_xlsx_response(self.get_report())


class DashboardPdfView(StaffDashboardMixin, View):
    """The dated scrutiny report (``exports.render_report_pdf``)."""

    def get(self, request):
        report = self.get_report()
        response = HttpResponse(exports.render_report_pdf(report), content_type="application/pdf")
        name = f"progress-report-{report.version.slug}-{report.as_of:%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
