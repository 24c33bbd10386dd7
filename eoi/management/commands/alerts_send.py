import datetime

from django.core.management.base import BaseCommand, CommandError

from eoi.alerts.sending import alerts_send


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Send the email alerts due and not yet sent: new opportunities, closing "
        "reminders, published answers, the monthly summary (eoi/alerts/sending.py). "
        "Celery beat runs it each morning; running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Run as on this day (YYYY-MM-DD), e.g. to catch up a missed run.",
        )

    def handle(self, *args, today, **options):
        count = alerts_send(today=today)
        self.stdout.write(f"{count} alert email(s) put in the outbox.")
