import zoneinfo

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db import models
from django.utils import formats, timezone
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


class SignInLock(AccessAttempt):
    """Wrong passwords for one account from one address (one record per browser), as django-axes counts
    them: the admin's list of sign-in locks, and where an admin unlocks (recruiting/signin.py has the rules)."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self):
        return _("%(username)s from %(address)s") % {"username": self.username or "-", "address": self.ip_address or "-"}


class SignIn(AccessLog):
    """A successful sign-in on either login page (django-axes' log), kept SIGNIN_LOG_DAYS."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self):
        return _("%(username)s from %(address)s, %(time)s") % {
            "username": self.username or "-",
            "address": self.ip_address or "-",
            "time": formats.date_format(timezone.localtime(self.attempt_time), "SHORT_DATETIME_FORMAT"),
        }
