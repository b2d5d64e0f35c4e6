"""HR managers' permissions on interviews and scorecards, frozen as this migration granted them.

A copy on purpose, not an import of core.roles (see 0001_roles). Permission names are stored
in English, as Django stores them.
"""

from django.db import migrations

# Group: [(app_label, model, actions)], added to what 0001_roles and 0002_candidate_roles granted.
GRANTS = {
    "HR manager": [
        ("evaluations", "interview", ("add", "change", "view")),
        ("evaluations", "scorecard", ("view",)),
        ("evaluations", "rating", ("view",)),
        ("evaluations", "scorecardchange", ("view",)),
        ("evaluations", "reminder", ("view",)),
    ],
}


def grant(apps, schema_editor):
    """Add GRANTS to the groups, creating the permissions Django would create after migrating."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for app_label, model, actions in grants:
            verbose_name = apps.get_model(app_label, model)._meta.verbose_name_raw
            content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in actions:
                permission, _created = Permission.objects.get_or_create(
                    content_type=content_type, codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {verbose_name}"},
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0003_staff_profile"),
        ("evaluations", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
