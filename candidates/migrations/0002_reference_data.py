from django.db import migrations

from candidates.reference_data import sync_reference_data


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]

    operations = [migrations.RunPython(sync_reference_data, migrations.RunPython.noop)]
