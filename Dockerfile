# The portal's image: gunicorn serves the app (static files through WhiteNoise);
# the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=leicester_sl.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-liberation \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app portal
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && DJANGO_SECRET_KEY=build-only-collectstatic-key-0123456789-0123456789-0123456789 \
    PORTAL_BASE_URL=https://build.invalid \
    python manage.py collectstatic --no-input \
 && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "leicester_sl.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
