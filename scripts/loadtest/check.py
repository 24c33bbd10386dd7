#!/usr/bin/env python
"""After the load test: do the offers locust sent, the offers in the database,
the outbox's emails and the email files written all agree?

    check.py --drain 60     wait up to 60 s for the outbox to empty, then exit
    check.py                print the table; exit 1 on any mismatch or locust failure

Reads the environment scripts/loadtest/run.sh sets: DATABASE_URL and the
settings, LOADTEST_REFERENCES (the lines the locustfile wrote: "SENT <url>"
for each final POST answered 302 to /offer/sent/, "REF <reference>" from each
confirmation page), LOADTEST_MAIL_DIR and LOADTEST_LOCUST_CSV.
"""
import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SEPARATOR = "-" * 79  # Django's file email backend ends each message with it


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scripts.loadtest.settings")
    import django

    django.setup()


def drain(seconds: float) -> None:
    from post_office.models import STATUS, Email

    from eoi.models import OutboxEvent

    deadline = time.monotonic() + seconds
    while True:
        # An offer's emails are written only when the worker handles its
        # "offer submitted" event: wait for the events too.
        events = OutboxEvent.objects.filter(handled_at__isnull=True).count()
        pending = Email.objects.filter(status__in=(STATUS.queued, STATUS.requeued)).count()
        if (events == 0 and pending == 0) or time.monotonic() > deadline:
            print(f"outbox: {events} events unhandled, {pending} emails still pending")
            return
        time.sleep(1)


def _locust_stats(prefix: str) -> dict[str, dict]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        return {}
    with path.open() as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def report(locust_rc: int | None) -> int:
    from post_office.models import STATUS, Email

    from eoi.models import Offer, OfferDraft, OutboxEvent

    lines = Path(os.environ["LOADTEST_REFERENCES"]).read_text().splitlines()
    tries = sum(1 for line in lines if line == "TRY")
    sent_posts = [line for line in lines if line.startswith("SENT ")]
    references = {line[4:] for line in lines if line.startswith("REF ")}
    stats = _locust_stats(os.environ["LOADTEST_LOCUST_CSV"])
    total = stats.get("Aggregated", {})
    send = stats.get("/offer/check-answers/ POST (send)", {})
    failures = int(total.get("Failure Count", -1))

    offers = Offer.objects.count()
    web_offers = Offer.objects.filter(source=Offer.Source.WEB).count()
    db_references = set(Offer.objects.values_list("reference", flat=True))
    drafts_sent = OfferDraft.objects.filter(submitted_offer__isnull=False).count()
    events = OutboxEvent.objects.filter(kind=OutboxEvent.Kind.OFFER_SUBMITTED).count()
    events_unhandled = OutboxEvent.objects.filter(handled_at__isnull=True).count()
    emails = Email.objects.count()
    emails_sent = Email.objects.filter(status=STATUS.sent).count()
    emails_pending = Email.objects.filter(status__in=(STATUS.queued, STATUS.requeued)).count()
    emails_failed = Email.objects.filter(status=STATUS.failed).count()
    mail_dir = Path(os.environ["LOADTEST_MAIL_DIR"])
    files = [p for p in mail_dir.iterdir() if p.is_file()]
    messages = sum(
        sum(1 for line in p.read_text(errors="replace").splitlines() if line == SEPARATOR)
        for p in files
    )

    n = len(sent_posts)
    rows = [
        # what, counted, expected
        # The CSV is locust's last snapshot: it can miss the requests of the
        # last second (users finishing their journey); the counts below are
        # the locustfile's own records.
        ("locust requests (CSV, all)", int(total.get("Request Count", 0)), None),
        ("locust failures (CSV, all requests)", failures, 0),
        ("locust final POSTs (CSV)", int(send.get("Request Count", 0)), None),
        ("final POSTs made (recorded)", tries, n),
        ("  answered 302 to /offer/sent/ (recorded)", n, None),
        ("references read on confirmation pages", len(references), n),
        ("Offer rows in the database", offers, n),
        ("  of them sent on the web", web_offers, n),
        ("drafts marked sent", drafts_sent, n),
        ("confirmed references found in the database", len(references & db_references), n),
        ("outbox events (1 an offer)", events, n),
        ("  unhandled", events_unhandled, 0),
        ("outbox emails (2 an offer)", emails, 2 * n),
        ("  sent", emails_sent, 2 * n),
        ("  still pending", emails_pending, 0),
        ("  failed", emails_failed, 0),
        ("email messages in files", messages, 2 * n),
        ("email files written", len(files), None),
    ]
    if locust_rc is not None:
        # Non-zero when any request failed, including in the last second.
        rows.append(("locust exit code", locust_rc, 0))
    bad = 0
    print(f"| {'count':<46} | {'value':>7} | {'expected':>8} | ok |")
    print(f"| {'-' * 46} | {'-' * 6}: | {'-' * 7}: | -- |")
    for name, value, expected in rows:
        ok = expected is None or value == expected
        bad += not ok
        shown = "" if expected is None else str(expected)
        print(f"| {name:<46} | {value:>7} | {shown:>8} | {'ok' if ok else 'NO'} |")
    print("all counts agree" if not bad else f"{bad} MISMATCH(ES)")
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drain", type=float, default=None)
    parser.add_argument("--locust-rc", type=int, default=None)
    args = parser.parse_args()
    _setup()
    if args.drain is not None:
        drain(args.drain)
        return 0
    return report(args.locust_rc)


if __name__ == "__main__":
    sys.exit(main())
