#!/usr/bin/env python
"""The PDF half of scripts/bench.py: the offer summary against a plain text
document of the same number of pages, both through ``leicester_sl.documents.pdf``.

    python scripts/bench_pdf.py time RUNS     render times, interleaved
    python scripts/bench_pdf.py rss summary|plain RENDERS PARAGRAPHS   peak memory growth

(PARAGRAPHS: the plain document's, which ``time`` prints as ``pdf_paragraphs``.)

Each mode runs in a process of its own (peak RSS only grows), on a throwaway
SQLite database in a temporary folder: migrations, the strategy fixture and
one offer sent through the journey with the test client (the answers of
tests/eoi/journey_answers.py, example 01, accommodation with care and support). The
summary is ``eoi.offers.summary.render_offer_summary_pdf``; the plain document is
paragraphs of text under one heading, as many as give the summary's number
of pages, rendered by ``leicester_sl.documents.pdf.render_html_pdf`` (same fonts,
tagging and PDF/UA-1). Each mode prints one JSON line.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = (
    "The provider offers homes for people who need support to live on their own, "
    "close to shops, transport and the services they use, with staff on site by day "
    "and on call at night, and a garden shared by the tenants. "
)


def _setup(folder: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "leicester_sl.settings.base"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["LEICESTER_SL_VAR_DIR"] = folder
    os.environ["DJANGO_MEDIA_ROOT"] = f"{folder}/media"
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.pop("CACHE_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, mail kept in memory
    settings.EOI_RATE_LIMITS = {group: "1000000/m" for group in settings.EOI_RATE_LIMITS}
    call_command("migrate", verbosity=0)
    call_command("loaddata", "strategy", verbosity=0)


def _offer():
    """One offer, sent through the journey."""
    from django.test import Client

    from eoi.models import Offer
    from tests.eoi.journey_answers import answer_all

    client = Client()
    assert client.post("/offer/").status_code == 302
    answer_all(client, "accommodation_and_support")
    response = client.post("/offer/check-answers/")
    assert response.status_code == 302, response.status_code
    return Offer.objects.get()


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def plain_html(paragraphs: int) -> str:
    body = "".join(f"<p>{WORDS * 3}</p>" for _ in range(paragraphs))
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        "<title>A plain document</title></head>"
        f"<body><h1>A plain document</h1>{body}</body></html>"
    )


def plain_paragraphs(pages: int) -> int:
    """The fewest paragraphs that make a plain document of ``pages`` pages."""
    from leicester_sl.documents.pdf import render_html_pdf

    low, high = 1, 8 * pages
    while _pages(render_html_pdf(plain_html(high))) < pages:
        high *= 2
    while low < high:
        middle = (low + high) // 2
        if _pages(render_html_pdf(plain_html(middle))) < pages:
            low = middle + 1
        else:
            high = middle
    return low


def _status_bytes(field: str) -> int:
    """A memory figure of this process from /proc/self/status (Linux), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024  # kB
    raise LookupError(field)


def _peak_from_now():
    """Start measuring the peak RSS from the RSS now; give a function that
    returns the growth since. On Linux the kernel's high-water mark is reset
    (``/proc/self/clear_refs``), so the growth is the renders' own and not
    hidden under the peak the setup reached (migrations, the journey);
    elsewhere, the growth of ``ru_maxrss`` over it."""
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _status_bytes("VmRSS")
        return lambda: _status_bytes("VmHWM") - before
    except OSError:
        before = _max_rss()
        return lambda: _max_rss() - before


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def _renderers(offer, paragraphs: int):
    from eoi.offers.summary import render_offer_summary_pdf
    from leicester_sl.documents.pdf import render_html_pdf

    html = plain_html(paragraphs)
    return {
        "summary": lambda: render_offer_summary_pdf(offer),
        "plain": lambda: render_html_pdf(html),
    }


def time_mode(runs: int) -> dict:
    """Median render time of each document, rendered in turn."""
    from eoi.offers.summary import render_offer_summary_pdf

    offer = _offer()
    started = time.perf_counter()
    pages = _pages(render_offer_summary_pdf(offer))
    first = time.perf_counter() - started
    paragraphs = plain_paragraphs(pages)
    renderers = _renderers(offer, paragraphs)
    times = {name: [] for name in renderers}
    sizes = {}
    for number in range(runs + 1):
        for name, render in renderers.items():
            started = time.perf_counter()
            pdf = render()
            if number:
                times[name].append((time.perf_counter() - started) * 1000)
            sizes[name] = len(pdf)
    plain_pages = _pages(renderers["plain"]())
    summary, plain = statistics.median(times["summary"]), statistics.median(times["plain"])
    return {
        "pdf_first_render_ms": first * 1000,
        "pdf_summary_ms": summary,
        "pdf_plain_ms": plain,
        "pdf_summary_pages": pages,
        "pdf_plain_pages": plain_pages,
        "pdf_summary_bytes": sizes["summary"],
        "pdf_plain_bytes": sizes["plain"],
        "pdf_per_page_ratio": (summary / pages) / (plain / plain_pages),
        "pdf_paragraphs": paragraphs,
    }


def rss_mode(which: str, renders: int, paragraphs: int) -> dict:
    """Growth of the process's peak RSS over ``renders`` renders of one document."""
    offer = _offer()
    render = _renderers(offer, paragraphs)[which]
    growth = _peak_from_now()
    for _ in range(renders):
        render()
    return {f"pdf_rss_growth_mb_{which}": growth() / (1024 * 1024)}


def main(argv: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        _setup(folder)
        if argv[0] == "time":
            return time_mode(int(argv[1]))
        return rss_mode(argv[1], int(argv[2]), int(argv[3]))


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
