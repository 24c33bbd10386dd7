"""The forms of "Your offers": the address to send a sign-in link to, and a
withdrawal's reason."""

from django import forms

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
REASON_MAX = 2000


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address you gave as the contact for your offers.",
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_INVALID,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        # As the offer form does: a domain with a dot, not name@localhost.
        if "." not in email.rpartition("@")[2]:
            raise forms.ValidationError(EMAIL_INVALID, code="invalid")
        return email


class ChangeMessageForm(forms.Form):
    text = forms.CharField(
        label="What has changed?",
        help_text="For example, a new completion date, more or fewer homes, or a new rent.",
        max_length=5000,
        error_messages={
            "required": "Enter what has changed",
            "max_length": "Your message must be 5,000 characters or fewer",
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing this offer?",
        help_text="For example, the site has been sold or the scheme will not go ahead.",
        max_length=REASON_MAX,
        error_messages={
            "required": "Enter why you are withdrawing this offer",
            "max_length": f"Reason must be {REASON_MAX:,} characters or fewer",
        },
    )
