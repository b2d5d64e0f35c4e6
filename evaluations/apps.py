from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from candidates.signals import application_inputs_changed
        from positions.signals import position_requirements_changed

        position_requirements_changed.connect(_rescore_position, dispatch_uid="evaluations-rescore-position")
        application_inputs_changed.connect(_rescore_application, dispatch_uid="evaluations-rescore-application")


# Receivers only enqueue; the scoring is the tasks' work, after the sender's commit.
def _rescore_position(sender, position_id, **kwargs):
    _enqueue("rescore_position", position_id)


def _rescore_application(sender, application_id, **kwargs):
    _enqueue("rescore_applications", [application_id])


def _enqueue(name, argument):
    import logging

    from . import tasks

    try:
        getattr(tasks, name).delay(argument)
    except Exception:
        logging.getLogger(__name__).warning("could not enqueue %s(%r)", name, argument, exc_info=True)
