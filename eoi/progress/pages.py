"""The public pages that show what the city still needs: the start page, "What
the city needs" with the current position as open data (JSON and CSV), and
"Planned and delivered". Every figure of what is still needed comes from the
one demand balance (``position.position_for``).
"""

import io
import json

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from leicester_sl.documents.spreadsheets import csv_writer
from strategy import selectors as strategy_selectors
from strategy.balance import Balance
from strategy.models import ForecastVersion, PipelineScheme

from eoi.offers.session import DraftSession

from .position import position_for
from .trajectory import trajectory_rows_open

# The groups with the most unmet units that the start page names.
MOST_NEEDED = 3

CSV_COLUMNS = (
    "version",
    "on",
    "cohort",
    "net",
    "delivered",
    "firm_pipeline",
    "accepted_offers",
    "unmet",
    # Added last, so readers of the earlier columns keep working.
    "public_name",
)


def chart_rows(items, *, label, value, maximum):
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


def _version_asked(request) -> ForecastVersion:
    """``?version=<slug>`` of a published version, or else the current version.

    A 404 for an unknown slug and for a version not published (a copy staff
    are still editing): the public cannot tell the two apart.
    """
    slug = request.GET.get("version")
    if not slug:
        return strategy_selectors.forecast_version_current()
    try:
        return strategy_selectors.forecast_version_published(slug=slug)
    except (ForecastVersion.DoesNotExist, ValueError):
        raise Http404("No such version of the forecast.") from None


class HomeView(TemplateView):
    """The start page: what this is, who it is for, and the current position."""

    template_name = "strategy/home.html"

    def get_context_data(self, **kwargs):
        version = strategy_selectors.forecast_version_current()
        baseline = version.based_on
        position = position_for(version=version)
        reopened = list(
            PipelineScheme.objects.filter(
                phase__version=version, status=PipelineScheme.Status.NOT_PROCEEDING
            )
            .order_by("phase__number", "order")
            .values_list("name", "units", "note")
        )
        return super().get_context_data(
            version=version,
            # Linked from the page, so only while it is published.
            baseline=baseline if baseline and baseline.is_published else None,
            position=position,
            most_needed=position.most_unmet(MOST_NEEDED),
            reopened=[{"name": n, "units": u, "note": note} for n, u, note in reopened],
            reopened_units=sum(units or 0 for _n, units, _note in reopened),
            draft_in_progress=DraftSession(self.request).in_progress(),
            **kwargs,
        )


class CityNeedsView(TemplateView):
    """The demand tables: every group of people, what is needed and still to find."""

    template_name = "strategy/city_needs.html"

    def get_context_data(self, **kwargs):
        version = _version_asked(self.request)
        lines = strategy_selectors.demand_line_list(version=version)
        position = position_for(version=version, lines=lines)
        groups = strategy_selectors.demand_group_list(
            version=version, position=position, lines=lines
        )
        return super().get_context_data(
            version=version,
            current=version.is_current,
            versions=strategy_selectors.forecast_version_list(published_only=True),
            position=position,
            groups=groups,
            unmet_chart=chart_rows(
                position.lines,
                label=lambda line: line.name_for_providers,
                value=lambda line: line.unmet,
                maximum=max((line.net for line in position.lines), default=0),
            ),
            csv_columns=CSV_COLUMNS,
            **kwargs,
        )


class PlannedAndDeliveredView(TemplateView):
    """Phases, the development pipeline and the units delivered."""

    template_name = "strategy/planned_and_delivered.html"

    def get_context_data(self, **kwargs):
        version = _version_asked(self.request)
        phases = strategy_selectors.phase_list(version=version)
        return super().get_context_data(
            version=version,
            position=position_for(version=version),
            phases=phases,
            deliveries=list(version.deliveries.order_by("delivered_on", "pk")),
            figures=list(version.figures.order_by("order")),
            phase_chart=chart_rows(
                phases,
                label=lambda phase: f"Phase {phase.number} ({phase.period})",
                value=lambda phase: phase.units,
                maximum=max((phase.units for phase in phases), default=0),
            ),
            **kwargs,
        )


# --------------------------------------------------------------------------
# The current position as open data
# --------------------------------------------------------------------------


def position_document(position: Balance) -> dict:
    """The balance as the JSON document partners read (documented on "What the
    city needs")."""
    return {
        **position.to_dict(),
        "unattributed": {
            "delivered": position.unattributed.delivered,
            "firm_pipeline": position.unattributed.firm_pipeline,
            "accepted_offers": position.unattributed.accepted_offers,
        },
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def position_csv(position: Balance) -> str:
    """One row per demand line, then a total row (cohort and public name "Total")."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    common = (position.version_slug, position.on.isoformat())
    for line in position.lines:
        row = line.to_dict()
        writer.writerow(common + tuple(row[column] for column in CSV_COLUMNS[2:]))
    writer.writerow(
        common
        + (
            "Total",
            position.demand_total,
            position.delivered,
            position.firm_pipeline,
            position.accepted_offers,
            position.unmet_total,
            "Total",
        )
    )
    return buffer.getvalue()


class CurrentPositionJsonView(View):
    def get(self, request):
        version = _version_asked(request)
        position = position_for(version=version)
        document = {
            **position_document(position),
            "trajectory": trajectory_rows_open(version=version, as_of=position.on),
        }
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response


class TrajectoryCsvView(View):
    """The trajectory (homes delivered and forecast by financial year against
    the phases' targets) as CSV, one row a year."""

    def get(self, request):
        version = _version_asked(request)
        on = timezone.localdate()
        rows = trajectory_rows_open(version=version, as_of=on)
        slugs = list(rows[0]["targets"]) if rows else [version.slug]
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(
            ["version", "on", "year", "delivered", "forecast", "cumulative"]
            + [f"target_{slug}" for slug in slugs]
        )
        for row in rows:
            writer.writerow(
                [version.slug, on.isoformat(), row["year"], row["delivered"], row["forecast"]]
                + [row["cumulative"]]
                + [row["targets"].get(slug, "") for slug in slugs]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"trajectory-{version.slug}-{on:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class CurrentPositionCsvView(View):
    def get(self, request):
        position = position_for(version=_version_asked(request))
        response = HttpResponse(position_csv(position), content_type="text/csv; charset=utf-8")
        name = f"current-position-{position.version_slug}-{position.on:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response
