"""Staff forms for a commissioner's assessment and for possible duplicates.

The forms only collect; ``eoi.triage.assessment.offer_assess`` and
``eoi.triage.duplicates.site_match_resolve`` check and record.
"""

from django import forms

from ..assessment import OUTCOME_LABELS
from eoi.models import Recommendation, SiteMatch
from .versions import SeenVersionForm

AGREE, DIFFERENT = "agree", "different"


class AssessmentForm(SeenVersionForm):
    """One group of fields a screened factor, then the overall recommendation."""

    overall = forms.ChoiceField(
        label="Your overall recommendation",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your overall recommendation."},
    )
    overall_reason = forms.CharField(
        label="Why (needed when it differs from the screening)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, screening_summary, screened_overall, **kwargs):
        super().__init__(*args, **kwargs)
        self.screened_overall = screened_overall
        self.factor_keys = []
        overall_fields = {name: self.fields.pop(name) for name in ("overall", "overall_reason")}
        for factor in screening_summary["factors"]:
            key, label = factor["key"], factor["label"]
            self.factor_keys.append((key, label, factor["outcome"]))
            self.fields[f"{key}_agrees"] = forms.ChoiceField(
                label=f"{label}: do you agree with “{factor['outcome']}”?",
                choices=[(AGREE, "Agree"), (DIFFERENT, "A different outcome")],
                widget=forms.RadioSelect,
                error_messages={"required": "Say whether you agree with the screening."},
            )
            self.fields[f"{key}_outcome"] = forms.ChoiceField(
                label=f"{label}: your outcome",
                choices=[("", "Choose an outcome")]
                + [(str(code), text) for code, text in OUTCOME_LABELS.items()],
                required=False,
            )
            self.fields[f"{key}_reason"] = forms.CharField(
                label=f"{label}: why your outcome differs",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields.update(overall_fields)

    def factor_groups(self):
        return [
            (label, outcome, [self[f"{key}_{part}"] for part in ("agrees", "outcome", "reason")])
            for key, label, outcome in self.factor_keys
        ]

    def overall_fields(self):
        return [self["overall"], self["overall_reason"]]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "factors": {
                key: {
                    "agrees": data[f"{key}_agrees"] == AGREE,
                    "outcome": data[f"{key}_outcome"],
                    "reason": data[f"{key}_reason"],
                }
                for key, _label, _outcome in self.factor_keys
            },
            "overall": data["overall"],
            "overall_reason": data["overall_reason"],
            "seen_version": self.seen_version(),
        }

    def add_service_errors(self, error):
        """The service's errors, keyed by factor, on the factor's fields."""
        for key, messages in error.message_dict.items():
            if key in ("overall", "overall_reason", "__all__"):
                self.add_error(None if key == "__all__" else key, messages)
            else:
                field = f"{key}_outcome"
                if "agree" in " ".join(messages) and not self.data.get(f"{key}_agrees"):
                    field = f"{key}_agrees"
                elif "Explain" in " ".join(messages):
                    field = f"{key}_reason"
                self.add_error(field if field in self.fields else None, messages)


class SiteMatchForm(forms.Form):
    """For each possible duplicate of an offer: the same site or not."""

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = {}
        for match in matches:
            name = f"match_{match.pk}"
            self.matches[name] = match
            self.fields[name] = forms.ChoiceField(
                label=(
                    f"Is {match.partner.reference} from {match.partner.organisation_name} "
                    f"({', '.join(filter(None, [match.partner.scheme_name, match.partner.scheme_address, match.partner.scheme_postcode]))}) "
                    "the same site?"
                ),
                choices=[
                    (SiteMatch.Resolution.SAME, "Yes, the same site"),
                    (SiteMatch.Resolution.DIFFERENT, "No, not the same site"),
                ],
                widget=forms.RadioSelect,
                required=False,
                initial=match.resolution or None,
            )

    def decisions(self):
        """(match, resolution) for every answer given that changes something."""
        return [
            (match, self.cleaned_data[name])
            for name, match in self.matches.items()
            if self.cleaned_data.get(name) and self.cleaned_data[name] != match.resolution
        ]
