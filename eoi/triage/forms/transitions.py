"""Staff forms for triage: one per transition, plus reassignment.

Each form's ``run`` calls the triage service; ``run_bulk`` does the same for a
queryset and returns (done, refusal messages).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from strategy import selectors as strategy_selectors

from eoi.triage import services as triage
from eoi.progress import position as progress_position
from ..statuses import NotProgressedReason
from eoi.offers.validators import one_line_validator


class _BulkMixin:
    def run_bulk(self, *, queryset, actor):
        done, refused = 0, []
        for offer in queryset:
            try:
                self.run(offer=offer, actor=actor)
                done += 1
            except (triage.TransitionRefused, PermissionDenied) as error:
                refused.append(str(error))
        return done, refused


class NoteForm(_BulkMixin, forms.Form):
    reason = forms.CharField(
        label="Note for the record (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    transition = ""

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)

    def run(self, *, offer, actor):
        triage.offer_transition(
            offer=offer, name=self.transition, actor=actor, reason=self.cleaned_data["reason"]
        )


def note_form_for(name):
    return type(f"{name.title().replace('_', '')}Form", (NoteForm,), {"transition": name})


class RequestInformationForm(NoteForm):
    reason = None
    question = forms.CharField(
        label="Question for the provider",
        help_text="The provider reads this on their status page and answers there.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def run(self, *, offer, actor):
        triage.information_request(offer=offer, question=self.cleaned_data["question"], actor=actor)


class ArrangeMeetingForm(NoteForm):
    """When and where: the provider's email and status page say them."""

    field_order = ["on", "at", "place", "reason"]

    on = forms.DateField(
        label="Date",
        help_text="For example, 27/3/2027.",
        input_formats=["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    at = forms.TimeField(
        label="Time",
        help_text="On the 24-hour clock, for example 10:30 or 14:00.",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M"),
    )
    place = forms.CharField(
        label="Place",
        help_text="An address, or “Microsoft Teams” with how to join.",
        max_length=200,
        validators=[one_line_validator("The place")],
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on <= timezone.localdate():
            raise forms.ValidationError("The meeting’s date must be in the future.")
        return on

    def clean_place(self):
        place = self.cleaned_data["place"].strip()
        if not place:
            raise forms.ValidationError("Enter the place.")
        return place

    def run(self, *, offer, actor):
        triage.meeting_arrange(
            offer=offer,
            actor=actor,
            on=self.cleaned_data["on"],
            at=self.cleaned_data["at"],
            place=self.cleaned_data["place"],
            reason=self.cleaned_data["reason"],
        )


class NotProgressForm(NoteForm):
    reason_code = forms.ChoiceField(
        label="Reason", choices=NotProgressedReason.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Explain the decision",
        help_text="The provider is told the reason with the screening's own words.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def run(self, *, offer, actor):
        triage.offer_not_progress(
            offer=offer,
            actor=actor,
            reason_code=self.cleaned_data["reason_code"],
            reason=self.cleaned_data["reason"],
        )


class AcceptForm(NoteForm):
    """Units per demand line; the lines the screening matched come first, prefilled."""

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        version = strategy_selectors.forecast_version_current()
        screening = offer.screenings.first() if offer else None
        matched = {
            item["cohort"]: item["unmet_units"]
            for item in (screening.result.get("matched_demand", []) if screening else [])
        }
        remaining = offer.scheme_units or 0 if offer else 0
        lines = sorted(
            progress_position.demand_line_list(version=version),
            key=lambda line: line.cohort not in matched,
        )
        self.line_fields = []
        for line in lines:
            suggested = min(remaining, line.unmet_units) if line.cohort in matched else 0
            remaining -= suggested
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(
                # The strategy's words, then the providers' (what the offer's
                # screening and emails called it), then what is still to find.
                label=f"{line.cohort} (for providers: {line.name_for_providers}; "
                f"{line.unmet_units} still to find)"
                + (" – matched by screening" if line.cohort in matched else ""),
                min_value=0,
                max_value=500,
                initial=suggested,
                required=False,
            )
            self.line_fields.append((name, line))
        self.order_fields([name for name, _line in self.line_fields] + ["reason"])

    def allocations(self):
        return [(line, self.cleaned_data.get(name) or 0) for name, line in self.line_fields]

    def run(self, *, offer, actor):
        triage.offer_accept(
            offer=offer,
            actor=actor,
            allocations=self.allocations(),
            reason=self.cleaned_data["reason"],
        )


class AssignForm(_BulkMixin, forms.Form):
    to_user = forms.ModelChoiceField(
        label="Commissioner",
        queryset=get_user_model().objects.filter(is_staff=True, is_active=True),
        required=False,
    )
    to_team = forms.ModelChoiceField(label="Team", queryset=Group.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("to_user") and not data.get("to_team"):
            raise forms.ValidationError("Choose a commissioner or a team.", code="required")
        return data

    def run(self, *, offer, actor):
        triage.offer_assign(
            offer=offer,
            actor=actor,
            to_user=self.cleaned_data["to_user"],
            to_team=self.cleaned_data["to_team"],
        )


TRANSITION_FORMS = {
    "start_triage": note_form_for("start_triage"),
    "request_information": RequestInformationForm,
    "arrange_meeting": ArrangeMeetingForm,
    "accept": AcceptForm,
    "not_progress": NotProgressForm,
    "withdraw": note_form_for("withdraw"),
}
