from django.db import migrations

from recruiting.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0003_staff_profile"),
        ("evaluations", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
