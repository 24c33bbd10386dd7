from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("eoi", "0005_acceptance_schemes_removed")]

    operations = [
        migrations.RemoveField(model_name="acceptance", name="pipeline_scheme"),
    ]
