"""The offer's version as a staff page showed it, sent back with the page's
form as a hidden field (issue 23).

A form sent from a page the offer has changed under since (a provider's
change, another commissioner's save, a transition) is refused: the page is
shown again with what was typed, "This offer changed while you were looking
at it" and what changed (``eoi.triage.versions.changes_since``). The form
shown again carries the version now shown, so sending it again, once the
change is seen, goes through.
"""

from django import forms

from ..versions import stored_version

CHANGED = "This offer changed while you were looking at it"


class SeenVersionForm(forms.Form):
    """Mixed into a staff form about one offer; ``refuse_as_changed`` marks it."""

    # Not named "version": the admin's add page asks the model for each of
    # the form's fields, and the model's "version" is not editable.
    offer_version = forms.CharField(widget=forms.HiddenInput, required=False)
    changed_since: int | None = None  # the version the refused page showed

    def seen_version(self) -> int:
        """The version the page showed; 0 when the form came without one (an
        older page, or a made-up post), which no offer has."""
        try:
            return int(self.cleaned_data.get("offer_version") or 0)
        except ValueError:
            return 0

    def refuse_as_changed(self, *, seen: int, current: int | None) -> None:
        # The data shown again holds the version now shown (form.data is what
        # a bound form renders).
        self.data = self.data.copy()
        self.data[self.add_prefix("offer_version")] = "" if current is None else str(current)
        self.changed_since = seen
        self.add_error(None, forms.ValidationError(CHANGED, code="offer_changed"))


class OfferPageForm(SeenVersionForm, forms.ModelForm):
    """The offer page's own form (``OfferAdmin.form``): it adds notes (the
    inline) and writes no answer, but is refused all the same from a stale
    page, so nothing is written on the strength of what the page showed.
    (No Meta: the admin gives the model and the page's fields.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["offer_version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            current = stored_version(self.instance)
            if self.seen_version() != current:
                self.refuse_as_changed(seen=self.seen_version(), current=current)
        return data
