from django.conf import settings

from core.roles import is_hr_manager, is_interviewer


def site(request):
    user = getattr(request, "user", None)
    return {
        "ORGANIZATION_NAME": settings.ORGANIZATION_NAME,
        "user_is_hr": bool(user and is_hr_manager(user)),
        "user_is_interviewer": bool(user and is_interviewer(user)),
    }
