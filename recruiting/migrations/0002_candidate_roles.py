from django.db import migrations

from recruiting.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0001_roles"),
        ("candidates", "0002_reference_data"),
        ("positions", "0003_screening_questions"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
