#!/usr/bin/env python
"""Benchmark: how long an offer's PDF summary takes to render, and the memory it needs.

    .venv/bin/python scripts/bench_pdf.py [--runs 20] [--example FILE.json]

A benchmark, not a test: it asserts nothing. It builds a throwaway SQLite
database in a temporary folder (migrations, the strategy fixture, one offer
imported from example 01 (tests/data/examples) with two attachments), renders the
summary once to warm up (fonts, Pango), then ``--runs`` times, and prints the
median and 95th percentile render time, the pages and size of the PDF, the
Python heap's peak during one render (tracemalloc, measured on a separate run
because tracing slows Python down) and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = Path(
    os.environ.get("LEICESTER_SL_EXAMPLES_DIR", ROOT / "tests" / "data" / "examples")
)


def _mb(size: float) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _max_rss() -> int:
    """The process's peak resident set size in bytes (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _setup_django(folder: str) -> None:
    # Everything the run writes stays in the temporary folder; tasks run in-process.
    os.environ["DJANGO_SETTINGS_MODULE"] = "leicester_sl.settings.base"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["LEICESTER_SL_VAR_DIR"] = folder
    os.environ["DJANGO_MEDIA_ROOT"] = f"{folder}/media"
    os.environ["EMAIL_URL"] = "consolemail://"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _offer(example: Path):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from eoi.models import Attachment
    from eoi.offer_document import parse_offer
    from eoi.services import offer_submit

    call_command("migrate", verbosity=0)
    call_command("loaddata", "strategy", verbosity=0)
    data = json.loads(example.read_text(encoding="utf-8"))
    offer = offer_submit(document=parse_offer(data.get("offer", data)), source="import")
    for kind, name, size in (
        (Attachment.Kind.SITE_PLAN, "site-plan.pdf", 184_320),
        (Attachment.Kind.FLOOR_PLAN, "floor-plans-ground-and-first.pdf", 1_572_864),
    ):
        Attachment.objects.create(
            offer=offer,
            kind=kind,
            file=ContentFile(b"%PDF-1.7\n", name=name),
            original_name=name,
            content_type="application/pdf",
            size=size,
        )
    return offer


def _pages(pdf: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "unknown (install pypdf: pip install -e '.[test]')"
    return str(len(PdfReader(BytesIO(pdf)).pages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed renders (default 20)")
    parser.add_argument(
        "--example",
        type=Path,
        default=EXAMPLES / "01-mental-health-step-down.json",
        help="the offer to render (an offer document, or an example with 'offer')",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        _setup_django(folder)
        from eoi.documents import render_offer_summary_pdf

        offer = _offer(args.example)
        rss_before = _max_rss()

        started = time.perf_counter()
        pdf = render_offer_summary_pdf(offer)
        first = time.perf_counter() - started

        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            pdf = render_offer_summary_pdf(offer)
            times.append(time.perf_counter() - started)

        tracemalloc.start()
        render_offer_summary_pdf(offer)
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = _max_rss()

        p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
        print(f"Offer summary PDF of {offer.reference} ({args.example.name})")
        print(f"  runs:            {args.runs} (after one warm-up render of {first * 1000:.0f} ms)")
        print(f"  median:          {statistics.median(times) * 1000:.0f} ms")
        print(f"  p95:             {p95 * 1000:.0f} ms")
        print(f"  min / max:       {min(times) * 1000:.0f} / {max(times) * 1000:.0f} ms")
        print(f"  pages:           {_pages(pdf)}")
        print(f"  size:            {len(pdf):,} bytes")
        print(f"  Python peak:     {_mb(python_peak)} (tracemalloc, one render)")
        print(f"  process max RSS: {_mb(rss_after)} ({_mb(rss_before)} before rendering)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
