"""The environment production settings need before they load (secret key,
public address, host), for tests that start a process on them."""

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "leicester_sl.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "PORTAL_BASE_URL": "https://portal.example.org",
}
