"""What evaluations adds to the candidates app's pages and rules, through candidates.hooks (plugged in by apps.py)."""

from django.template.loader import render_to_string

from . import selectors
from .models import Interview


def application_panel(request, application) -> str:
    """Interviews and the scorecard summary on the candidate page (respecting blind feedback)."""
    user = request.user
    # HR sees every interview; an interviewer only those they are on (the rule in selectors.visible_interviews).
    interviews = (
        selectors.visible_interviews(user).filter(application=application)
        .prefetch_related("scorecards__interviewer").order_by("starts_at")
    )
    may_see = selectors.may_see_others(user, application)
    context = {
        "application": application,
        "interviews": interviews,
        "summary": selectors.scorecard_summary(application) if may_see else None,
        "may_see": may_see,
    }
    return render_to_string("evaluations/partials/application_panel.html", context, request=request)


def scheduled_interviews(*, user=None):
    """Applications with a scheduled interview, or only those on `user`'s panel."""
    interviews = Interview.objects.filter(status=Interview.Status.SCHEDULED)
    if user is not None:
        interviews = interviews.filter(interviewers=user)
    return interviews.values("application_id")
