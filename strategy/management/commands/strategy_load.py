"""Load the strategy's shipped data (fixtures/strategy.json) into an empty database.

Never over existing data: ``loaddata`` overwrites rows by primary key, so a
line staff changed in the admin would silently go back to the shipped value.
Once the data is there, changes to it reach existing databases through data
migrations that leave staff's edits alone (strategy/migrations).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from strategy.models import ForecastVersion

FIXTURE = "strategy"


class Command(BaseCommand):
    help = "Load the strategy's data into an empty database; do nothing if it is there."

    def handle(self, *args, **options):
        with transaction.atomic():
            if ForecastVersion.objects.exists():
                self.stdout.write(
                    "The strategy's data is already in the database: nothing loaded. "
                    "Changes to it reach this database through migrations."
                )
                return
            call_command("loaddata", FIXTURE, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Loaded the strategy's data."))
