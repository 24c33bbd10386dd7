"""The Celery application: email and PDF work runs here, with Redis as broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leicester_sl.settings.base")

app = Celery("leicester_sl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
