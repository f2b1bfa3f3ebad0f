from django.db import migrations, models


def remember_the_default_seed(apps, schema_editor):
    # Demo cities built before the seed was recorded were built with the default seed;
    # without this, `make demo` would refuse them as "another seed".
    apps.get_model("roster", "CampaignSettings").objects.filter(is_demo=True).update(
        demo_seed=2021
    )


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0002_campaign_settings_row"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaignsettings",
            name="demo_seed",
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(remember_the_default_seed, migrations.RunPython.noop),
    ]
