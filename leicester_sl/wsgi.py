"""WSGI entry point for gunicorn; production settings unless told otherwise."""
import os

from django.core.wsgi import get_wsgi_application

from .processes import process_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leicester_sl.settings.production")

application = get_wsgi_application()
process_ready()
