"""The provider's answer to a request for information, on their status page."""

from django import forms
from django.core.exceptions import ValidationError

from .. import uploads


class InformationAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your answer",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )
    file = forms.FileField(
        label="Upload a file (optional)",
        required=False,
        help_text=(
            "A PDF, PNG or JPEG, smaller than 10 MB. An offer can have up to "
            f"{uploads.MAX_FILES_PER_OFFER} files."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )

    def __init__(self, *args, offer, **kwargs):
        self.offer = offer
        self.content_type = None
        super().__init__(*args, **kwargs)

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise ValidationError("Enter your answer", code="required")
        return answer

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.content_type = uploads.upload_check(
                upload, held=uploads.files_held(offer=self.offer)
            )
        return upload
