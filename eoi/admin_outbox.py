"""The outbox in Django admin: post_office's email pages, sending through ours.

post_office's own "Requeue" action only changes the status, and its "Resend"
button sends in the web request, outside the lock that keeps a send to once.
Both go through ``eoi.outbox.email_resend`` here: back in the queue, retries
counted afresh, and a task queued for each email.
"""
from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from post_office.admin import EmailAdmin
from post_office.models import Email

from . import outbox


@admin.action(permissions=["change"], description="Send the selected emails again")
def resend(modeladmin, request, queryset):
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

    @admin.display(description="kind", ordering="outbox_entry__kind")
    def kind(self, email):
        entry = getattr(email, "outbox_entry", None)
        return entry.get_kind_display() if entry else ""

    def resend(self, request, pk):
        """Given the email's id, from the "Send again" button of its page (a
        POST: post_office's own button is a link, and a GET must not send)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        email = self._get_object_or_deny(request, pk, "change")
        outbox.email_resend(emails=[email])
        messages.success(request, "The email is queued to send again.")
        return HttpResponseRedirect(reverse("admin:post_office_email_change", args=[email.pk]))


if admin.site.is_registered(Email):
    admin.site.unregister(Email)
admin.site.register(Email, OutboxEmailAdmin)
