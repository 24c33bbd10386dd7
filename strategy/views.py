from django.views.generic import TemplateView

from . import selectors


def _chart_rows(items, *, label, value, maximum):
    """Bar-chart rows with the percentage worked out here, not in the template."""
    return [
        {
            "label": label(item),
            "value": value(item),
            "max": maximum,
            "percent": round(100 * value(item) / maximum) if maximum else 0,
        }
        for item in items
    ]


class HomeView(TemplateView):
    """What the city needs now, and how to make an offer."""

    template_name = "strategy/home.html"

    def get_context_data(self, **kwargs):
        version = selectors.forecast_version_current()
        groups = selectors.demand_group_list(version=version)
        lines = [line for group in groups for line in group.lines]
        phases = selectors.phase_list(version=version)
        largest_line = max((line.net_units for line in lines), default=0)
        return super().get_context_data(
            version=version,
            summary=selectors.strategy_summary(version=version),
            groups=groups,
            phases=phases,
            provision=selectors.existing_provision_list(),
            unmet_chart=_chart_rows(
                lines,
                label=lambda line: line.cohort,
                value=lambda line: line.unmet_units,
                maximum=largest_line,
            ),
            phase_chart=_chart_rows(
                phases,
                label=lambda phase: f"Phase {phase.number} ({phase.period})",
                value=lambda phase: phase.units,
                maximum=max((phase.units for phase in phases), default=0),
            ),
            **kwargs,
        )
