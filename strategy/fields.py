"""A list of choice codes stored as JSON, edited as checkboxes.

Used for the client groups and configurations a demand line accepts: a JSON
list works the same on SQLite and PostgreSQL, and the form field keeps admin
editing to the fixed vocabulary of the offer document.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ChoiceListField(models.JSONField):
    def __init__(self, *args, choice_list=None, **kwargs):
        self.choice_list = choice_list
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choice_list"] = self.choice_list
        return name, path, args, kwargs

    def choice_options(self):
        return list(self.choice_list()) if callable(self.choice_list) else self.choice_list

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {code for code, _label in self.choice_options()}
        unknown = [v for v in value or [] if v not in allowed]
        if unknown:
            raise ValidationError(
                "Unknown value(s): %(unknown)s",
                code="invalid_choice",
                params={"unknown": ", ".join(map(str, unknown))},
            )

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choice_options(),
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )
