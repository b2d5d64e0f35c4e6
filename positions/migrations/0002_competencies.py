from django.db import migrations

from positions.competencies import sync_competencies


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]

    operations = [migrations.RunPython(sync_competencies, migrations.RunPython.noop)]
