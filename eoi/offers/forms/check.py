"""The form of "Check before you offer": the check's questions on one page.

Each field is made from the offer's declared question (``eoi.offers.check``), as on
the offer's own steps; only the answers the offer document requires (what is
offered, who it is for) must be given. The rest may be left blank: the
check then says what it would need to know.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Layout
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from ..check_questions import CHECK_QUESTIONS, REQUIRED_PATHS
from eoi.offers.document.choices import Configuration
from eoi.offers.document.sections import BY_PATH
from .base import StepForm
from .layout import layout_for
from .questions import form_field

# The page's sections: a heading, then the questions whose path starts so.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What you are offering", ("offer_type",)),
    ("Who it is for", ("scheme.client_groups", "scheme.residents_have")),
    (
        "The homes",
        (
            "scheme.configuration",
            "scheme.units",
            "scheme.bedrooms",
            "scheme.shared",
            "scheme.communal",
            "scheme.staff",
            "scheme.development",
        ),
    ),
    ("Where it is", ("scheme.postcode", "scheme.ward")),
    ("Landlord and rent", ("finance.",)),
    ("Care and support", ("support.",)),
)


def _section_of(path: str) -> str:
    return next(title for title, starts in SECTIONS if path.startswith(starts))


class CheckForm(StepForm):
    """The check's questions. Its ``cleaned_data`` is keyed by question name."""

    questions = CHECK_QUESTIONS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Sent by GET (templates/eoi/check/form.html): crispy then leaves out
        # the CSRF token, which would otherwise go into the results' address,
        # and from there into logs and shared links. A GET needs none.
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            *self.layout_fields(),
            Button.primary("check", "Check this offer"),
        )

    def layout_fields(self) -> list:
        fields, current = [], None
        for question in self.questions:
            title = _section_of(question.path)
            if title != current:
                fields.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', title)))
                current = title
            fields.append(layout_for(question))
        return fields

    def clean(self):
        data = super().clean()
        bedrooms = BY_PATH["scheme.shared_house_bedrooms"].name
        if data.get("configuration") != Configuration.SHARED_HOUSE:
            # As on the offer's own step: only a shared house has shared bedrooms.
            data[bedrooms] = None
        if data.get("provider_on_framework") is False and data.get("framework_lots"):
            self.add_error(
                "framework_lots",
                ValidationError(
                    "You said the provider is not on the framework, so do not select any lots",
                    code="not_on_framework",
                ),
            )
        return data


for _question in CHECK_QUESTIONS:
    _field = form_field(_question)
    _field.required = _question.path in REQUIRED_PATHS
    CheckForm.base_fields[_question.name] = _field
