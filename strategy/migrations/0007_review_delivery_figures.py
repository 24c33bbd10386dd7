"""The 2025 review's stated delivery figures (56 units over 11 sites, 22
units confirmed for 2025/26) become figures of the 2025 refresh, data with
their source, where the progress report kept them as constants.

They come from the same place ``strategy_load`` reads,
``fixtures/strategy.json``. A version that has a figure of the same key
already keeps it; on an empty database (before ``strategy_load``) the data
step does nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations

FIXTURE = "strategy.json"  # in settings.FIXTURE_DIRS, as strategy_load reads it
KEYS = ("review-units-delivered", "review-sites-delivered", "review-units-confirmed")


def _shipped_figures() -> list[dict]:
    path = next(Path(d) / FIXTURE for d in settings.FIXTURE_DIRS if (Path(d) / FIXTURE).exists())
    rows = json.loads(path.read_text(encoding="utf-8"))
    slugs = {r["pk"]: r["fields"]["slug"] for r in rows if r["model"] == "strategy.forecastversion"}
    return [
        {**r["fields"], "version": slugs[r["fields"]["version"]]}
        for r in rows
        if r["model"] == "strategy.versionfigure" and r["fields"]["key"] in KEYS
    ]


def figures_add(apps, schema_editor):
    ForecastVersion = apps.get_model("strategy", "ForecastVersion")
    VersionFigure = apps.get_model("strategy", "VersionFigure")
    for figure in _shipped_figures():
        version = ForecastVersion.objects.filter(slug=figure.pop("version")).first()
        if version is not None:
            VersionFigure.objects.get_or_create(
                version=version, key=figure.pop("key"), defaults=figure
            )


def figures_remove(apps, schema_editor):
    apps.get_model("strategy", "VersionFigure").objects.filter(key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0006_demandline_public_name")]

    operations = [migrations.RunPython(figures_add, figures_remove)]
