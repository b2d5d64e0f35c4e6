"""HR managers' permissions on screening questions and candidates, frozen as this migration granted them.

A copy on purpose, not an import of core.roles (see 0001_roles). Permission names are stored
in English, as Django stores them.
"""

from django.db import migrations

# Group: [(app_label, model, actions)], added to what 0001_roles granted.
GRANTS = {
    "HR manager": [
        ("positions", "screeningquestion", ("add", "change", "view", "delete")),
        ("candidates", "candidate", ("view", "change")),
        ("candidates", "application", ("view", "change")),
        ("candidates", "note", ("add", "view")),
        ("candidates", "stagechange", ("view",)),
        ("candidates", "rejectionreason", ("view",)),
        ("candidates", "emailtemplate", ("view", "change")),
        ("candidates", "candidateemail", ("view",)),
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
        ("recruiting", "0001_roles"),
        ("candidates", "0002_reference_data"),
        ("positions", "0003_screening_questions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
