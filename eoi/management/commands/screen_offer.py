import json

from django.core.management.base import BaseCommand

from eoi.screening import result_as_text
from eoi.offers.services import offer_screen

from eoi.offers.files import parse_or_fail, read_json


class Command(BaseCommand):
    help = (
        "Screen an offer document against the strategy without saving it. "
        "Exit status 2 when the file is not a valid offer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An offer document (JSON).")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, file, format, **options):
        document = parse_or_fail(read_json(file), where=file)
        result = offer_screen(document=document)
        if format == "json":
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result_as_text(result))
