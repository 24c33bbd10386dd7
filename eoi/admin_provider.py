"""What providers send from "Your offers", on the offer's admin page
(listed in ``eoi.admin.OfferAdmin.inlines``)."""

from django.contrib import admin

from .models import ProviderMessage


class ProviderMessageInline(admin.TabularInline):
    model = ProviderMessage
    verbose_name_plural = "changes told by the provider"
    fields = ["sent_at", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
