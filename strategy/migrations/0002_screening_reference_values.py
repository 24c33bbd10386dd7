"""The screening rules' parameters as reference values (eoi.screening.reference_keys).

Priority weights, the Local Housing Allowance's largest size and the Right to
Buy cap were constants in the code; they are rows now, with a source and a
valid-from date, that staff can change in the admin. Each key is added only
where the database has no row for it, so staff's own values are never
overwritten; the rows it adds carry ``ADDED_NOTE`` and the reverse removes
only rows that still carry it. The same records are in fixtures/strategy.json
(pk 101–116); a test keeps the two in step.
"""

from django.db import migrations
from django.utils import timezone

ADDED_NOTE = "Shipped with the portal (migration strategy 0002)."
PRIORITY_SOURCE = (
    "Portal screening rules (docs/screening-rules.md, Overall and priority): "
    "priority weights until the council sets its own"
)
STRATEGY = "Supported Living and Extra Care Housing Strategy 2021–2031"

# (pk, key, name, kind, value, unit, source, valid_from, is_council_default)
VALUES = [
    (101, "lha_max_bedrooms", "Largest size the Local Housing Allowance has a rate for", "number", "4", "bedrooms",
     "Housing Benefit Regulations 2006, regulation 13D: the Local Housing Allowance stops at the four-bedroom rate",
     "2011-04-01", False),
    (102, "right_to_buy_cap_percent", "Right to Buy receipts: the most the strategy allows, as a share of the scheme's capital cost", "percent", "30", "% of total scheme capital cost",
     f"{STRATEGY}: use of right to buy receipt monies (contribution of up to 30% of the total scheme capital cost)",
     "2021-07-01", False),
    (103, "priority_demand_points", "Priority: points for units that meet unmet demand (all units)", "number", "40", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (104, "priority_less_well_served_points", "Priority: points for an area less well served", "number", "10", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (105, "priority_preferred_model_points", "Priority: points for the preferred core and cluster model", "number", "15", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (106, "priority_available_soon_points", "Priority: points for homes available soon", "number", "5", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (107, "priority_available_soon_days", "Priority: how soon counts as soon", "number", "730", "days", PRIORITY_SOURCE, "2021-07-01", True),
    (108, "priority_site_line_points", "Priority: points for filling a gap keyed ✿ (sites still required)", "number", "10", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (109, "priority_concern_penalty_points", "Priority: points taken off for each factor with a concern or needing more information", "number", "10", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (110, "priority_stage_points_existing_building", "Priority: deliverability points, an existing building", "number", "20", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (111, "priority_stage_points_under_construction", "Priority: deliverability points, under construction", "number", "20", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (112, "priority_stage_points_planning_granted", "Priority: deliverability points, planning permission granted", "number", "20", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (113, "priority_stage_points_open_market_purchase", "Priority: deliverability points, homes bought on the open market", "number", "15", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (114, "priority_stage_points_planning_submitted", "Priority: deliverability points, planning application submitted", "number", "12", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (115, "priority_stage_points_site_identified", "Priority: deliverability points, a site identified", "number", "6", "points", PRIORITY_SOURCE, "2021-07-01", True),
    (116, "priority_stage_points_concept", "Priority: deliverability points, an idea at concept stage", "number", "2", "points", PRIORITY_SOURCE, "2021-07-01", True),
]
FIELDS = ("key", "name", "kind", "value", "unit", "source", "valid_from", "is_council_default")


def add_missing(apps, schema_editor):
    ReferenceValue = apps.get_model("strategy", "ReferenceValue")
    History = apps.get_model("strategy", "HistoricalReferenceValue")
    now = timezone.now()
    for pk, *values in VALUES:
        fields = dict(zip(FIELDS, values))
        if ReferenceValue.objects.filter(key=fields["key"]).exists():
            continue
        row = ReferenceValue(**fields, note=ADDED_NOTE)
        if not ReferenceValue.objects.filter(pk=pk).exists():
            row.pk = pk  # the fixture's pk, so loading the fixture later matches it
        row.save()
        History.objects.create(
            id=row.pk,
            **fields,
            note=ADDED_NOTE,
            history_date=now,
            history_type="+",
            history_change_reason="Screening parameters as reference values",
        )


def remove_added(apps, schema_editor):
    ReferenceValue = apps.get_model("strategy", "ReferenceValue")
    keys = [values[1] for values in VALUES]
    ReferenceValue.objects.filter(key__in=keys, note=ADDED_NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(add_missing, remove_added)]
