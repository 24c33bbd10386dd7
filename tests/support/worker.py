"""What the worker does once a transaction commits, run in a test.

A test runs inside a transaction that never commits, so what a change queues
for after its commit (``transaction.on_commit``: the outbox event's task,
which records possible duplicates and writes and sends the emails) never
runs by itself. :func:`after_commit` runs it, as it runs once the change
commits (Celery runs its tasks in-process in the tests).
"""

from django.test import TestCase


def after_commit(action, *args, **kwargs):
    """``action(*args, **kwargs)``, then what it queued for after its commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args, **kwargs)
