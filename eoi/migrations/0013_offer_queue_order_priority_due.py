"""The queue's index follows its order: priority (highest first, none last),
then the soonest due (none last), then the admin's "-pk" tie-break.
(SQLite, which cannot say NULLS LAST in an index, gets the same columns
without it: ``eoi.models.indexes.NullsOrderIndex``.)"""

import eoi.models.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eoi", "0012_answer_correction"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="offer", name="offer_queue_order"),
        migrations.AddIndex(
            model_name="offer",
            index=eoi.models.indexes.NullsOrderIndex(
                models.OrderBy(models.F("priority"), descending=True, nulls_last=True),
                models.OrderBy(models.F("due_on"), nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="offer_queue_order",
            ),
        ),
    ]
