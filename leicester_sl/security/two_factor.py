"""Two-step verification, turned on and off by staff themselves.

Pages under /admin/two-factor/, in the admin's look. Every view goes through
``admin.site.admin_view``: staff only, signed in, and (through the admin's
wrapped ``has_permission``, see staff_security.py) verified by their device if
they have one; CSRF-protected and never cached.

Turning it on creates an unconfirmed TOTP device, shows its key (as a QR code,
as text and as an otpauth:// link) and confirms the device once the user types
a code their app made from it. Turning it off needs a current code.
"""

import re
from base64 import b32encode

import segno
from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

import django_otp
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"
TITLE = "Two-step verification"


class CodeForm(forms.Form):
    """A code from the user's authenticator app, checked against ``device``."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        digits = self.device.digits
        if not re.fullmatch(rf"[0-9]{{{digits}}}", code):
            raise forms.ValidationError(
                f"Enter the {digits}-digit code your authenticator app shows."
            )
        # Lock the row so that two requests cannot use one code; raise only
        # after the block, which must commit the failure count (throttling).
        error = None
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, _extra = device.verify_is_allowed()
            if not allowed:
                error = (
                    "Too many wrong codes in a row. Wait a minute, then enter "
                    "the code your app shows."
                )
            elif not device.verify_token(code):
                error = (
                    "That code is not right. Enter the code your app shows now "
                    "(check your phone's clock is set automatically)."
                )
        if error:
            raise forms.ValidationError(error)
        self.device = device
        return code


def _confirmed_device(request):
    """The device that verified this session, else the user's first confirmed one."""
    verified = getattr(request.user, "otp_device", None)
    if isinstance(verified, TOTPDevice) and verified.user_id == request.user.pk:
        return verified
    return TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()


def _pending_device(request):
    return (
        TOTPDevice.objects.devices_for_user(request.user, confirmed=False).order_by("-pk").first()
    )


def _render_status(request, device, form=None):
    context = {
        **admin.site.each_context(request),
        "title": TITLE,
        "device": device,
        "form": form or (CodeForm(device=device) if device else None),
    }
    return TemplateResponse(request, "admin/two_factor/status.html", context)


def status_view(request):
    return _render_status(request, _confirmed_device(request))


@require_POST
def start_view(request):
    if _confirmed_device(request) is not None:
        messages.info(request, "Two-step verification is already on.")
        return redirect("two_factor:status")
    with transaction.atomic():
        # A new key each time: a key shown before and never confirmed is dropped.
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    return redirect("two_factor:confirm")


def confirm_view(request):
    device = _pending_device(request)
    if device is None or _confirmed_device(request) is not None:
        return redirect("two_factor:status")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # This session is now verified by the device (the admin requires that
        # from now on); a new session key, as on any sign-in.
        request.session.cycle_key()
        django_otp.login(request, device)
        messages.success(
            request,
            "Two-step verification is on. From now on, sign in with your "
            "password and a code from your authenticator app.",
        )
        return redirect("two_factor:status")
    key = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    context = {
        **admin.site.each_context(request),
        "title": "Turn on two-step verification",
        "form": form,
        "secret": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "config_url": device.config_url,
        # SVG as a data: image (the CSP allows img-src data:); a white
        # background so that it scans in the admin's dark theme too.
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
    }
    return TemplateResponse(request, "admin/two_factor/confirm.html", context)


@require_POST
def disable_view(request):
    device = _confirmed_device(request)
    if device is None:
        return redirect("two_factor:status")
    form = CodeForm(request.POST, device=device)
    if not form.is_valid():
        return _render_status(request, device, form)
    with transaction.atomic():
        for each in devices_for_user(request.user, confirmed=None):
            each.delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(
        request,
        "Two-step verification is off. You now sign in with your password alone.",
    )
    return redirect("two_factor:status")


def _staff(view):
    return admin.site.admin_view(view)


app_name = "two_factor"
urlpatterns = [
    path("", _staff(status_view), name="status"),
    path("turn-on/", _staff(start_view), name="start"),
    path("confirm/", _staff(confirm_view), name="confirm"),
    path("turn-off/", _staff(disable_view), name="disable"),
]
