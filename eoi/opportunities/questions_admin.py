"""Questions about opportunities in the staff pages: commissioners answer
them and publish them; the placement team reads them. Who asked is shown
here only. Every change goes through ``eoi.opportunities.questions``."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.text import Truncator

from leicester_sl.security.history_admin import GuardedHistoryAdmin

from eoi.models import OpportunityQuestion
from eoi.models.opportunities import PUBLISH
from . import questions
from .admin import staff_name
from .forms import QuestionAnswerForm

PUBLISH_BUTTON = "_publish"
UNPUBLISH_BUTTON = "_unpublish"
FAILED = "_question_failed"


class AnsweredFilter(admin.SimpleListFilter):
    title = "answered"
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("no", "Not answered"), ("yes", "Answered")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(answered_at__isnull=self.value() == "no")
        return queryset


class PublishedFilter(admin.SimpleListFilter):
    title = "published"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("no", "Not published"), ("yes", "Published")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(published_at__isnull=self.value() == "no")
        return queryset


@admin.register(OpportunityQuestion)
class OpportunityQuestionAdmin(GuardedHistoryAdmin):
    form = QuestionAnswerForm
    list_display = ["short_question", "opportunity", "asked_at", "answered", "published"]
    list_filter = [AnsweredFilter, PublishedFilter, "opportunity"]
    list_select_related = ["opportunity"]
    search_fields = ["question", "answer", "published_question", "opportunity__title"]
    date_hierarchy = "asked_at"
    readonly_fields = [
        "opportunity",
        "asked_by",
        "asked_at",
        "question",
        "answered_at",
        "answered_by_name",
        "published_at",
        "published_by_name",
    ]
    fieldsets = [
        ("Asked", {"fields": ["opportunity", "asked_by", "asked_at", "question"]}),
        (
            "Answer",
            {
                "fields": ["answer", "answered_at", "answered_by_name"],
                "description": "Saving the first answer emails it to the person who asked. Later "
                "changes are not emailed: if the first answer was wrong, email them from the team "
                "inbox.",
            },
        ),
        (
            "On the opportunity's page",
            {
                "fields": ["published_question", "published_at", "published_by_name"],
                "description": "The words start as the provider wrote them. Before you publish, "
                "take out anything that could show who asked: a name, an organisation, an email "
                "address, a phone number, or a scheme only they could have. “Save and publish on "
                "the opportunity's page” shows the question and answer there and in the open "
                "data, and emails them to everyone with matching email alerts. Taking it off the "
                "page later does not recall those emails.",
            },
        ),
    ]
    # Answers and publishing go through the services: no going back to an
    # old version from the history.
    history_revert_allowed = False

    @admin.display(description="question")
    def short_question(self, question):
        return Truncator(question.question).chars(80)

    @admin.display(description="asked by")
    def asked_by(self, question):
        return question.email or "Removed under the retention policy"

    @admin.display(description="answered by")
    def answered_by_name(self, question):
        return staff_name(question.answered_by)

    @admin.display(description="published by")
    def published_by_name(self, question):
        return staff_name(question.published_by)

    @admin.display(boolean=True)
    def answered(self, question):
        return question.is_answered

    @admin.display(boolean=True)
    def published(self, question):
        return question.is_published

    def has_add_permission(self, request):
        return False  # providers ask, on the opportunity's page

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm(PUBLISH)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [*self.readonly_fields, "answer", "published_question"]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        publishing = request.method == "POST" and PUBLISH_BUTTON in request.POST
        return type(form.__name__, (form,), {"publishing": publishing})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["question_published"] = obj is not None and obj.is_published
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Through the services, which lock the row and record who and when.
        A rule they refuse (someone else published it meanwhile) is said as
        an error, and the page shown again."""
        try:
            self._save(request, obj, form)
        except ValidationError as error:
            setattr(request, FAILED, True)
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        obj.refresh_from_db()

    def _save(self, request, obj, form):
        actor, data = request.user, form.cleaned_data
        stored = OpportunityQuestion.objects.get(pk=obj.pk)
        if UNPUBLISH_BUTTON in request.POST:
            questions.question_unpublish(question=stored, actor=actor)
            self.message_user(request, "Taken off the opportunity's page.", messages.SUCCESS)
            return
        answer = data.get("answer")
        if "answer" in form.fields and answer and answer != stored.answer:
            questions.question_answer(question=stored, answer=answer, actor=actor)
            if stored.is_answered:
                said = "The answer is saved. It was not emailed again."
            elif not stored.email:
                said = (
                    "The answer is saved. It was not emailed: the address of the person who "
                    "asked was removed under the retention policy."
                )
            else:
                said = "The answer is saved and emailed to the person who asked."
            self.message_user(request, said, messages.SUCCESS)
        words = data.get("published_question")
        if PUBLISH_BUTTON in request.POST:
            questions.question_publish(question=stored, published_question=words, actor=actor)
            self.message_user(request, "Published on the opportunity's page.", messages.SUCCESS)
        elif "published_question" in form.fields and words != stored.published_question:
            questions.question_wording_save(question=stored, published_question=words, actor=actor)

    def response_change(self, request, obj):
        if getattr(request, FAILED, False) or UNPUBLISH_BUTTON in request.POST:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
