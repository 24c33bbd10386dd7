"""Plans and notes: upload a site plan or floor plans, and say anything else."""

from crispy_forms_gds.layout import HTML, Button, Div, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from .. import uploads
from eoi.models import Attachment
from eoi.offers.document.sections import BY_PATH
from eoi.offers.document.wording import answer_lines
from .base import StepForm
from .fields import pick
from .layout import radios
from .questions import form_field

NOTES = BY_PATH["notes"]


class AttachmentsForm(StepForm):
    """Upload a plan (one at a time) and add notes.

    The "Upload file" button (``upload`` in the POST) uploads and comes back
    to the page; Continue uploads a chosen file too, then moves on.
    """

    kind = forms.ChoiceField(
        label="What is the file?",
        required=False,
        choices=Attachment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=pick("Select what the file is"),
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text=(
            "A PDF, PNG or JPEG, smaller than 10 MB. An offer can have up to "
            f"{uploads.MAX_FILES_PER_OFFER} files."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
    notes = form_field(NOTES)

    def layout_fields(self):
        return [
            HTML('<h2 class="govuk-heading-m">Add a file</h2>'),
            radios("kind"),
            Field("file", context={"label_size": Size.for_label(Size.SMALL)}),
            Div(Button.secondary("upload", "Upload file")),
            Field.textarea("notes", label_size=Size.MEDIUM, rows=NOTES.rows),
        ]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            if "upload" in self.data and not self.has_error("file"):
                self.add_error("file", ValidationError("Select a file to upload", code="required"))
            return data
        if not data.get("kind") and not self.has_error("kind"):
            self.add_error("kind", ValidationError("Select what the file is", code="required"))
        try:
            self.content_type = uploads.upload_check(
                upload, held=uploads.files_held(draft=self.draft)
            )
        except ValidationError as error:
            self.add_error("file", error)
        return data

    @classmethod
    def answer_names(cls):
        return ("notes",)

    @classmethod
    def summary_rows(cls, stored, *, draft=None, **kwargs):
        files = [
            f"{attachment.get_kind_display()}: {attachment.original_name}"
            for attachment in (draft.attachments.all() if draft else [])
        ]
        return [
            ("file", "Files", files or ["None uploaded"]),
            ("notes", NOTES.short_label, answer_lines(NOTES, stored.get("notes"))),
        ]

    def apply_to(self, draft, slug):
        super().apply_to(draft, slug)
        upload = self.cleaned_data.get("file")
        if upload is not None:
            uploads.attachment_store(
                draft=draft,
                upload=upload,
                kind=self.cleaned_data["kind"],
                content_type=self.content_type,
            )
