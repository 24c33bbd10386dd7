"""The Celery application: email and PDF work runs here, with Redis as broker."""
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leicester_sl.settings.base")

app = Celery("leicester_sl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _worker_process_ready(**kwargs):
    """Each pool process, once forked: the PDF renderer loaded, what is
    loaded set aside from the garbage collector (``leicester_sl.processes``)."""
    from .processes import process_ready

    process_ready(renders_pdfs=True)
