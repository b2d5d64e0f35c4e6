from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: staff roles and profiles, task enqueueing, at-most-once e-mail, spreadsheets,
    client addresses and the admin's send-again and CSV actions. It imports no app of ours."""

    name = "core"
    verbose_name = _("Staff")

    def ready(self):
        from . import (
            hooks,  # noqa: F401  (registers the required-hook check)
            queries,  # noqa: F401  (registers the any_of lookup)
            tasking,  # noqa: F401  (registers the task-path check)
        )
