from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_flag_photo"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="reported_at_known",
            field=models.BooleanField(default=True, verbose_name="reporting time known"),
        ),
    ]
