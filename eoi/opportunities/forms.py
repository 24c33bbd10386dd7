"""The forms for opportunities: the staff's for the opportunity itself, and
its documents, checked as providers' uploads are (``eoi.offers.uploads``);
a provider's question; the staff's answer to it."""

from django import forms
from django.core.exceptions import ValidationError

from leicester_sl.fields import EmailAddressField
from strategy.models import DemandLine
from strategy.selectors import forecast_version_current

from eoi.models import Opportunity, OpportunityDocument, OpportunityQuestion
from eoi.offers.uploads import FilesHeld, upload_check
from eoi.offers.validators import line_breaks_normalise, multi_line_validator

QUESTION_MAX = OpportunityQuestion._meta.get_field("question").max_length


def _formfield(field, **kwargs):
    # Links are to https:// pages unless typed otherwise (Django 6's default).
    if field.name == "portal_url":
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "demand_lines",
            "units",
            "anywhere_in_city",
            "wards",
            "route",
            "reopens_framework",
            "portal_name",
            "portal_url",
            "portal_reference",
            "opens_on",
            "questions_close_on",
            "responses_close_on",
        ]
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lines of the forecast in force (the 2021 plan's have the same
        # names), and any the opportunity already names; each by the
        # strategy's words and the providers'. (Not there when read only.)
        field = self.fields.get("demand_lines")
        if field is None:
            return
        chosen = self.instance.demand_lines.all() if self.instance.pk else DemandLine.objects.none()
        current = DemandLine.objects.filter(group__version=forecast_version_current())
        field.queryset = (current | chosen).distinct().order_by("group__order", "order", "pk")
        field.label_from_instance = lambda line: (
            f"{line.cohort} (for providers: {line.name_for_providers})"
        )

    def clean(self):
        data = super().clean()
        wards, anywhere = data.get("wards"), data.get("anywhere_in_city")
        if anywhere and wards:
            self.add_error(
                "wards", ValidationError("Choose wards or “anywhere in the city”, not both.")
            )
        return data


class OpportunityDocumentForm(forms.ModelForm):
    class Meta:
        model = OpportunityDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        # One at a time: the inline's max_num keeps the number of documents down.
        content_type = upload_check(upload, held=FilesHeld(count=0, removable=0, sent=False))
        self.instance.original_name = (upload.name or "document").rsplit("/", 1)[-1][:255]
        self.instance.content_type = content_type
        self.instance.size = upload.size
        return upload


class QuestionForm(forms.Form):
    """A provider's question about an opportunity (the public page)."""

    email = EmailAddressField(
        label="Your email address",
        help_text="We will email our answer to this address.",
        required_message="Enter your email address",
    )
    question = forms.CharField(
        label="Your question",
        max_length=QUESTION_MAX,
        help_text=f"Up to {QUESTION_MAX:,} characters. Do not tell us about the people who "
        "may live in the homes.",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[multi_line_validator("Your question")],
        error_messages={
            "required": "Enter your question",
            "max_length": f"Your question must be {QUESTION_MAX:,} characters or fewer",
        },
    )

    def clean_question(self):
        return line_breaks_normalise(self.cleaned_data["question"]).strip()


class QuestionAnswerForm(forms.ModelForm):
    """The staff's answer, and the question as it will be published. Which
    button was pressed (``publishing``) decides what is required; the
    services (``eoi.opportunities.questions``) check the rules again."""

    publishing = False

    class Meta:
        model = OpportunityQuestion
        fields = ["answer", "published_question"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 8}),
            "published_question": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("answer", "The answer"), ("published_question", "The question")):
            if name in self.fields:
                self.fields[name].validators.append(multi_line_validator(label))
        field = self.fields.get("published_question")
        if field is not None and not self.instance.published_question:
            # Start from the provider's words, for staff to take out who asked.
            # (The instance's own empty wording is in ``initial`` already.)
            self.initial["published_question"] = self.instance.question

    def clean(self):
        data = super().clean()
        for name in ("answer", "published_question"):
            if isinstance(data.get(name), str):
                data[name] = line_breaks_normalise(data[name]).strip()
        if self.publishing:
            if "answer" in self.fields and not data.get("answer"):
                self.add_error("answer", "Enter the answer before publishing the question")
            if "published_question" in self.fields and not data.get("published_question"):
                self.add_error(
                    "published_question",
                    "Enter the question as it will be published, without who asked",
                )
        return data
