#!/usr/bin/env python
"""Requests per second of the load test's two phases, and their ratio.

    rates.py JOURNEY_CSV_PREFIX MINIMAL_CSV_PREFIX

A phase's rate is taken from locust's ``<prefix>_stats_history.csv`` (one
row a second with the users running and the requests completed so far),
over the seconds when all its users were running: the ramp-up (users
starting 10 a second) and the tail (users finishing the journey they are on
after the time limit, fewer and fewer) are left out, so both phases are
measured at the same full load. Without such seconds (a run too short), the
whole run's average is used.

The rates depend on what else the machine runs during each phase; so also,
when run.sh wrote ``<prefix>.cpu`` (the CPU seconds gunicorn's workers and the
Celery worker used during the phase), the portal's CPU milliseconds per
request over the whole phase, which do not (PostgreSQL's and locust's CPU
are not in them).
"""

import csv
import sys
from pathlib import Path

TARGET = 0.5  # issue 13: the journey mix at least half the minimal POST's requests/s


def steady_rate(prefix: str) -> tuple[float, int, float]:
    """(requests a second, requests counted, seconds) of one phase at full load."""
    with Path(f"{prefix}_stats_history.csv").open() as handle:
        rows = [
            (int(row["Timestamp"]), int(row["User Count"]), int(row["Total Request Count"]))
            for row in csv.DictReader(handle)
            if row["Name"] == "Aggregated"
        ]
    if not rows:
        return 0.0, 0, 0.0
    most_users = max(users for _, users, _ in rows)
    full = [row for row in rows if row[1] == most_users]
    first, last = (full[0], full[-1]) if len(full) > 1 else (rows[0], rows[-1])
    seconds = last[0] - first[0]
    requests = last[2] - first[2]
    return (requests / seconds if seconds else 0.0), requests, float(seconds)


def cpu_per_request(prefix: str) -> float | None:
    """The portal's CPU ms per request over the whole phase, if run.sh measured it."""
    cpu, stats = Path(f"{prefix}.cpu"), Path(f"{prefix}_stats.csv")
    if not (cpu.exists() and stats.exists()):
        return None
    with stats.open() as handle:
        total = [row for row in csv.DictReader(handle) if row["Name"] == "Aggregated"]
    requests = int(total[0]["Request Count"]) if total else 0
    return 1000 * float(cpu.read_text()) / requests if requests else None


def rates(journey_prefix: str, minimal_prefix: str) -> dict:
    journey, journey_requests, journey_seconds = steady_rate(journey_prefix)
    minimal, minimal_requests, minimal_seconds = steady_rate(minimal_prefix)
    journey_cpu, minimal_cpu = cpu_per_request(journey_prefix), cpu_per_request(minimal_prefix)
    return {
        "journey_cpu_ms": journey_cpu,
        "minimal_cpu_ms": minimal_cpu,
        "cpu_ratio": minimal_cpu / journey_cpu if journey_cpu and minimal_cpu else None,
        "journey_rps": journey,
        "journey_requests": journey_requests,
        "journey_seconds": journey_seconds,
        "minimal_rps": minimal,
        "minimal_requests": minimal_requests,
        "minimal_seconds": minimal_seconds,
        "ratio": journey / minimal if minimal else 0.0,
    }


def print_rates(figures: dict) -> None:
    print(
        "| phase (all users running) | requests | seconds | requests/s | portal CPU ms a request |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for phase, key in (("journey mix", "journey"), ("minimal POST", "minimal")):
        cpu = figures[f"{key}_cpu_ms"]
        print(
            f"| {phase} | {figures[f'{key}_requests']} | {figures[f'{key}_seconds']:.0f} "
            f"| {figures[f'{key}_rps']:.1f} | {'' if cpu is None else f'{cpu:.1f}'} |"
        )
    met = "met" if figures["ratio"] >= TARGET else "NOT met"
    print(f"journey ÷ minimal, requests/s: {figures['ratio']:.2f} (target ≥ {TARGET}: {met})")
    if figures["cpu_ratio"] is not None:
        print(
            f"minimal ÷ journey, portal CPU a request: {figures['cpu_ratio']:.2f} "
            "(the requests/s ratio on a machine with nothing else running, if CPU-bound)"
        )


if __name__ == "__main__":
    print_rates(rates(sys.argv[1], sys.argv[2]))
