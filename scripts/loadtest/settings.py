"""Settings for the load test (scripts/loadtest/run.sh): the portal's
``leicester_sl.settings.base``, read from the environment as in a deployment
(DJANGO_DEBUG=false, DATABASE_URL, CELERY_BROKER_URL, CACHE_URL, EMAIL_URL),
with the per-address rate limits raised (every simulated user comes
from 127.0.0.1, so the real limits would refuse all but the first few) and
the minimal POST added to the URLs (scripts/loadtest/urls.py).
Plain HTTP on localhost is allowed because production.py (HTTPS-only
cookies, HSTS, redirect to HTTPS) is not used.
"""

from leicester_sl.settings.base import *  # noqa: F401,F403
from leicester_sl.settings.base import EOI_RATE_LIMITS

EOI_RATE_LIMITS = {group: "1000000/m" for group in EOI_RATE_LIMITS}
# The portal's URLs plus the minimal POST the journey is compared with.
ROOT_URLCONF = "scripts.loadtest.urls"
