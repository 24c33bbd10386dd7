from django.contrib import admin
from django.urls import include, path

from eoi.offers.views import check as check_views
from eoi.opportunities import views as opportunity_views
from eoi.progress import pages as progress_pages
from strategy import views as strategy_views

from leicester_sl import errors, views
from leicester_sl.documents.formatting import NOT_GIVEN
from leicester_sl.security import staff_sign_in as staff_security

admin.site.site_header = "Leicester supported living: staff"
admin.site.site_title = "Leicester supported living staff"
admin.site.index_title = "Strategy data and offers"
# An empty value in a list, and the filter option for it: words, not Django's "-".
admin.site.empty_value_display = NOT_GIVEN
# Lockout page, optional second factor at the admin login (staff_security.py).
staff_security.protect(admin.site)

urlpatterns = [
    path("", progress_pages.HomeView.as_view(), name="home"),
    path("what-the-city-needs/", progress_pages.CityNeedsView.as_view(), name="city_needs"),
    path(
        "what-the-city-needs/current-position.json",
        progress_pages.CurrentPositionJsonView.as_view(),
        name="current_position_json",
    ),
    path(
        "what-the-city-needs/current-position.csv",
        progress_pages.CurrentPositionCsvView.as_view(),
        name="current_position_csv",
    ),
    path(
        "what-the-city-needs/trajectory.csv",
        progress_pages.TrajectoryCsvView.as_view(),
        name="trajectory_csv",
    ),
    path(
        "what-the-city-needs/opportunities.json",
        opportunity_views.opportunities_json,
        name="opportunities_json",
    ),
    path(
        "what-the-city-needs/opportunities.csv",
        opportunity_views.opportunities_csv,
        name="opportunities_csv",
    ),
    path(
        "planned-and-delivered/",
        progress_pages.PlannedAndDeliveredView.as_view(),
        name="planned_and_delivered",
    ),
    path(
        "existing-provision/",
        strategy_views.ExistingProvisionView.as_view(),
        name="existing_provision",
    ),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("rates/", views.RatesView.as_view(), name="rates"),
    path("check/", check_views.check, name="check"),
    path("check/start/", check_views.check_start, name="check_start"),
    path("healthz", views.healthz, name="healthz"),
    path("offer/", include("eoi.offers.urls")),
    path("your-offers/", include("eoi.offers.urls_your_offers")),
    path("opportunities/", include("eoi.opportunities.urls")),
    path("alerts/", include("eoi.alerts.urls")),
    path("staff/", include("eoi.progress.urls")),
    # Before the admin's own URLs, whose catch-all would take the path.
    path("admin/two-factor/", include("leicester_sl.security.two_factor")),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
