from axes.models import AccessAttempt, AccessLog
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


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
