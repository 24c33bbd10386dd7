from django.conf import settings
from django.core.management.base import BaseCommand

from eoi.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Remove personal data from offers withdrawn or not progressed more than "
        "EOI_RETENTION_DECIDED_DAYS ago, and delete drafts not saved for "
        "EOI_DRAFT_RETENTION_DAYS (eoi/retention.py). Celery beat runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be removed; change nothing.",
        )

    def handle(self, *args, dry_run, **options):
        report = retention_apply(dry_run=dry_run)
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"Offers decided over {settings.EOI_RETENTION_DECIDED_DAYS} days ago: "
            f"{report.offers_anonymised} {would}anonymised, "
            f"{report.offer_attachments_deleted} file(s) {would}deleted.\n"
            f"Drafts not saved for {settings.EOI_DRAFT_RETENTION_DAYS} days: "
            f"{report.drafts_deleted} {would}deleted, "
            f"{report.draft_attachments_deleted} file(s) {would}deleted.\n"
            f"Alert subscriptions not confirmed within {settings.EOI_ALERT_CONFIRM_DAYS} days: "
            f"{report.alert_subscriptions_deleted} {would}deleted."
        )
