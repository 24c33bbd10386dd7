"""The forms of alerts: what to hear about (with the address, to subscribe)."""

from __future__ import annotations

from django import forms

from leicester_sl.fields import EmailAddressField
from strategy.models import Ward
from strategy.vocabulary import ClientGroup

from eoi.models import Opportunity
from .services import Choices

ALL_HINT = "Choose none to hear about all of them."


class ChoicesForm(forms.Form):
    """What to hear about. Nothing chosen under a heading means all of it
    (``eoi.alerts.matching``)."""

    client_groups = forms.MultipleChoiceField(
        label="Which groups of people?",
        help_text=f"Opportunities for homes for these groups. {ALL_HINT}",
        choices=ClientGroup.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose groups from the list"},
    )
    wards = forms.MultipleChoiceField(
        label="Which wards?",
        help_text=f"Opportunities for homes in these wards of Leicester (and those where "
        f"anywhere in the city will do). {ALL_HINT}",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose wards from the list"},
    )
    routes = forms.MultipleChoiceField(
        label="Which kinds of opportunity?",
        help_text=f"How the council asks providers to respond. {ALL_HINT}",
        choices=Opportunity.Route.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose kinds of opportunity from the list"},
    )
    framework_reopening = forms.BooleanField(
        label="The care and support framework re-opening",
        help_text="Tick only this to hear only when the Supported Living care and support "
        "framework re-opens. With other choices, you will hear of those and of the framework "
        "re-opening.",
        required=False,
    )
    monthly_digest = forms.BooleanField(
        label="A monthly summary of what the city still needs",
        help_text="An email, at most once a month, when the homes still to find for the groups "
        "you chose (or for everyone, if you chose none) change.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"].choices = [
            (str(pk), name) for pk, name in Ward.objects.order_by("name").values_list("pk", "name")
        ]

    def choices(self) -> Choices:
        data = self.cleaned_data
        return Choices(
            client_groups=tuple(data["client_groups"]),
            ward_ids=tuple(int(pk) for pk in data["wards"]),
            routes=tuple(data["routes"]),
            framework_reopening=data["framework_reopening"],
            monthly_digest=data["monthly_digest"],
        )

    @staticmethod
    def initial_from(choices: Choices) -> dict:
        return {
            "client_groups": list(choices.client_groups),
            "wards": [str(pk) for pk in choices.ward_ids],
            "routes": list(choices.routes),
            "framework_reopening": choices.framework_reopening,
            "monthly_digest": choices.monthly_digest,
        }


class SubscribeForm(ChoicesForm):
    email = EmailAddressField(
        help_text="We will email you a link to confirm. Nothing is sent until you do.",
        required_message="Enter your email address",
    )

    field_order = ["email"]
