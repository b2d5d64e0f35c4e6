"""Where later apps plug into candidates' rules and pages (see core/hooks.py)."""

from django.db.models import Q

from core.hooks import Hook

scheduled_interviews = Hook(
    "candidates.scheduled_interviews",
    """(*, user=None) -> the ids of applications with a scheduled interview, as a values("application_id")
    queryset; with `user`, only those where the user sits on the panel. The evaluations app answers: it decides
    which applications an interviewer may open, and whether blind screening can be switched on.""",
    required=True,
)

application_sections = Hook(
    "candidates.application_sections",
    """(request, application) -> HTML (already rendered and escaped) of a section of the candidate page's side
    column, or "" for none. The evaluations app adds the interviews and the scorecard summary.""",
)

candidate_interviews = Hook(
    "candidates.candidate_interviews",
    """(application, *, now) -> the application's upcoming interviews as the candidate may see them, soonest
    first: dicts with "id", "kind" (its label), "starts_at", "ends_at" and "location"; nothing about the panel.
    An entry with "offer": True is instead an open offer of times to choose from ("id" is the offer's, for
    the status:slots page; no times). The evaluations app answers, for the candidate's status page
    (candidates/status_views.py).""",
)

status_sections = Hook(
    "candidates.status_sections",
    """(request, application, token) -> HTML (already rendered and escaped) of a section of the candidate's
    status page, shown after the interviews, or "" for none: a task the candidate is asked to do there (an
    assessment to take). The evaluations app answers.""",
)

candidate_interview_ics = Hook(
    "candidates.candidate_interview_ics",
    """(application, interview_id, *, now) -> the .ics (bytes) of one of the application's upcoming interviews,
    for the candidate to add to their calendar; None when it is not one of them.""",
)


def with_scheduled_interview(*, user=None) -> Q:
    """Applications with a scheduled interview (on `user`'s panel, if given), as a filter: none if no app answers."""
    condition = Q(pk__in=[])
    for application_ids in scheduled_interviews(user=user):
        condition |= Q(pk__in=application_ids)
    return condition
