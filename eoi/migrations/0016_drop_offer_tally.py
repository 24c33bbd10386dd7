"""The dashboard counts offers with plain aggregate queries again (issue 22):
the kept summary of offers goes. Each offer's ``latest_matched_cohorts``
stays (set with its screening)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("eoi", "0015_offer_tally"),
    ]

    operations = [
        migrations.DeleteModel(name="OfferTally"),
    ]
