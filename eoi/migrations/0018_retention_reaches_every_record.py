"""Offers anonymised before issue 23 lose what retention now also removes.

The nightly run (``eoi.retention``) passes over an offer once it is done
(its email is the anonymised one), so offers done before retention reached
every record still hold the provider's words and staff's: the reasons of the
provider's own status changes (answers, withdrawals, changes listing each
answer before and after), the provider's messages, staff's reasons for
corrections and their values for the contact's details, and the
assessment's reasons in it and its history. This removes them as
``eoi.retention.offer_records_anonymise`` does; the values are copied here so
later changes to that module do not change this migration.
"""

from django.db import migrations

ANONYMISED_EMAIL = "removed@anonymised.invalid"
REMOVED_NOTE = "Removed under the retention policy."
PERSONAL_PATHS = ("contact.name", "contact.email", "contact.phone", "contact.role", "notes")


def _removed(text):
    return REMOVED_NOTE if text else ""


def forwards(apps, schema_editor):
    Offer = apps.get_model("eoi", "Offer")
    done = Offer.objects.filter(contact_email=ANONYMISED_EMAIL).values("pk")
    apps.get_model("eoi", "StatusChange").objects.filter(
        offer__in=done, actor__isnull=True
    ).exclude(reason="").update(reason=REMOVED_NOTE)
    apps.get_model("eoi", "ProviderMessage").objects.filter(offer__in=done).update(
        text=REMOVED_NOTE
    )
    corrections = apps.get_model("eoi", "AnswerCorrection").objects.filter(offer__in=done)
    corrections.exclude(reason="").update(reason=REMOVED_NOTE)
    corrections.filter(path__in=PERSONAL_PATHS).update(old_value="", new_value="")
    for name in ("Assessment", "HistoricalAssessment"):
        model = apps.get_model("eoi", name)
        for row in model.objects.filter(offer_id__in=done).iterator():
            factors = {
                key: {**factor, "reason": _removed(factor.get("reason", ""))}
                for key, factor in row.factors.items()
            }
            model.objects.filter(pk=row.pk).update(
                factors=factors, overall_reason=_removed(row.overall_reason)
            )


class Migration(migrations.Migration):

    dependencies = [
        ("eoi", "0017_offer_version"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
