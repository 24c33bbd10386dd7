"""The provider's offer journey, under /offer/ (see eoi.views)."""

from django.urls import path

from . import views

app_name = "eoi"

urlpatterns = [
    path("", views.start, name="start"),
    path("tasks/", views.task_list, name="tasks"),
    path("check-answers/", views.check_answers, name="check-answers"),
    path("save/", views.save_link, name="save"),
    path("save/sent/", views.save_link_sent, name="save-sent"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("sent/<str:token>/", views.sent, name="sent"),
    path("status/<str:token>/", views.status, name="status"),
    path(
        "attachments/<int:pk>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
    # Last: any other segment is a step of eoi.journey.STEPS. The task list
    # links every task with this name, so "check-answers" reverses to the same
    # path as the check-answers view above, which takes it.
    path("<slug:slug>/", views.step_page, name="step"),
]
