from django.contrib import admin
from django.urls import include, path

from strategy import views as strategy_views

from . import errors, staff_security, views

admin.site.site_header = "Leicester supported living: staff"
admin.site.site_title = "Leicester supported living staff"
admin.site.index_title = "Strategy data and offers"
# Lockout page, optional second factor at the admin login (staff_security.py).
staff_security.protect(admin.site)

urlpatterns = [
    path("", strategy_views.HomeView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("rates/", views.RatesView.as_view(), name="rates"),
    path("healthz", views.healthz, name="healthz"),
    path("offer/", include("eoi.urls")),
    path("your-offers/", include("eoi.urls_your_offers")),
    path("staff/", include("strategy.urls")),
    # Before the admin's own URLs, whose catch-all would take the path.
    path("admin/two-factor/", include("leicester_sl.two_factor")),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
