"""The tests' settings (pytest's ``DJANGO_SETTINGS_MODULE``): the embedded
default, or PostgreSQL and Redis when the environment says so, as in CI, with
only what makes the tests fast and repeatable changed.

Nothing here weakens what the tests check: the rate limits, lockouts and
password rules stay those of ``base``, and every test starts with an empty
cache (tests/conftest.py), so no count carries over from one test to the next.
"""

from .base import *  # noqa: F401,F403

# Staff accounts are made in hundreds of tests; PBKDF2's 1,000,000 rounds cost
# a third of a second each. MD5 is fine for throwaway test users, never for
# real ones (production.py keeps Django's default).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Everything else is read from the environment as in base, so the
# subprocesses some tests start (a Celery worker, manage.py) run on the same
# settings: pytest-django exports DJANGO_SETTINGS_MODULE to them.

# WhiteNoise lists every static file when its middleware starts, and the test
# client starts the middleware again for every new client: ~10 ms each, in
# over a thousand tests. Looked up when asked for instead, the same files are
# served with the same headers.
WHITENOISE_AUTOREFRESH = True
