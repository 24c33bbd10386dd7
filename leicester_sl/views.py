from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from eoi.retention import period_words
from strategy.rates import rates_in_force

from .health import broker_state, database_state


@never_cache
@require_GET
def healthz(request):
    """JSON for load balancers and docker-compose: 200 when healthy, 503 when not."""
    checks = {"database": database_state(), "broker": broker_state()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


class AccessibilityView(TemplateView):
    template_name = "pages/accessibility.html"


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        # The periods eoi/retention.py applies, so the notice says what happens.
        return {
            **super().get_context_data(**kwargs),
            "draft_retention": period_words(settings.EOI_DRAFT_RETENTION_DAYS),
            "alert_confirm_retention": period_words(settings.EOI_ALERT_CONFIRM_DAYS),
            "decided_retention": period_words(settings.EOI_RETENTION_DECIDED_DAYS),
            "question_retention": period_words(settings.EOI_QUESTION_RETENTION_DAYS),
        }


class RatesView(TemplateView):
    """The reference values and framework lots in force today, with sources."""

    template_name = "pages/rates.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rates": rates_in_force(on=timezone.localdate()),
        }
