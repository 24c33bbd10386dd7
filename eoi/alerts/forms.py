"""The forms of alerts: what to hear about (with the address, to subscribe)."""

from __future__ import annotations

from django import forms

from leicester_sl.fields import EmailAddressField
from strategy.models import Ward
from strategy.vocabulary import ClientGroup

from eoi.models import Opportunity
from .services import Choices

SELECT_ALL = "Select all that apply."
NONE_MEANS_ALL = "If you do not select any, we will email you about all of them."
ALL_HINT = f"{SELECT_ALL} {NONE_MEANS_ALL}"


class ChoicesForm(forms.Form):
    """What to hear about. Nothing selected under a heading means all of it
    (``eoi.alerts.matching``); the framework box works differently (its hint)."""

    client_groups = forms.MultipleChoiceField(
        label="Which groups of people?",
        help_text=ALL_HINT,
        choices=ClientGroup.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select groups from the list"},
    )
    wards = forms.MultipleChoiceField(
        label="Which wards?",
        help_text=f"{SELECT_ALL} We will also email you about opportunities where the homes can "
        f"be anywhere in Leicester. {NONE_MEANS_ALL}",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select wards from the list"},
    )
    routes = forms.MultipleChoiceField(
        label="Which kinds of opportunity?",
        help_text=f"How the council asks providers to respond. {ALL_HINT}",
        choices=Opportunity.Route.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select kinds of opportunity from the list"},
    )
    framework_reopening = forms.BooleanField(
        label="When the Supported Living care and support framework re-opens",
        help_text="If you select only this, we will email you only when the framework re-opens. "
        "If you also select groups, wards or kinds of opportunity, we will email you about those "
        "as well.",
        required=False,
    )
    monthly_digest = forms.BooleanField(
        label="A monthly summary of what the city still needs",
        help_text="We will email you at most once a month, only when the number of homes still "
        "to find changes for the groups you selected (or for any group, if you did not select "
        "any).",
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
