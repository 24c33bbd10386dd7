from django.core.management.base import BaseCommand
from django.db import transaction

from eoi.models import Offer
from eoi.offers.services import offer_submit

from eoi.offers.files import parse_or_fail, read_json


class Command(BaseCommand):
    help = (
        "Import one offer document or a list of them as submitted offers. All are "
        "validated before any is saved; exit status 2 when one is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An offer document, or a JSON list of them.")

    def handle(self, *args, file, **options):
        data = read_json(file)
        items = data if isinstance(data, list) else [data]
        documents = [
            parse_or_fail(item, where=f"{file} offer {number}" if isinstance(data, list) else file)
            for number, item in enumerate(items, start=1)
        ]
        with transaction.atomic():
            offers = [
                offer_submit(document=document, source=Offer.Source.IMPORT)
                for document in documents
            ]
        for offer in offers:
            self.stdout.write(offer.reference)
