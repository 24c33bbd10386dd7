"""``manage.py send_queued_mail``: send the outbox's due emails now.

It takes the place of django-post-office's command of the same name (the
``eoi`` app comes before ``post_office`` in INSTALLED_APPS), so that running
it, by hand or from cron, sends through the outbox's lock like the worker
does, never a second time (``eoi/notifications/outbox.py`` says why post-office's own
sender is not used). It accepts post-office's options, so an existing cron
line keeps working; they change nothing here.
"""

from django.core.management.base import BaseCommand

from eoi.notifications import outbox


class Command(BaseCommand):
    help = (
        "Make one attempt at every pending email that is due, under the "
        "outbox's lock (an email another run is sending is left to it)."
    )

    def add_arguments(self, parser):
        # post-office's options: accepted, not used (one process, the row lock).
        parser.add_argument("-p", "--processes", type=int, default=1, help="Ignored.")
        parser.add_argument("-L", "--lockfile", default="", help="Ignored.")
        parser.add_argument("-l", "--log-level", type=int, help="Ignored.")

    def handle(self, *args, **options):
        outcomes = outbox.outbox_send_due()
        self.stdout.write(
            "{sent} sent, {retry} to retry, {failed} failed, {skipped} already sent".format(
                **outcomes
            )
        )
