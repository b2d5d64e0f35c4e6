from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from candidates import hooks
        from candidates.signals import application_anonymised

        from . import candidate_status, sections

        application_anonymised.connect(_scrub_scorecards, dispatch_uid="evaluations-scrub-scorecards")
        hooks.scheduled_interviews.register(sections.scheduled_interviews)
        hooks.application_sections.register(sections.application_panel)
        # The candidate's status page: their upcoming interviews and each one's .ics.
        hooks.candidate_interviews.register(candidate_status.candidate_interviews)
        hooks.candidate_interview_ics.register(candidate_status.candidate_interview_ics)
        # An open offer of interview times: the candidate chooses one (evaluations/slots.py).
        hooks.candidate_interviews.register(candidate_status.candidate_slot_offers)
        # Candidate assessments: HR's section of the candidate page, the candidate's on the status page, and
        # the answers scrubbed on anonymisation (evaluations/assessments.py).
        from . import assessment_views

        hooks.application_sections.register(assessment_views.application_section)
        hooks.status_sections.register(assessment_views.status_section)
        application_anonymised.connect(_scrub_assessments, dispatch_uid="evaluations-scrub-assessments")


def _scrub_scorecards(sender, application_id, **kwargs):
    """Within the anonymising transaction: free text about the person goes; the ratings stay for the figures."""
    from django.db.models import Q

    from .models import Interview, Rating, Scorecard, ScorecardChange, SlotOffer

    Scorecard.objects.filter(interview__application_id=application_id).update(takeaways="")
    Rating.objects.filter(scorecard__interview__application_id=application_id).update(note="")
    ScorecardChange.objects.filter(scorecard__interview__application_id=application_id).update(changes=[])
    SlotOffer.objects.filter(application_id=application_id).update(request_note="")  # the candidate's words
    # Their words were also copied into the e-mails that told HR of them.
    from core.models import StaffEmail

    interviews = list(Interview.objects.filter(application_id=application_id).values_list("pk", flat=True))
    offers = list(SlotOffer.objects.filter(application_id=application_id).values_list("pk", flat=True))
    StaffEmail.objects.filter(Q(payload__interview__in=interviews) | Q(payload__slot_offer__in=offers)).update(body="")
    Interview.objects.filter(application_id=application_id).update(  # theirs too
        reschedule_request_note="", reschedule_requested_at=None, reschedule_request_sequence=None
    )


def _scrub_assessments(sender, application_id, **kwargs):
    """The candidate's answers and timing are theirs: they go; the scores stay for the figures, like ratings."""
    from .models import AssessmentAttempt, AssessmentExclusion

    AssessmentAttempt.objects.filter(application_id=application_id).update(answers={}, timings={}, late_pages=[])
    AssessmentExclusion.objects.filter(attempt__application_id=application_id).update(reason="")
