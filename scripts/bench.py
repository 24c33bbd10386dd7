#!/usr/bin/env python
"""The performance figures in one run, each against its budget (docs/performance.md).

    .venv/bin/python scripts/bench.py [--json] [--quick] [--runs N] [--sizes 1000 100000]

Prints a table; with ``--json``, then one JSON object as the last line:

- ``submission_cpu_ratio``: median CPU time (``time.process_time``, server
  side: the test client runs in-process) of the final submission
  (POST /offer/check-answers/) over a minimal form POST saving one row, same
  database, interleaved run by run; ``submission_queries``;
- ``queue_100k_over_1k``, ``queue_search_100k_over_1k`` (``?q=`` one
  reference), ``dashboard_100k_over_1k``, ``dashboard_csv_100k_over_1k``:
  median wall time of /admin/eoi/offer/, /staff/dashboard/ and
  /staff/dashboard.csv at the largest size over the smallest;
- ``offer_page_queries``: GET /admin/eoi/offer/<id>/change/;
- ``pdf_per_page_ratio``: the offer summary's render time per page over a
  plain text document's of the same number of pages;
  ``pdf_peak_rss_growth_ratio``: how much the process's peak RSS grows over
  a few renders of the summary, over the same for the plain document (each
  in a fresh process, from the memory it holds then; the median of five
  processes of each).

The web figures come from scripts/bench_web.py and the PDF ones from
scripts/bench_pdf.py, each in processes of their own. BENCH_DATABASE_URL
chooses the web figures' database (default: SQLite in a temporary folder);
Django makes its test database next to it, named after it (``test_`` and
its name), and drops it at the end, so runs on different URLs do not
collide. The PDF figures use a throwaway SQLite database: they do not
depend on it. ``--quick`` (a minute or two): 5 runs, 1,000 and 10,000
offers, and the keys say so (``queue_10k_over_1k``).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"

TARGETS = {  # the budgets of docs/performance.md: at most
    "submission_cpu_ratio": 6,
    "submission_queries": 15,
    "queue_{big}_over_{small}": 1.5,
    "queue_search_{big}_over_{small}": 1.5,
    "dashboard_{big}_over_{small}": 2.5,
    "dashboard_csv_{big}_over_{small}": 2.5,
    "offer_page_queries": 12,
    "pdf_per_page_ratio": 2,
    "pdf_peak_rss_growth_ratio": 1.5,
}


def _child(script: str, *args) -> dict:
    """Run a script in a process of its own: show its lines, return its last (JSON)."""
    env = {**os.environ, "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING")}
    completed = subprocess.run(
        [sys.executable, str(SCRIPTS / script), *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode or not lines:
        print(completed.stdout, end="")
        raise SystemExit(f"{script} failed (exit code {completed.returncode})")
    for line in lines[:-1]:
        print(f"  {line}")
    return json.loads(lines[-1])


def _size_name(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    parser.add_argument("--runs", type=int, default=None, help="timed submissions (default 100)")
    parser.add_argument("--sizes", type=int, nargs=2, default=None, metavar=("SMALL", "LARGE"))
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 100)
    staff_runs = 3 if args.quick else 7
    small, large = args.sizes or ((1000, 10000) if args.quick else (1000, 100000))
    pdf_runs, rss_renders, rss_processes = (3, 3, 1) if args.quick else (10, 5, 5)

    figures = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    if not args.skip_web:
        print("== Web (scripts/bench_web.py) ==", flush=True)
        figures.update(_child("bench_web.py", runs, staff_runs, small, large))
    if not args.skip_pdf:
        print("== PDF (scripts/bench_pdf.py) ==", flush=True)
        timing = _child("bench_pdf.py", "time", pdf_runs)
        figures.update(timing)
        # A process's peak memory varies by a few MB from one process to the
        # next (when the collector runs, how the allocator's arenas fall):
        # the median of several processes of each, run in turn.
        growths = {"summary": [], "plain": []}
        for _ in range(rss_processes):
            for which, values in growths.items():
                measured = _child(
                    "bench_pdf.py", "rss", which, rss_renders, timing["pdf_paragraphs"]
                )
                values.append(measured[f"pdf_rss_growth_mb_{which}"])
        for which, values in growths.items():
            figures[f"pdf_rss_growth_mb_{which}"] = statistics.median(values)
        figures["pdf_peak_rss_growth_ratio"] = figures["pdf_rss_growth_mb_summary"] / max(
            figures["pdf_rss_growth_mb_plain"], 0.1
        )

    names = {"big": _size_name(large), "small": _size_name(small)}
    print(f"\n{'figure':42}{'value':>12}{'target':>10}")
    headline = {}
    for pattern, target in TARGETS.items():
        key = pattern.format(**names)
        if key in figures:
            value = figures[key]
            headline[key] = round(value, 2) if isinstance(value, float) else value
            mark = "" if value <= target else "  over"
            print(f"{key:42}{headline[key]:>12}{'≤ ' + str(target):>10}{mark}")
    for key, value in figures.items():
        if key not in headline and isinstance(value, float):
            print(f"{key:42}{value:>12.1f}")
    if args.json:
        rounded = {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}
        print(json.dumps({**headline, **rounded}))


if __name__ == "__main__":
    main()
