"""Staff roles. Groups are created by a data migration; these helpers read them."""

from django.utils.translation import gettext_lazy as _

HR_MANAGER = "HR manager"
INTERVIEWER = "Interviewer"

ROLE_LABELS = {HR_MANAGER: _("HR manager"), INTERVIEWER: _("Interviewer")}

# Model permissions granted to each group: (app_label, model, actions).
ROLE_PERMISSIONS = {
    HR_MANAGER: [
        ("positions", "position", ("add", "change", "view", "delete")),
        ("positions", "duty", ("add", "change", "view", "delete")),
        ("positions", "positionskill", ("add", "change", "view", "delete")),
        ("positions", "skill", ("add", "change", "view")),
        ("positions", "competency", ("view",)),
        ("positions", "screeningquestion", ("add", "change", "view", "delete")),
        ("candidates", "candidate", ("view", "change")),
        ("candidates", "application", ("view", "change")),
        ("candidates", "note", ("add", "view")),
        ("candidates", "stagechange", ("view",)),
        ("candidates", "rejectionreason", ("view",)),
        ("candidates", "emailtemplate", ("view", "change")),
        ("candidates", "candidateemail", ("view",)),
        ("evaluations", "interview", ("add", "change", "view")),
        ("evaluations", "scorecard", ("view",)),
        ("evaluations", "rating", ("view",)),
        ("evaluations", "scorecardchange", ("view",)),
        ("evaluations", "reminder", ("view",)),
    ],
    INTERVIEWER: [
        ("positions", "competency", ("view",)),
    ],
}


def is_hr_manager(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, HR_MANAGER))


def is_interviewer(user) -> bool:
    return user.is_authenticated and _in_group(user, INTERVIEWER)


def _in_group(user, name: str) -> bool:
    # Cached on the user object: the navigation asks on every page.
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return name in cache


def sync_roles(apps, schema_editor=None):
    """Create the groups and grant today's ROLE_PERMISSIONS (tests, benchmarks); safe to run again.

    The migrations carry their own frozen copy of the grants (recruiting/migrations); a change here that
    existing databases need is a new data migration.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now. create_permissions
    # skips an app config without a models module, which historical app configs lack: lend one, then give
    # back what was there (the live registry's configs keep theirs, or post_migrate would skip them later).
    for app_config in apps.get_app_configs():
        models_module = app_config.models_module
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            group.permissions.add(*perms)
