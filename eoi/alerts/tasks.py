"""The alert job as a Celery task (``CELERY_IMPORTS``): Celery beat runs it
each morning, and ``eoi.notifications.enqueue.alerts_send_enqueue`` queues
it by name when an opportunity or an answer is published."""

from celery import shared_task

from eoi.notifications.enqueue import ALERTS_SEND

from . import sending


@shared_task(name=ALERTS_SEND, ignore_result=True)
def alerts_send() -> int:
    """Every alert due and not yet sent (``eoi.alerts.sending``); safe to run twice."""
    return sending.alerts_send()
