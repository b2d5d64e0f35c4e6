"""StaffProfile moves here from the recruiting app: the table stays (recruiting_staffprofile), only Django's
record of which app owns the model changes, and its content type follows (so permissions and admin history stay)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.models


def _content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="recruiting", model="staffprofile")
    if ContentType.objects.filter(app_label="core", model="staffprofile").exists():
        old.delete()
    else:
        old.update(app_label="core")


def _content_type_to_recruiting(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model="staffprofile").update(app_label="recruiting")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("recruiting", "0005_signin_signinlock"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StaffProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("language", models.CharField(choices=[("en", "English"), ("it", "Italian")], default="it", max_length=2, verbose_name="language")),
                        ("time_zone", models.CharField(choices=core.models._time_zone_choices, default="Europe/Rome", max_length=64, verbose_name="time zone")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="staff_profile", to=settings.AUTH_USER_MODEL, verbose_name="user")),
                    ],
                    options={
                        "verbose_name": "staff profile",
                        "verbose_name_plural": "staff profiles",
                        "db_table": "recruiting_staffprofile",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_content_type_to_core, _content_type_to_recruiting),
    ]
