import json

from django.core.management.base import BaseCommand, CommandError

from strategy.models import ForecastVersion
from strategy.selectors import forecast_version_current, strategy_summary


class Command(BaseCommand):
    help = "Print the strategy's headline figures, computed from the data."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--forecast-version", dest="version_slug", help="A forecast version's slug; default: the current one."
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
                "No such forecast version. Load the data with: python manage.py loaddata strategy"
            ) from None
        summary = strategy_summary(version=version).to_dict()
        if format == "json":
            self.stdout.write(json.dumps(summary))
            return
        for key, value in summary.items():
            self.stdout.write(f"{key.replace('_', ' ')}: {value}")
