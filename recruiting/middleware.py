import zoneinfo

from django.utils import timezone

TIME_ZONE_SESSION_KEY = "staff_time_zone"


class StaffTimeZoneMiddleware:
    """Show times in each signed-in user's own time zone; visitors see the site's.

    The zone is put in the session at login (see recruiting.apps), so this costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get(TIME_ZONE_SESSION_KEY) if hasattr(request, "session") else None
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
