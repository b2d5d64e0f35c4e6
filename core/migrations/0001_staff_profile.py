"""StaffProfile moves here from the recruiting app: the table stays (recruiting_staffprofile), only Django's
record of which app owns the model changes, and its content type follows (so permissions and admin history stay)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.models


def _content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    old = ContentType.objects.filter(app_label="recruiting", model="staffprofile").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label="core", model="staffprofile").first()
    if new is None:
        ContentType.objects.filter(pk=old.pk).update(app_label="core")
        return
    # The new code ran before this migration and made its own content type: keep the old one's grants and
    # history by moving them onto it (a permission the new one already has is dropped, its grants moved first).
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is None:
            Permission.objects.filter(pk=permission.pk).update(content_type=new)
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
        permission.delete()
    LogEntry.objects.filter(content_type=old).update(content_type=new)
    ContentType.objects.filter(pk=old.pk).delete()


def _content_type_to_recruiting(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model="staffprofile").update(app_label="recruiting")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
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
