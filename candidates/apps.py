from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self):
        from positions.signals import position_requirements_changed

        position_requirements_changed.connect(_rescreen_applications, dispatch_uid="candidates-rescreen")


def _rescreen_applications(sender, position_id, **kwargs):
    """Only enqueue: the work is the rescreen_position task's, after the position's commit."""
    from recruiting.tasking import enqueue

    enqueue("candidates.tasks.rescreen_position", position_id)
