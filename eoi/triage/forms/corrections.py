"""The staff form that corrects one answer: the question's own form field
(the provider's validation, one source) and the reason, which is required.
``eoi.triage.corrections.offer_answer_correct`` checks the offer (and that it
is still the version the page showed) and records."""

from django import forms

from ..corrections import REASON_LENGTH
from .versions import SeenVersionForm
from eoi.offers.document.questions import Question
from eoi.offers.forms.questions import form_field


class AnswerCorrectionForm(SeenVersionForm):
    reason = forms.CharField(
        label="Why are you correcting this answer?",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why you are correcting this answer.",
            "max_length": f"The reason must be {REASON_LENGTH:,} characters or fewer.",
        },
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        self.fields["value"] = form_field(question)
        self.fields["reason"] = reason
