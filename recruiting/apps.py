from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = _("Recruiting")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.urls import register_converter

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .converters import IdConverter

        user_logged_in.connect(_remember_time_zone, dispatch_uid="recruiting-time-zone")
        register_converter(IdConverter, "id")

        from core import scheduler

        scheduler.start_if_wanted()  # beat's work inside `make run` (no broker); see core/scheduler.py


def _remember_time_zone(sender, request, user, **kwargs):
    """Keep the user's time zone in the session, so pages show it without a query per request."""
    from core.models import StaffProfile

    from .middleware import TIME_ZONE_SESSION_KEY

    if request is not None and hasattr(request, "session"):
        zone = StaffProfile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        if zone:
            request.session[TIME_ZONE_SESSION_KEY] = zone
