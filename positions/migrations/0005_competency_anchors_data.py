from django.db import migrations

from positions.competencies import sync_competencies


class Migration(migrations.Migration):
    dependencies = [("positions", "0004_competency_anchors")]

    operations = [migrations.RunPython(sync_competencies, migrations.RunPython.noop)]
