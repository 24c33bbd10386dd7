"""Print the strategy's headline figures with the demand balance: what is
still needed, accepted offers included (``eoi.progress.position``)."""

import json

from django.core.management.base import BaseCommand, CommandError

from eoi.progress.position import position_for
from strategy.models import ForecastVersion
from strategy.selectors import forecast_version_current, strategy_summary


class Command(BaseCommand):
    help = "Print the strategy's headline figures, computed from the data."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--forecast-version",
            dest="version_slug",
            help="A forecast version's slug; default: the current one.",
        )

    def handle(self, *args, format, version_slug, **options):
        try:
            version = (
                ForecastVersion.objects.get(slug=version_slug)
                if version_slug
                else forecast_version_current()
            )
        except ForecastVersion.DoesNotExist:
            raise CommandError(
                "No such forecast version. Load the data with: python manage.py strategy_load"
            ) from None
        position = position_for(version=version)
        summary = strategy_summary(version=version, position=position).to_dict()
        if format == "json":
            self.stdout.write(json.dumps(summary))
            return
        for key, value in summary.items():
            if key == "lines":
                self.stdout.write("lines:")
                for line in value:
                    self.stdout.write(
                        f"  {line['cohort']}: {line['net']} needed, {line['unmet']} unmet"
                    )
                continue
            self.stdout.write(f"{key.replace('_', ' ')}: {value}")
