"""About you: the organisation and the contact (and where to send a draft link)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.exceptions import ValidationError

from ..offer_document import OrganisationType
from .base import StepForm
from .fields import (
    YesNoField,
    email_clean,
    email_field,
    optional_text,
    pick,
    text_input,
)
from .layout import radios, text


class OrganisationForm(StepForm):
    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        widget=text_input(autocomplete="organization"),
        error_messages={
            "required": "Enter the name of your organisation",
            "max_length": "Organisation name must be 200 characters or fewer",
        },
    )
    type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices(),
        widget=forms.RadioSelect,
        error_messages=pick("Select the type of organisation"),
    )
    registered_provider_number = optional_text(
        "Registered provider number (optional)",
        noun="Registered provider number",
        help_text="Your registration number with the Regulator of Social Housing.",
    )
    companies_house_number = optional_text(
        "Companies House number (optional)", noun="Companies House number"
    )
    charity_number = optional_text("Charity number (optional)", noun="Charity number")
    cqc_registered = YesNoField(
        label="Is your organisation registered with the Care Quality Commission (CQC)?",
        required_message="Select yes if your organisation is registered with the CQC",
    )
    summary_labels = {
        "registered_provider_number": "Registered provider number",
        "companies_house_number": "Companies House number",
        "charity_number": "Charity number",
        "cqc_registered": "Registered with the CQC",
    }

    def layout_fields(self):
        return [
            text("name"),
            radios("type"),
            text("registered_provider_number", width=10),
            text("companies_house_number", width=10),
            text("charity_number", width=10),
            radios("cqc_registered", inline=True),
        ]


class ContactForm(StepForm):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=text_input(autocomplete="name", spellcheck="false"),
        error_messages={
            "required": "Enter the full name of the person we should contact",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    email = email_field(
        help_text="We will only use this to contact you about this offer."
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        help_text="For international numbers include the country code.",
        widget=text_input(autocomplete="tel", input_type="tel"),
        error_messages={"max_length": "Phone number must be 40 characters or fewer"},
    )
    role = optional_text(
        "Job title or role (optional)",
        noun="Job title or role",
        max_length=200,
        widget=text_input(autocomplete="organization-title"),
    )

    summary_labels = {"phone": "Phone number", "role": "Job title or role"}

    def layout_fields(self):
        return [text("name"), text("email"), text("phone", width=20), text("role")]

    def clean_email(self):
        return email_clean(self.cleaned_data["email"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        allowed = set("0123456789+()- ")
        digits = sum(character.isdigit() for character in phone)
        if phone and (not set(phone) <= allowed or not 10 <= digits <= 15):
            raise ValidationError(
                "Enter a telephone number, like 0116 454 1004 or +44 116 454 1004",
                code="invalid",
            )
        return phone

    def apply_to(self, draft, slug):
        super().apply_to(draft, slug)
        draft.contact_email = self.cleaned_data["email"]


class SaveLinkForm(forms.Form):
    """The email address to send the link to a saved draft to."""

    email = email_field(
        help_text=(
            "We will send the link to this address. Anyone with the link can "
            "see and change your answers."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            text("email"),
            Button.primary("send", "Send the link"),
        )

    def clean_email(self):
        return email_clean(self.cleaned_data["email"])
