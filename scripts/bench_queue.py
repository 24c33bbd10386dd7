"""Benchmark: the commissioners' queue page at 1,000, 10,000 and 100,000 offers.

Prints the median and slowest of several requests at each size, and the number
of database queries (which must not grow with the offers). Uses a throwaway
database: SQLite in a temporary folder, or PostgreSQL when BENCH_DATABASE_URL
is set (e.g. postgres://postgres@127.0.0.1:5432/leicester_sl_bench, created and
dropped by this script).

    .venv/bin/python scripts/bench_queue.py [--sizes 1000 10000 100000] [--runs 5]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leicester_sl.settings.base")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    creation = connection.creation
    test_db = creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("loaddata", "strategy", verbosity=0)
        from eoi.models import Offer
        from eoi.roles import COMMISSIONERS
        from tests.eoi.factories import many_offers, staff

        client = Client()
        client.force_login(staff("bench", COMMISSIONERS))
        print(f"database: {connection.vendor} ({test_db}); Django {django.get_version()}")
        print(f"{'offers':>8}  {'median ms':>10}  {'slowest ms':>10}  {'queries':>7}")
        for size in sorted(args.sizes):
            missing = size - Offer.objects.count()
            if missing > 0:
                many_offers(missing)
            timings, queries = [], 0
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get("/admin/eoi/offer/")
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
                queries = len(captured)
            print(f"{Offer.objects.count():>8}  {statistics.median(timings):>10.1f}  {max(timings):>10.1f}  {queries:>7}")
    finally:
        creation.destroy_test_db(test_db, verbosity=0)
        tmp.cleanup()


if __name__ == "__main__":
    main()
