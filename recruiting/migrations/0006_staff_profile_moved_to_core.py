"""StaffProfile now belongs to the core app (core/migrations/0001): forget it here, keep the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0005_signin_signinlock"),
        ("core", "0001_staff_profile"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="StaffProfile")], database_operations=[]),
    ]
