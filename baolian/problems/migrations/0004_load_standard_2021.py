"""Ship the 2021 national standard and the community checklist from the data file."""

from django.db import migrations


def load(apps, schema_editor):
    from baolian.problems.standard import load_catalogue, read_catalogue

    load_catalogue(apps.get_model("problems", "StandardItem"), read_catalogue())


class Migration(migrations.Migration):
    dependencies = [("problems", "0003_standard_codes_and_sources")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
