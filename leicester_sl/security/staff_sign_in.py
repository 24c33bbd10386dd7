"""Staff sign-in: the lockout page and the optional second factor in the admin.

django-axes counts failed logins (settings: AXES_*); ``lockout_response`` is
the page it shows a locked-out login. django-otp supplies the second factor:
``protect(site)`` sets it on the admin site, and leicester_sl/urls.py calls it
on the default site next to the site's titles. The admin is only reachable
through that URLconf, so the protection is in place before any admin request
is served (a project AppConfig would need an extra installed app, or replacing
``django.contrib.admin`` in INSTALLED_APPS, for the same effect).

The second factor is optional (the council has not made it mandatory):

- staff without a confirmed device sign in with their password, as before;
- staff with one must also give a current code at the admin login form
  (``StaffAuthenticationForm``), and the admin refuses any session of theirs
  that a device has not verified (the wrapped ``has_permission``), so a
  session that signed in before the device was turned on is sent back to the
  login page.

Staff turn it on and off themselves: leicester_sl/security/two_factor.py.
"""

from axes.helpers import get_failure_limit
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import render
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

LOGIN_TEMPLATE = "admin/staff_login.html"
LOCKOUT_TEMPLATE = "admin/locked_out.html"


class StaffAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin login form, asking for a code only from staff who have a device.

    django-otp's own admin form asks every user for a code; here the password
    is checked first (by the admin form, through the authentication backends,
    so django-axes counts failures), and the code is checked only when that
    user has a confirmed device.
    """

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": (
            "This account has two-step verification turned on: enter the "
            "6-digit code from your authenticator app as well as your password."
        ),
        "invalid_token": (
            "That code is not right. Enter the 6-digit code your authenticator app shows now."
        ),
        "device_required": "Choose the authenticator to use.",
    }

    otp_token = forms.CharField(
        required=False,
        label="Code from your authenticator app",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "aria-describedby": "id_otp_token_helptext",
            }
        ),
    )

    def clean(self):
        # The admin form's checks (password, active staff account), then the
        # code, skipping django-otp's form, which asks everyone for a code.
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return self.cleaned_data

    def _chosen_device(self, user):
        """The chosen device, or the user's only one when none was chosen.

        django-otp makes the user choose, so that a code is never tried
        against several devices; with one device there is nothing to choose.
        (Called inside django-otp's transaction, so locking the row is safe.)
        """
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def asks_for_device(self):
        """Whether the template shows the device choice (users with several)."""
        user = self.get_user()
        return user is not None and len(list(devices_for_user(user))) > 1


def second_factor_satisfied(user):
    """True unless the user has a confirmed device and has not used it."""
    if not user_has_device(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def protect(site):
    """Ask staff with a device for a code at ``site``'s login; refuse them
    unverified sessions. Idempotent."""
    if getattr(site, "staff_security_installed", False):
        return
    site.login_form = StaffAuthenticationForm
    site.login_template = LOGIN_TEMPLATE
    plain_has_permission = site.has_permission

    def has_permission(request):
        return plain_has_permission(request) and second_factor_satisfied(request.user)

    site.has_permission = has_permission
    site.staff_security_installed = True


def lockout_response(request, original_response=None, credentials=None):
    """django-axes's response to a locked-out login (AXES_LOCKOUT_CALLABLE):
    the lockout page in the admin's look, HTTP 429."""
    context = {
        **admin.site.each_context(request),
        "title": "This account is locked",
        "failure_limit": get_failure_limit(request, credentials),
    }
    return render(request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
