"""Forecast versions get a published state (issue 23): only published versions
are on the public pages and in the open data.

The versions the portal ships (the 2021 plan and the 2025 refresh) are
published, and so is whichever version is current: the current version must
be published (a constraint). Any other version, such as a copy staff are still
editing, starts unpublished; staff publish it in the admin when it is ready.
Each change is written to the history with a reason. On an empty database
(before ``strategy_load``) the data step does nothing: the fixture holds the
shipped versions as published.
"""

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

SHIPPED = ("2021-plan", "2025-refresh")
REASON = "Published: shipped with the portal or current (migration strategy 0005)"


def publish_shipped_versions(apps, schema_editor):
    ForecastVersion = apps.get_model("strategy", "ForecastVersion")
    HistoricalForecastVersion = apps.get_model("strategy", "HistoricalForecastVersion")
    now = timezone.now()
    to_publish = ForecastVersion.objects.filter(
        Q(slug__in=SHIPPED) | Q(is_current=True), is_published=False
    )
    for version in to_publish.order_by("pk"):
        version.is_published = True
        version.save(update_fields=["is_published"])
        # A historical row beside the change, as django-simple-history would.
        HistoricalForecastVersion.objects.create(
            **{
                field.attname: getattr(version, field.attname)
                for field in ForecastVersion._meta.fields
            },
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0004_refresh_2025_current")]

    operations = [
        migrations.AlterModelOptions(
            name="forecastversion",
            options={
                "ordering": ["published_on"],
                "permissions": [
                    ("publish_forecastversion", "Can publish and unpublish forecast versions")
                ],
            },
        ),
        migrations.AddField(
            model_name="forecastversion",
            name="is_published",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Shown on the public pages and in the open data. A copy starts "
                "unpublished; the current version is always published.",
                verbose_name="published",
            ),
        ),
        migrations.AddField(
            model_name="historicalforecastversion",
            name="is_published",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Shown on the public pages and in the open data. A copy starts "
                "unpublished; the current version is always published.",
                verbose_name="published",
            ),
        ),
        migrations.RunPython(publish_shipped_versions, migrations.RunPython.noop),
        # After the data step: the version current now is published by then.
        migrations.AddConstraint(
            model_name="forecastversion",
            constraint=models.CheckConstraint(
                condition=Q(is_current=False) | Q(is_published=True),
                name="current_forecast_version_published",
                violation_error_message="The current version must be published.",
            ),
        ),
    ]
