"""The outbox in Django admin: post_office's email pages, sending through ours.

post_office's own "Requeue" action only changes the status, and its "Resend"
button sends in the web request, outside the lock that keeps a send to once.
Both go through ``eoi.notifications.outbox.email_resend`` here: back in the queue, retries
counted afresh, and a task queued for each email.

Staff read each email with the token of every live link to a provider's
offers removed (``eoi.notifications.masking``): its text, its HTML and the
HTML preview. Only the email sent has the link.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils.html import format_html
from post_office.admin import EmailAdmin
from post_office.models import Email
from post_office.sanitizer import clean_html

from eoi.notifications import outbox
from eoi.notifications.masking import email_bodies, tokens_masked
from ..models import OutboxEvent
from eoi.offers.validators import one_line, one_line_validator
from eoi.triage.admin.records import RecordAdmin


def subjects_flatten(emails) -> None:
    """Put stored subjects on one line (an email stored before subjects were
    flattened would fail again on every attempt)."""
    stored = Email.objects.filter(pk__in=[email.pk for email in emails])
    for pk, subject in stored.values_list("pk", "subject"):
        if subject != one_line(subject):
            Email.objects.filter(pk=pk).update(subject=one_line(subject))


@admin.action(permissions=["change"], description="Send the selected emails again")
def resend(modeladmin, request, queryset):
    subjects_flatten(queryset)
    sent_again = outbox.email_resend(emails=queryset)
    modeladmin.message_user(
        request, f"{len(sent_again)} email(s) queued to send again.", messages.SUCCESS
    )


class OutboxEmailAdmin(EmailAdmin):
    list_display = [
        "id",
        "to_display",
        "shortened_subject",
        "kind",
        "status",
        "number_of_retries",
        "created",
        "last_updated",
    ]
    list_filter = ["status", "outbox_entry__kind"]
    list_select_related = ["outbox_entry"]
    actions = [resend]

    def get_object(self, request, object_id, from_field=None):
        # Shown, and saved from the form, as it would be sent: on one line.
        email = super().get_object(request, object_id, from_field)
        if email is not None:
            email.subject = one_line(email.subject)
        return email

    def get_fieldsets(self, request, obj=None):
        # The subject is editable, so a failed email can be corrected and
        # sent again; post_office shows it only as rendered text.
        fieldsets = super().get_fieldsets(request, obj)
        first_fields = ["subject", *fieldsets[0][1]["fields"]]
        return [(fieldsets[0][0], {**fieldsets[0][1], "fields": first_fields}), *fieldsets[1:]]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "subject" and field is not None:
            field.validators.append(one_line_validator("Subject"))
        return field

    # The bodies as staff read them: from the email's own decoded text (a
    # MIME part may be quoted-printable, a link broken across its lines),
    # with every live link's token removed, then shown as post_office does.

    @admin.display(description="Mail Body")
    def render_plaintext_body(self, instance):
        text, _html = email_bodies(instance)
        return format_html("<pre>{}</pre>", tokens_masked(text)) if text else None

    @admin.display(description="HTML Body")
    def render_html_body(self, instance):
        _text, html = email_bodies(instance)
        if not html:
            return None
        return format_html(
            '<div style="margin-bottom: 10px;"><a href="{}" target="_blank" '
            'rel="noopener" class="button">Preview</a></div>'
            '<div class="app-email-body">{}</div>',
            reverse("admin:post_office_email_preview", args=[instance.pk]),
            clean_html(tokens_masked(html, html=True)),
        )

    def preview_html(self, request, pk):
        """The HTML body alone, in a sandboxed document (as post_office's)."""
        email = self.get_object(request, str(pk))
        if email is None:
            raise Http404("No such email")
        if not self.has_view_permission(request, email):
            raise PermissionDenied
        _text, html = email_bodies(email)
        if not html:
            return HttpResponseNotFound()
        response = HttpResponse(tokens_masked(html, html=True))
        response["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src data: https: http:; "
            "style-src 'unsafe-inline'; font-src https: data:"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Referrer-Policy"] = "no-referrer"
        return response

    @admin.display(description="kind", ordering="outbox_entry__kind")
    def kind(self, email):
        entry = getattr(email, "outbox_entry", None)
        return entry.get_kind_display() if entry else ""

    def resend(self, request, pk):
        """Given the email's id, from the "Send again" button of its page (a
        POST: post_office's own button is a link, and a GET must not send)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        email = self.get_object(request, str(pk))
        if email is None:
            raise Http404("No such email")
        if not self.has_change_permission(request, email):
            raise PermissionDenied
        subjects_flatten([email])
        outbox.email_resend(emails=[email])
        messages.success(request, "The email is queued to send again.")
        return HttpResponseRedirect(reverse("admin:post_office_email_change", args=[email.pk]))


if admin.site.is_registered(Email):
    admin.site.unregister(Email)
admin.site.register(Email, OutboxEmailAdmin)


class HandledFilter(admin.SimpleListFilter):
    title = "handled"
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", "Not yet handled"), ("yes", "Handled")]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(handled_at__isnull=self.value() == "no")
        return queryset


@admin.register(OutboxEvent)
class OutboxEventAdmin(RecordAdmin):
    """What the worker has still to do, and when it did the rest: read only
    (the worker and the sweep handle events; ``eoi.notifications.events``)."""

    list_display = ["id", "kind", "offer", "created_at", "handled_at"]
    list_filter = [HandledFilter, "kind"]
    list_select_related = ["offer"]
    search_fields = ["offer__reference"]
    readonly_fields = ["kind", "offer", "created_at", "handled_at"]
