#!/usr/bin/env python
"""Benchmarks in one run: the provider's "Accept and send" next to a minimal
Django form POST, the home page, then the queue and PDF benchmarks.

    .venv/bin/python scripts/bench.py [--quick] [--runs 50] [--skip-queue] [--skip-pdf]

1. The final submission: for each run a fresh test-client session presses
   "Start now" and answers every step of the journey (the answers of
   tests/eoi/journey_answers.py, example 01, "accommodation"), untimed; then
   the POST of /offer/check-answers/ is timed: the whole view path, with
   middleware, session, screening, saving the offer, routing and queueing its
   two outbox emails on commit. It must answer 302 to /offer/sent/.
2. A minimal form POST, timed the same way through the same test client: a
   throwaway view (defined below, added to a URLconf built here) with a
   ModelForm saving one django.contrib.auth Group row and redirecting. The
   ratio of the two medians is the figure that matters: it does not depend
   much on the machine.
3. The home page (/) GET.
4. scripts/bench_queue.py (the commissioners' queue at 1,000, 10,000 and
   100,000 offers) and scripts/bench_pdf.py (the PDF summary's render time and
   memory), each in its own process.

Celery: the broker is memory:// with CELERY_TASK_ALWAYS_EAGER off, so the
submission's time includes queueing the emails (outbox rows, and publishing
the send tasks to the in-memory broker when the transaction commits) but not
building and sending them: a worker does that in production, off the
request. The rate limits are raised for the run; the test client does not
check CSRF tokens (for either POST).

Uses a throwaway database: SQLite in a temporary folder, or PostgreSQL when
BENCH_DATABASE_URL is set (as bench_queue.py; a test_ database is created
next to it and dropped). ``--quick`` uses fewer runs and smaller queue sizes
(1,000 and 10,000 offers).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_URLCONF = "bench_urls"


def _stats(timings: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
    return median, p95


def _bench_urlconf():
    """The portal's URLs plus /__bench__/group/: a minimal form view that saves one row."""
    from django import forms
    from django.contrib.auth.models import Group
    from django.http import HttpResponse
    from django.shortcuts import redirect
    from django.urls import path

    from leicester_sl import urls as portal_urls

    class GroupForm(forms.ModelForm):
        class Meta:
            model = Group
            fields = ["name"]

    def group_create(request):
        form = GroupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            form.save()
            return redirect("/__bench__/group/")
        return HttpResponse(form.as_p())

    module = types.ModuleType(BENCH_URLCONF)
    module.urlpatterns = [
        path("__bench__/group/", group_create, name="bench-group"),
        *portal_urls.urlpatterns,
    ]
    sys.modules[BENCH_URLCONF] = module


def _prepared_client():
    """A test client with a draft whose every step is answered (untimed)."""
    from django.test import Client

    from tests.eoi.journey_answers import answer_all

    client = Client()
    response = client.post("/offer/")
    assert response.status_code == 302, response.status_code
    answer_all(client, "accommodation")
    return client


def _time(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def web_benchmarks(runs: int) -> None:
    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "leicester_sl.settings.base"
    os.environ["LEICESTER_SL_VAR_DIR"] = tmp.name
    os.environ["DJANGO_MEDIA_ROOT"] = f"{tmp.name}/media"
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.pop("CACHE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from post_office.models import Email

    settings.EOI_RATE_LIMITS = {group: "1000000/m" for group in settings.EOI_RATE_LIMITS}
    _bench_urlconf()
    settings.ROOT_URLCONF = BENCH_URLCONF
    setup_test_environment()
    creation = connection.creation
    test_db = creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("loaddata", "strategy", verbosity=0)
        from eoi.models import Offer

        print(
            f"database: {connection.vendor} ({test_db}); Django {django.get_version()}; "
            f"Celery broker memory://, eager off (emails queued, not sent); {runs} runs each"
        )

        # The final submission, one warm-up first (imports, templates, caches).
        submit, warm = [], True
        for _ in range(runs + 1):
            client = _prepared_client()
            elapsed, response = _time(lambda: client.post("/offer/check-answers/"))
            assert response.status_code == 302, response.status_code
            assert response.url.startswith("/offer/sent/"), response.url
            if warm:
                warm = False
                continue
            submit.append(elapsed)
        offers, emails = Offer.objects.count(), Email.objects.count()
        assert offers == runs + 1, offers
        assert emails == 2 * offers, (emails, offers)

        # The minimal form POST, through the same client.
        client = Client()
        minimal = []
        for number in range(runs + 1):
            elapsed, response = _time(
                lambda: client.post("/__bench__/group/", {"name": f"bench {number}"})
            )
            assert response.status_code == 302, response.status_code
            if number:
                minimal.append(elapsed)
        assert Group.objects.filter(name__startswith="bench ").count() == runs + 1

        # The home page.
        client = Client()
        home = []
        for number in range(runs + 1):
            elapsed, response = _time(lambda: client.get("/"))
            assert response.status_code == 200, response.status_code
            if number:
                home.append(elapsed)

        rows = [
            ("final submission (POST /offer/check-answers/)", submit),
            ("minimal form POST (one Group row)", minimal),
            ("home page GET /", home),
        ]
        print(f"{'':48}{'median ms':>10}{'p95 ms':>10}")
        for name, timings in rows:
            median, p95 = _stats(timings)
            print(f"{name:48}{median:>10.1f}{p95:>10.1f}")
        ratio = statistics.median(submit) / statistics.median(minimal)
        ratio95 = _stats(submit)[1] / _stats(minimal)[1]
        print(
            f"ratio submission / minimal POST: {ratio:.1f}x at the median, "
            f"{ratio95:.1f}x at p95 (the ratio is the figure that matters)"
        )
        print(f"offers saved: {offers}; outbox emails queued: {emails}")
    finally:
        creation.destroy_test_db(test_db, verbosity=0)
        tmp.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    parser.add_argument("--runs", type=int, default=None, help="timed requests of each kind")
    parser.add_argument("--skip-queue", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    runs = args.runs or (10 if args.quick else 50)

    print("== Submission vs a minimal form POST, and the home page ==", flush=True)
    # In a child process, so Django's settings here do not leak into the others.
    code = subprocess.call(
        [sys.executable, __file__, "--_web", str(runs)], cwd=ROOT
    )
    failed = code != 0
    env = {**os.environ, "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING")}
    if not args.skip_queue:
        sizes = ["1000", "10000"] if args.quick else ["1000", "10000", "100000"]
        print("\n== The commissioners' queue (scripts/bench_queue.py) ==", flush=True)
        failed |= subprocess.call(
            [sys.executable, str(ROOT / "scripts" / "bench_queue.py"), "--sizes", *sizes],
            cwd=ROOT,
            env=env,
        ) != 0
    if not args.skip_pdf:
        print("\n== The PDF summary (scripts/bench_pdf.py) ==", flush=True)
        # Its set-up sends the example offer's emails to the console: show
        # only its summary (from "Offer summary PDF" on), unless it fails.
        pdf = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "bench_pdf.py"),
                "--runs",
                "5" if args.quick else "20",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        out = pdf.stdout
        start = out.find("Offer summary PDF")
        print(out[start:] if start >= 0 and pdf.returncode == 0 else out + pdf.stderr, end="")
        failed |= pdf.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_web":
        web_benchmarks(int(sys.argv[2]))
    else:
        main()
