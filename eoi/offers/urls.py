"""The provider's offer journey, under /offer/ (eoi.offers.views)."""

from django.urls import path

from .views import journey, resume, status

app_name = "eoi"

urlpatterns = [
    path("", journey.start, name="start"),
    path("tasks/", journey.task_list, name="tasks"),
    path("check-answers/", journey.check_answers, name="check-answers"),
    path("save/", resume.save_link, name="save"),
    path("save/sent/", resume.save_link_sent, name="save-sent"),
    path("resume/<str:token>/", resume.resume, name="resume"),
    path("sent/<str:token>/", status.sent, name="sent"),
    path("status/<str:token>/", status.status, name="status"),
    path(
        "attachments/<int:pk>/remove/",
        journey.attachment_remove,
        name="attachment-remove",
    ),
    # Last: any other segment is a step of eoi.offers.journey.STEPS. The task list
    # links every task with this name, so "check-answers" reverses to the same
    # path as the check-answers view above, which takes it.
    path("<slug:slug>/", journey.step_page, name="step"),
]
