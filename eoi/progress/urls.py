"""Staff pages of progress against the strategy, under /staff/ (leicester_sl/urls.py).

The namespace stays ``strategy`` so that ``strategy:dashboard`` and its
exports keep their names."""

from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard.csv", views.DashboardCsvView.as_view(), name="dashboard_csv"),
    path("dashboard.xlsx", views.DashboardXlsxView.as_view(), name="dashboard_xlsx"),
    path("dashboard/report.pdf", views.DashboardPdfView.as_view(), name="dashboard_pdf"),
]
