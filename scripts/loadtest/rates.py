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


def rates(journey_prefix: str, minimal_prefix: str) -> dict:
    journey, journey_requests, journey_seconds = steady_rate(journey_prefix)
    minimal, minimal_requests, minimal_seconds = steady_rate(minimal_prefix)
    return {
        "journey_rps": journey,
        "journey_requests": journey_requests,
        "journey_seconds": journey_seconds,
        "minimal_rps": minimal,
        "minimal_requests": minimal_requests,
        "minimal_seconds": minimal_seconds,
        "ratio": journey / minimal if minimal else 0.0,
    }


def print_rates(figures: dict) -> None:
    print("| phase (all users running) | requests | seconds | requests/s |")
    print("| --- | ---: | ---: | ---: |")
    for phase, key in (("journey mix", "journey"), ("minimal POST", "minimal")):
        print(
            f"| {phase} | {figures[f'{key}_requests']} | {figures[f'{key}_seconds']:.0f} "
            f"| {figures[f'{key}_rps']:.1f} |"
        )
    met = "met" if figures["ratio"] >= TARGET else "NOT met"
    print(f"journey ÷ minimal: {figures['ratio']:.2f} (target ≥ {TARGET}: {met})")


if __name__ == "__main__":
    print_rates(rates(sys.argv[1], sys.argv[2]))
