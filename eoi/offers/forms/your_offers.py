"""The forms of "Your offers": the address to send a sign-in link to, and a
withdrawal's reason."""

from django import forms

from leicester_sl.fields import EmailAddressField

REASON_MAX = 2000


class SignInForm(forms.Form):
    email = EmailAddressField(
        help_text="The address you gave as the contact for your offers.",
        required_message="Enter your email address",
    )


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
