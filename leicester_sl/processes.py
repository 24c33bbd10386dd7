"""What a long-running process (a gunicorn worker, a Celery worker's child)
does once it has loaded the portal, before its first request or task.

Everything loaded by then (Django, the apps, their templates' and forms'
machinery, WeasyPrint and the fonts) lives as long as the process. CPython's
garbage collector would still walk all of it again at each full collection:
``gc.freeze()`` sets it aside, so a collection looks only at what requests
and tasks made since. In the worker, a full collection of the ~200,000
objects loaded cost about 230 ms, falling in about every other PDF render
(docs/performance.md, the offer page's queries and the PDF).
"""

import gc


def process_ready(*, renders_pdfs: bool = False) -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # the views, forms and admin, imported now
    if renders_pdfs:
        from .pdf import renderer_load

        renderer_load()
    gc.collect()  # what is already garbage is freed, not frozen
    gc.freeze()
