"""Accepted offers are counted as accepted offers, never as the strategy's own
schemes: remove the ★ pipeline schemes that accepting an offer used to create
(each acceptance keeps its demand line and units), with a history row for each."""

from django.db import migrations, models
from django.utils import timezone

REASON = "An accepted offer is counted as an accepted offer, not as a scheme (migration eoi 0004)"


def forwards(apps, schema_editor):
    Acceptance = apps.get_model("eoi", "Acceptance")
    PipelineScheme = apps.get_model("strategy", "PipelineScheme")
    Historical = apps.get_model("strategy", "HistoricalPipelineScheme")
    scheme_ids = list(
        Acceptance.objects.exclude(pipeline_scheme=None).values_list("pipeline_scheme_id", flat=True)
    )
    Acceptance.objects.update(pipeline_scheme=None)
    now = timezone.now()
    for scheme in PipelineScheme.objects.filter(pk__in=scheme_ids):
        values = {field.attname: getattr(scheme, field.attname) for field in PipelineScheme._meta.fields}
        Historical.objects.create(
            **values, history_date=now, history_type="-", history_change_reason=REASON
        )
        scheme.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("eoi", "0004_offer_columns_from_questions"),
        ("strategy", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="acceptance",
            name="pipeline_scheme",
            field=models.OneToOneField(
                null=True,
                on_delete=models.PROTECT,
                related_name="acceptance",
                to="strategy.pipelinescheme",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
