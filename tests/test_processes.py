"""Long-running processes set aside what they loaded from the garbage
collector once ready (``leicester_sl.processes``): gunicorn's workers as
they import the WSGI application, Celery's pool processes as they start."""
import subprocess
import sys

from celery.signals import worker_process_init

from leicester_sl.celery import _worker_process_ready


def _in_a_new_process(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "leicester_sl.settings.test", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_wsgi_application_freezes_what_it_loaded_with_the_views():
    out = _in_a_new_process(
        "import gc, sys; import leicester_sl.wsgi; "
        "print(gc.get_freeze_count(), 'eoi.views.journey' in sys.modules)"
    )
    frozen, views_loaded = out.split()
    assert int(frozen) > 10_000
    assert views_loaded == "True"


def test_a_worker_process_loads_the_pdf_renderer_then_freezes():
    out = _in_a_new_process(
        "import gc, django; django.setup(); "
        "from leicester_sl.celery import _worker_process_ready; "
        "from leicester_sl import pdf; "
        "before = pdf._print_stylesheet.cache_info().currsize; "
        "_worker_process_ready(); "
        "print(before, pdf._print_stylesheet.cache_info().currsize, gc.get_freeze_count())"
    )
    before, after, frozen = (int(value) for value in out.split())
    assert (before, after) == (0, 1)
    assert frozen > 10_000


def test_celery_calls_it_in_each_pool_process():
    receivers = [ref() for _key, ref in worker_process_init.receivers]
    assert _worker_process_ready in receivers
