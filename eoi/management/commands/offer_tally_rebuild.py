"""Count the dashboard's summary of offers (``eoi.models.OfferTally``) again
from every offer: after offers were loaded without ``Offer.save()`` or
``Offer.objects.bulk_create`` (raw SQL, a restore, ``Screening`` rows made in
bulk), or to check it (``--check`` compares without writing)."""

from django.core.management.base import BaseCommand, CommandError

from eoi.progress.offer_tally import (
    latest_cohorts_counted,
    offer_tally_counted,
    offer_tally_kept,
    offer_tally_rebuild,
)


class Command(BaseCommand):
    help = "Count the dashboard's summary of offers again from the offers and their screenings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the kept summary with a fresh count; write nothing, fail if they differ.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            self._check()
            return
        corrected, rows = offer_tally_rebuild()
        self.stdout.write(
            f"Summary counted again: {rows} rows; {corrected} offers' latest cohorts corrected."
        )

    def _check(self):
        from eoi.models import Offer

        kept, counted = offer_tally_kept(), offer_tally_counted()
        latest = latest_cohorts_counted()
        stale = [
            pk
            for pk, cohorts in Offer.objects.values_list("pk", "latest_matched_cohorts").iterator()
            if cohorts != latest.get(pk, "[]")
        ]
        differing = [b for b in kept.keys() | counted.keys() if kept.get(b) != counted.get(b)]
        if differing or stale:
            raise CommandError(
                f"{len(differing)} summary rows and {len(stale)} offers' latest cohorts differ "
                "from a fresh count: run offer_tally_rebuild."
            )
        self.stdout.write(f"The summary matches a fresh count ({len(kept)} rows).")
