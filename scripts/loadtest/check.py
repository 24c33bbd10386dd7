#!/usr/bin/env python
"""After the load test: do the offers locust sent, the offers in the database,
the outbox's emails and the email files written all agree?

    check.py --drain 60     wait up to 60 s for the outbox to empty, then exit
    check.py                print the table; exit 1 on any mismatch or locust failure

Reads the environment scripts/loadtest/run.sh sets: DATABASE_URL and the
settings, LOADTEST_REFERENCES (the lines the locustfile wrote: "SENT <url>"
for each final POST answered 302 to /offer/sent/, "REF <reference>" from each
confirmation page), LOADTEST_MAIL_DIR, LOADTEST_LOCUST_CSV (the journey
mix's CSV files) and LOADTEST_MINIMAL_CSV (the minimal POST's). It also
prints both phases' requests per second and their ratio (rates.py), which
do not change the exit status: they depend on what else the machine runs.

The emails are counted once the outbox has drained, from the ``Email``
rows and the files written, not from what the request wrote: whether the
request writes them or a worker makes them later from an event, an offer
must end with its emails sent.
"""

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.loadtest.rates import print_rates, rates  # noqa: E402  (no Django)

SEPARATOR = "-" * 79  # Django's file email backend ends each message with it
EMAILS_PER_OFFER = 2  # the provider's acknowledgement and the commissioners' notice


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scripts.loadtest.settings")
    import django

    django.setup()


def drain(seconds: float) -> None:
    """Wait until every offer has its emails and none is pending (or the time is up)."""
    from post_office.models import STATUS, Email

    from eoi.models import Offer, OutboxEvent

    deadline = time.monotonic() + seconds
    while True:
        # An offer's emails are written only when the worker handles its
        # "offer submitted" event: wait for the events and the emails.
        events = OutboxEvent.objects.filter(handled_at__isnull=True).count()
        expected = EMAILS_PER_OFFER * Offer.objects.count()
        emails = Email.objects.count()
        pending = Email.objects.filter(status__in=(STATUS.queued, STATUS.requeued)).count()
        done = events == 0 and pending == 0 and emails >= expected
        if done or time.monotonic() > deadline:
            print(
                f"outbox: {events} events unhandled, {emails} of {expected} emails made, "
                f"{pending} still pending"
            )
            return
        time.sleep(1)


def _locust_stats(prefix: str) -> dict[str, dict]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        return {}
    with path.open() as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def report(locust_rc: int | None, minimal_rc: int | None) -> int:
    from django.contrib.auth.models import Group
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
    minimal_total = _locust_stats(os.environ["LOADTEST_MINIMAL_CSV"]).get("Aggregated", {})
    # Rows the minimal POST saved (the locustfile's names start "load ").
    minimal_rows = Group.objects.filter(name__startswith="load ").count()

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
        (f"outbox emails ({EMAILS_PER_OFFER} an offer)", emails, EMAILS_PER_OFFER * n),
        ("  sent", emails_sent, EMAILS_PER_OFFER * n),
        ("  still pending", emails_pending, 0),
        ("  failed", emails_failed, 0),
        ("email messages in files", messages, EMAILS_PER_OFFER * n),
        ("email files written", len(files), None),
    ]
    if locust_rc is not None:
        # Non-zero when any request failed, including in the last second.
        rows.append(("locust exit code", locust_rc, 0))
    rows += [
        (
            "minimal POST: locust requests (CSV, all)",
            int(minimal_total.get("Request Count", 0)),
            None,
        ),
        ("minimal POST: locust failures (CSV)", int(minimal_total.get("Failure Count", -1)), 0),
        ("minimal POST: rows saved", minimal_rows, None),
    ]
    if minimal_rc is not None:
        rows.append(("minimal POST: locust exit code", minimal_rc, 0))
    bad = 0
    print(f"| {'count':<46} | {'value':>7} | {'expected':>8} | ok |")
    print(f"| {'-' * 46} | {'-' * 6}: | {'-' * 7}: | -- |")
    for name, value, expected in rows:
        ok = expected is None or value == expected
        bad += not ok
        shown = "" if expected is None else str(expected)
        print(f"| {name:<46} | {value:>7} | {shown:>8} | {'ok' if ok else 'NO'} |")
    print("all counts agree" if not bad else f"{bad} MISMATCH(ES)")
    print()
    print_rates(rates(os.environ["LOADTEST_LOCUST_CSV"], os.environ["LOADTEST_MINIMAL_CSV"]))
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drain", type=float, default=None)
    parser.add_argument("--locust-rc", type=int, default=None)
    parser.add_argument("--minimal-rc", type=int, default=None)
    args = parser.parse_args()
    _setup()
    if args.drain is not None:
        drain(args.drain)
        return 0
    return report(args.locust_rc, args.minimal_rc)


if __name__ == "__main__":
    sys.exit(main())
