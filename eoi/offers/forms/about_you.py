"""About you: the organisation and the contact (and where to send a draft link)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms

from leicester_sl.fields import EmailAddressField

from .layout import text
from .questions import questions_form


class OrganisationForm(questions_form("organisation")):
    pass


class ContactForm(questions_form("contact")):
    def apply_to(self, draft, slug):
        super().apply_to(draft, slug)
        draft.contact_email = self.cleaned_data["email"]


class SaveLinkForm(forms.Form):
    """The email address to send the link to a saved draft to."""

    email = EmailAddressField(
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
