from django import template

from evaluations import selectors, services

register = template.Library()


@register.inclusion_tag("evaluations/partials/application_panel.html", takes_context=True)
def interviews_panel(context, application):
    """Interviews and the scorecard summary on the candidate page (respecting blind feedback)."""
    user = context["request"].user
    interviews = (
        application.interviews.select_related("application").prefetch_related("scorecards__interviewer").order_by("starts_at")
    )
    if not user.has_perm("evaluations.view_interview"):
        interviews = interviews.filter(interviewers=user)  # an interviewer sees the interviews they are on
    may_see = services.may_see_others(user, application)
    return {
        "application": application,
        "interviews": interviews,
        "summary": selectors.scorecard_summary(application) if may_see else None,
        "may_see": may_see,
        "perms": context.get("perms"),
        "user": user,
    }
