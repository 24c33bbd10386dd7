"""The "minimal POST": the baseline the portal's pages are measured against.

A Django ModelForm saving one ``Group`` row, behind the portal's whole
middleware (sessions, CSRF, security headers, django-axes...) but with no
template, no session write and one INSERT: the least a form POST can cost on
this stack. Used by scripts/bench_web.py (single requests, test client) and
by the load test (scripts/loadtest/urls.py, under gunicorn), so both compare
the portal with the same view. Only those scripts mount it; the portal never
imports scripts/.
"""

from django import forms
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html

PATH = "/__bench__/group/"


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name"]


def group_create(request):
    """GET: the form with its CSRF token; POST: save one row, redirect to the form."""
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(PATH)
    return HttpResponse(
        format_html(
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            "{}</form>",
            get_token(request),
            form.as_p(),
        )
    )


def urlpatterns_with_minimal_post(portal_urlpatterns: list) -> list:
    """The portal's URLs plus the minimal POST at ``PATH``."""
    return [path(PATH.lstrip("/"), group_create, name="bench-group"), *portal_urlpatterns]
