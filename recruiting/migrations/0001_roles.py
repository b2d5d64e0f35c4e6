"""The two staff groups and their permissions on positions, frozen as this migration first granted them.

A copy on purpose, not an import of core.roles: a migration replayed on a fresh database must grant
what it granted then, whatever the live roles say by that time. Later grants are later migrations
with their own copies (0002_candidate_roles, 0004_evaluation_roles). Group names and permission
names are stored in English, as Django stores them.
"""

from django.db import migrations

# Group: [(app_label, model, actions)]
GRANTS = {
    "HR manager": [
        ("positions", "position", ("add", "change", "view", "delete")),
        ("positions", "duty", ("add", "change", "view", "delete")),
        ("positions", "positionskill", ("add", "change", "view", "delete")),
        ("positions", "skill", ("add", "change", "view")),
        ("positions", "competency", ("view",)),
    ],
    "Interviewer": [
        ("positions", "competency", ("view",)),
    ],
}


def grant(apps, schema_editor):
    """Create the groups and add GRANTS to them, creating the permissions Django would create after migrating."""
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
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("positions", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
