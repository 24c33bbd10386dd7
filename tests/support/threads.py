"""Running the same work in several threads at once, each on its own
database connection, as two requests or two workers would."""

import threading

from django.db import connection


def at_once(work, *, times: int = 2, timeout: float = 60) -> None:
    """Call ``work()`` in ``times`` threads released together; wait for all.

    Each thread closes its own database connection when done, so the test
    database can be flushed after the test."""
    barrier = threading.Barrier(times)

    def run():
        try:
            barrier.wait(timeout=10)
            work()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
