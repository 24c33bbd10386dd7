"""The load test's URLs: the portal's, plus the minimal POST
(scripts/minimal_post.py) that the journey's requests per second are compared
with, under the same gunicorn and middleware. Mounted only by
scripts/loadtest/settings.py."""

from leicester_sl.urls import *  # noqa: F401,F403  (the error handlers too)
from leicester_sl.urls import urlpatterns as portal_urlpatterns
from scripts.minimal_post import urlpatterns_with_minimal_post

urlpatterns = urlpatterns_with_minimal_post(portal_urlpatterns)
