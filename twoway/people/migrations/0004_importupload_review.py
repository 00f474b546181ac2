from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_name_index_and_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="importupload",
            name="review",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="importupload",
            name="checked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
