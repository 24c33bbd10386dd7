"""Telling people: every email the portal sends (``emails``), the outbox
that keeps them until sent (``outbox``), the events written with a change
and acted on by the worker (``events``), the Celery tasks that send them
(``tasks``), and the outbox's admin pages (``admin``).
"""
