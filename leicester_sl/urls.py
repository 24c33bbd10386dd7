from django.contrib import admin
from django.urls import path

from strategy import views as strategy_views

from . import views

admin.site.site_header = "Leicester supported living: staff"
admin.site.site_title = "Leicester supported living staff"
admin.site.index_title = "Strategy data and offers"

urlpatterns = [
    path("", strategy_views.HomeView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
