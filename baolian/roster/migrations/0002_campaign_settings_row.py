from django.db import migrations


def create_settings(apps, schema_editor):
    # The one settings row exists from the start, so reading the settings never writes.
    apps.get_model("roster", "CampaignSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("roster", "0001_initial")]
    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
