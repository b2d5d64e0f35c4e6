from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from candidates.signals import application_anonymised, application_inputs_changed
        from positions.signals import position_requirements_changed

        position_requirements_changed.connect(_rescore_position, dispatch_uid="evaluations-rescore-position")
        application_inputs_changed.connect(_rescore_application, dispatch_uid="evaluations-rescore-application")
        application_anonymised.connect(_scrub_scorecards, dispatch_uid="evaluations-scrub-scorecards")


def _scrub_scorecards(sender, application_id, **kwargs):
    """Within the anonymising transaction: free text about the person goes; the ratings stay for the figures."""
    from .models import Rating, Scorecard, ScorecardChange

    Scorecard.objects.filter(interview__application_id=application_id).update(takeaways="")
    Rating.objects.filter(scorecard__interview__application_id=application_id).update(note="")
    ScorecardChange.objects.filter(scorecard__interview__application_id=application_id).update(changes=[])


# Receivers below only enqueue; the scoring is the tasks' work, after the sender's commit.
def _rescore_position(sender, position_id, **kwargs):
    from recruiting.tasking import enqueue

    enqueue("evaluations.tasks.rescore_position", position_id)


def _rescore_application(sender, application_id, **kwargs):
    from recruiting.tasking import enqueue

    enqueue("evaluations.tasks.rescore_applications", [application_id])
