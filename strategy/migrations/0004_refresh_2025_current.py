"""The 2025 refresh as a whole version, current by default (docs/strategy-data.md §4a),
the 2019 ILS decision's wording, and the 2026/27 Universal Credit standard allowance.

Brings a database loaded from the earlier fixture to the state of the current
``fixtures/strategy.json``. It never overwrites what staff changed: a row is
updated only while it still holds the shipped value, rows are added only where
missing, and every change is written to the history with a reason. On an empty
database (before ``strategy_load``) it does nothing.
"""

import datetime

from django.db import migrations
from django.utils import timezone

REVIEW_SOURCE = "Scrutiny commission review of the strategy, 2025 (minutes)"
REASON = "2025 refresh made the current version (migration strategy 0004)"

NOT_PROCEEDING_NOTE_BEFORE = "Procurement unsuccessful (2025 scrutiny review)."
NOT_PROCEEDING_NOTE = (
    "Procurement unsuccessful: “a number of reasons including providers uncertainty over the "
    "mixed model”; on returning to market, interest “was not substantiated at procurement” "
    "(2025 scrutiny review). The 155 units are open to the market again as the demand line "
    "“Extra care in place of Hamelin Road and Tilling Road”."
)

VERSION_NOTES_BEFORE = (
    "The position reported to the scrutiny commission in 2025 (the minutes give the year, not "
    "the day). The demand forecast was not restated: the 2021 methodology remains until 2027."
)
VERSION_NOTES = VERSION_NOTES_BEFORE + (
    " The 2021 demand lines are carried forward unchanged (396 units); with the new extra care "
    "line in place of Hamelin Road and Tilling Road (155 units) the forecast is 551 units, the "
    "review's target. The phase figures the review states (155 / 66 / 289) add up to 510, not "
    "551: the minutes do not say where the other 41 units sit. The stated supply (698 units in "
    "112 schemes; 550 people supported; 150 older people in extra care) is shown beside the "
    "Appendix A register (632 units), which is not itself updated. The 56 units delivered over "
    "11 sites and the 22 firm units for 2025/26 are not attributed to a demand line until staff "
    "attribute them."
)

NEW_LINE = {
    "cohort": "Extra care in place of Hamelin Road and Tilling Road",
    "net_units": 155,
    "rationale": (
        "The 155 extra care units planned at Hamelin Road (82) and Tilling Road (73) are still "
        "needed: the procurement was unsuccessful and the units are open to the market again, "
        "with £5.9m in policy provision for extra care. The care leavers' pilot (up to 11 "
        "units in the new extra care schemes) had depended on these schemes."
    ),
    "best_fit": "Extra care",
    "client_groups": ["older_people", "dementia"],
    "configurations": ["extra_care"],
}

ILS_SUMMARY_BEFORE_END = (
    "Funding for people below the threshold for statutory support ended under the previous "
    "arrangement."
)
ILS_SUMMARY_END = (
    "Funding for people below the threshold for statutory support was kept, under the "
    "providers' alternative model."
)

UC_KEY = "uc_standard_allowance_monthly"
UC_2026 = {
    "name": "Universal Credit standard allowance, single, 25 or over",
    "kind": "money",
    "value": "424.90",
    "unit": "£ a month",
    "source": "DWP, “Benefit and pension rates 2026 to 2027” (GOV.UK, updated 12 January 2026)",
    "valid_from": datetime.date(2026, 4, 6),
    "is_council_default": False,
    "note": "",
}

CARRIED_KEYS = ("no_firm_date", "site_required", "")


class History:
    """Writes a historical row beside each change, as django-simple-history would."""

    def __init__(self, apps):
        self.apps = apps
        self.now = timezone.now()

    def save(self, instance, *, created=False):
        instance.save()
        model = type(instance)
        historical = self.apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
        values = {field.attname: getattr(instance, field.attname) for field in model._meta.fields}
        historical.objects.create(
            **values,
            history_date=self.now,
            history_type="+" if created else "~",
            history_change_reason=REASON,
        )
        return instance

    def create(self, model, **fields):
        return self.save(model(**fields), created=True)


def forwards(apps, schema_editor):
    ForecastVersion = apps.get_model("strategy", "ForecastVersion")
    baseline = ForecastVersion.objects.filter(slug="2021-plan").first()
    refresh = ForecastVersion.objects.filter(slug="2025-refresh").first()
    history = History(apps)
    _fix_ils_decision(apps, history)
    _add_universal_credit_2026(apps, history)
    if baseline is None or refresh is None:
        return  # an empty database: strategy_load brings the whole of it
    lines = _carry_demand_lines(apps, history, baseline=baseline, refresh=refresh)
    _carry_schemes(apps, history, baseline=baseline, refresh=refresh, lines=lines)
    _mark_not_proceeding(apps, history, refresh=refresh)
    if refresh.notes == VERSION_NOTES_BEFORE:
        refresh.notes = VERSION_NOTES
        history.save(refresh)
    # Current by default, unless staff already chose another version.
    if baseline.is_current and not refresh.is_current:
        baseline.is_current = False
        history.save(baseline)
        refresh.is_current = True
        history.save(refresh)


def _carry_demand_lines(apps, history, *, baseline, refresh) -> dict[int, object]:
    """The 2021 groups and lines, copied as they stand, and the new extra care line.

    Returns the refresh's line for each 2021 line's id (empty when the refresh
    already had lines: staff built them and they stay as they are).
    """
    DemandGroup = apps.get_model("strategy", "DemandGroup")
    DemandLine = apps.get_model("strategy", "DemandLine")
    if DemandGroup.objects.filter(version=refresh).exists():
        return {}
    copies = {}
    for group in DemandGroup.objects.filter(version=baseline).order_by("order", "pk"):
        new_group = history.create(
            DemandGroup,
            version=refresh,
            name=group.name,
            is_young_people=group.is_young_people,
            order=group.order,
        )
        group_lines = list(DemandLine.objects.filter(group=group).order_by("order", "pk"))
        for line in group_lines:
            fields = {
                f.attname: getattr(line, f.attname)
                for f in DemandLine._meta.fields
                if f.attname not in ("id", "group_id")
            }
            copies[line.pk] = history.create(DemandLine, group=new_group, **fields)
        if group.order == 1:
            last = max((line.order for line in group_lines), default=0)
            history.create(
                DemandLine,
                group=new_group,
                order=last,
                size_min=None,
                size_max=None,
                shared_house_max_bedrooms=None,
                is_tbc=False,
                **NEW_LINE,
            )
    return copies


def _carry_schemes(apps, history, *, baseline, refresh, lines):
    """The ◆ and ✿ schemes (and those without a key) of each 2021 phase, into
    the refresh's phase of the same number, where it has no scheme of that name."""
    Phase = apps.get_model("strategy", "Phase")
    PipelineScheme = apps.get_model("strategy", "PipelineScheme")
    phases = {phase.number: phase for phase in Phase.objects.filter(version=refresh)}
    for scheme in PipelineScheme.objects.filter(
        phase__version=baseline, key__in=CARRIED_KEYS, outside_forecast=False
    ).select_related("phase").order_by("phase__number", "order", "pk"):
        phase = phases.get(scheme.phase.number)
        if phase is None or PipelineScheme.objects.filter(phase=phase, name=scheme.name).exists():
            continue
        line = lines.get(scheme.demand_line_id)
        history.create(
            PipelineScheme,
            phase=phase,
            name=scheme.name,
            units=scheme.units,
            key=scheme.key,
            status=scheme.status,
            demand_line_id=line.pk if line else None,
            outside_forecast=False,
            expected_completion=scheme.expected_completion,
            order=10 + scheme.order,
            note=scheme.note,
        )


def _mark_not_proceeding(apps, history, *, refresh):
    PipelineScheme = apps.get_model("strategy", "PipelineScheme")
    for scheme in PipelineScheme.objects.filter(
        phase__version=refresh,
        name__in=["Extra care at Hamelin Road", "Extra care at Tilling Road"],
        note=NOT_PROCEEDING_NOTE_BEFORE,
    ):
        # Their 155 units are now the forecast's own (the new demand line).
        scheme.note = NOT_PROCEEDING_NOTE
        scheme.outside_forecast = False
        history.save(scheme)


def _fix_ils_decision(apps, history):
    Decision = apps.get_model("strategy", "Decision")
    for decision in Decision.objects.filter(
        decided_on=datetime.date(2019, 3, 8), summary__endswith=ILS_SUMMARY_BEFORE_END
    ):
        decision.summary = decision.summary.removesuffix(ILS_SUMMARY_BEFORE_END) + ILS_SUMMARY_END
        history.save(decision)


def _add_universal_credit_2026(apps, history):
    ReferenceValue = apps.get_model("strategy", "ReferenceValue")
    if not ReferenceValue.objects.filter(key=UC_KEY).exists():
        return  # an empty database: strategy_load brings it
    if ReferenceValue.objects.filter(key=UC_KEY, valid_from=UC_2026["valid_from"]).exists():
        return
    history.create(ReferenceValue, key=UC_KEY, **UC_2026)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0003_supply_allocation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
