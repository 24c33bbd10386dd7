"""Your offers, under /your-offers/ (eoi.offers.views.your_offers)."""

from django.urls import path

from .views import milestones
from .views import your_offers as views

app_name = "your_offers"

urlpatterns = [
    path("", views.start, name="start"),
    path("check-your-email/", views.check_email, name="check-email"),
    path("sign-in/<str:secret>/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("drafts/<uuid:draft_id>/continue/", views.draft_continue, name="draft-continue"),
    path("<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:reference>/change/", views.change, name="change"),
    path("<str:reference>/tell-us-about-a-change/", views.tell_us, name="tell-us"),
    path("<str:reference>/another-site/", views.another_site, name="another-site"),
    path("<str:reference>/milestones/", milestones.milestone_list_view, name="milestones"),
    path(
        "<str:reference>/milestones/<str:kind>/<str:action>/",
        milestones.milestone_change,
        name="milestone-change",
    ),
]
