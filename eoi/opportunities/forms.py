"""The staff's forms for opportunities: the opportunity itself, and its
documents, checked as providers' uploads are (``eoi.offers.uploads``)."""

from django import forms
from django.core.exceptions import ValidationError

from eoi.models import Opportunity, OpportunityDocument
from eoi.offers.uploads import FilesHeld, upload_check


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
            "portal_name",
            "portal_url",
            "portal_reference",
            "opens_on",
            "questions_close_on",
            "responses_close_on",
        ]
        formfield_callback = _formfield

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
