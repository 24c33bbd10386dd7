"""Issue 23, "Changes lost": the offer's version, moved on by every save
(``Offer.save`` writes only over the version it read), and kept in each
history row, so a page can say what changed since the version it showed.
Offers saved before count as version 1."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("eoi", "0016_drop_offer_tally"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaloffer",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="offer",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
