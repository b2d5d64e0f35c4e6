"""The bottom layer's one model: what every app may know about a staff member's preferences."""

import zoneinfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name and not name.startswith("Etc/")]


class StaffProfile(models.Model):
    """A staff member's language and time zone: e-mails use the first, pages and invitations the second."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="it")
    time_zone = models.CharField(_("time zone"), max_length=64, choices=_time_zone_choices, default=settings.TIME_ZONE)

    class Meta:
        db_table = "recruiting_staffprofile"  # created by the recruiting app before it moved here
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)


def profile_for(user) -> StaffProfile:
    """The user's profile, created with defaults on first use (also cached on the user object)."""
    cached = getattr(user, "_staff_profile_cache", None)
    if cached is None:
        cached, _created = StaffProfile.objects.get_or_create(user=user)
        user._staff_profile_cache = cached
    return cached
