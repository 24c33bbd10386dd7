"""The outbox in Django admin: post_office's email pages, sending through ours.

post_office's own "Requeue" action only changes the status, and its "Resend"
button sends in the web request, outside the lock that keeps a send to once.
Both go through ``eoi.notifications.outbox.email_resend`` here: back in the queue, retries
counted afresh, and a task queued for each email.
"""
from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from post_office.admin import EmailAdmin
from post_office.models import Email

from eoi.notifications import outbox
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
