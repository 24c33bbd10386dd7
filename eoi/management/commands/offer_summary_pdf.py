from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eoi.offers.summary import render_offer_summary_pdf
from eoi.models import Offer


class Command(BaseCommand):
    help = "Write the PDF summary of an offer (as the admin offer page downloads it)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The offer's reference, e.g. EOI-2026-0001.")
        parser.add_argument(
            "-o",
            "--output",
            help="Where to write the PDF (default: <reference>-summary.pdf here).",
        )

    def handle(self, *args, reference, output, **options):
        try:
            offer = Offer.objects.get(reference=reference.strip().upper())
        except Offer.DoesNotExist:
            raise CommandError(f"No offer has the reference {reference}.") from None
        path = Path(output or f"{offer.reference}-summary.pdf")
        path.write_bytes(render_offer_summary_pdf(offer))
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
