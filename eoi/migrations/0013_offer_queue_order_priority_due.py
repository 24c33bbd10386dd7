"""The queue's index follows its order: priority (highest first, none last),
then the soonest due (none last), then the admin's "-pk" tie-break.

SQLite, the embedded default, cannot say NULLS LAST in an index, so there
the index is the nearest it can hold (SQLite already sorts NULLs last in a
descending column; offers with no due date come first among equals).
"""

from django.db import migrations, models

QUEUE_ORDER = models.Index(
    models.OrderBy(models.F("priority"), descending=True, nulls_last=True),
    models.OrderBy(models.F("due_on"), nulls_last=True),
    models.OrderBy(models.F("id"), descending=True),
    name="offer_queue_order",
)
SQLITE_QUEUE_ORDER = (
    'CREATE INDEX "offer_queue_order" ON "eoi_offer" ("priority" DESC, "due_on", "id" DESC)'
)


def add_queue_order(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_QUEUE_ORDER)
    else:
        schema_editor.add_index(apps.get_model("eoi", "Offer"), QUEUE_ORDER)


def remove_queue_order(apps, schema_editor):
    schema_editor.execute('DROP INDEX IF EXISTS "offer_queue_order"')


class Migration(migrations.Migration):
    dependencies = [
        ("eoi", "0012_answer_correction"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="offer", name="offer_queue_order"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="offer", index=QUEUE_ORDER)],
            database_operations=[
                migrations.RunPython(add_queue_order, remove_queue_order, elidable=False)
            ],
        ),
    ]
