"""Issue 23, "Changes lost": the offer's version, moved on by every save
(``Offer.save`` writes only over the version it read), and kept in each
history row, so a page can say what changed since the version it showed.
Offers saved before count as version 1. A provider's change keeps the
answers it started from (``OfferDraft.amends_base``): it writes only those
the provider changed."""

import django.core.serializers.json
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
        migrations.AddField(
            model_name="offerdraft",
            name="amends_base",
            field=models.JSONField(
                blank=True,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                help_text="The offer's answers, by column, as this change started from them: "
                "what the provider changed is what differs from these (eoi.offers.changes).",
                null=True,
            ),
        ),
    ]
