from django.apps import AppConfig


class EoiConfig(AppConfig):
    name = "eoi"
    verbose_name = "Offers from providers"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system check)

        # Registers the Celery tasks in every process (the outbox finds them by name).
        from .notifications import tasks  # noqa: F401
        from .alerts import tasks as alert_tasks  # noqa: F401
