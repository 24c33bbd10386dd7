"""The public pages of opportunities, under /opportunities/ (``eoi.opportunities.views``)."""

from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("", views.OpportunityListView.as_view(), name="list"),
    path("<slug:slug>/", views.OpportunityDetailView.as_view(), name="detail"),
    path("<slug:slug>/offer/", views.offer_start, name="offer"),
    path("<slug:slug>/questions/", views.question_ask, name="ask"),
    path(
        "<slug:slug>/documents/<int:pk>/",
        views.document_download,
        name="document",
    ),
]
