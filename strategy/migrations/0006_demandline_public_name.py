"""Demand lines get a public name, written for providers (issue 25), with its
source and date: the name public pages, screening reasons, the offer summary
PDF and emails use for the line. The strategy's cohort stays as it is.

The names come from the same place ``strategy_load`` reads,
``fixtures/strategy.json``: a line of a shipped version takes the name the
fixture gives its cohort. A line with a public name already is left alone;
a line the fixture does not know (one staff added) keeps an empty name and is
named by its cohort until staff write one (``name_for_providers``). Each change
is written to the history with a reason. On an empty database (before
``strategy_load``) the data step does nothing.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

FIXTURE = "strategy.json"  # in settings.FIXTURE_DIRS, as strategy_load reads it
REASON = "Public name written for providers (migration strategy 0006)"


def _shipped_names() -> dict[str, dict]:
    """Each shipped cohort's public name, source and date, from the fixture."""
    path = next(Path(d) / FIXTURE for d in settings.FIXTURE_DIRS if (Path(d) / FIXTURE).exists())
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {
        row["fields"]["cohort"]: {
            "public_name": row["fields"]["public_name"],
            "public_name_source": row["fields"]["public_name_source"],
            "public_name_dated": datetime.date.fromisoformat(row["fields"]["public_name_dated"]),
        }
        for row in rows
        if row["model"] == "strategy.demandline"
    }


def fill_public_names(apps, schema_editor):
    DemandLine = apps.get_model("strategy", "DemandLine")
    HistoricalDemandLine = apps.get_model("strategy", "HistoricalDemandLine")
    names = _shipped_names()
    now = timezone.now()
    for line in DemandLine.objects.filter(public_name="", cohort__in=names).order_by("pk"):
        for field, value in names[line.cohort].items():
            setattr(line, field, value)
        line.save(update_fields=list(names[line.cohort]))
        # A historical row beside the change, as django-simple-history would.
        HistoricalDemandLine.objects.create(
            **{field.attname: getattr(line, field.attname) for field in DemandLine._meta.fields},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )


PUBLIC_NAME_HELP = (
    "The short name providers and the public read, on the public pages, in screening "
    "reasons, the offer summary PDF and emails: plain words for what the city needs, "
    "e.g. “Self-contained homes to replace shared houses (learning disabilities)”. "
    "Staff pages show both."
)


def _fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="public_name",
            field=models.CharField(
                db_default="", default="", help_text=PUBLIC_NAME_HELP, max_length=120
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="public_name_source",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="Who wrote the public name, and from what.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="public_name_dated",
            field=models.DateField(blank=True, null=True, verbose_name="public name written on"),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="cohort",
            field=models.CharField(
                help_text="The strategy's own words for the group of people.", max_length=300
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("strategy", "0005_forecastversion_is_published")]

    operations = [
        *_fields("demandline"),
        *_fields("historicaldemandline"),
        migrations.RunPython(fill_public_names, migrations.RunPython.noop),
    ]
