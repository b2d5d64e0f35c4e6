"""The bottom layer's models: a staff member's preferences, and the e-mails sent to staff members."""

import hmac
import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name and not name.startswith("Etc/")]


class NewApplicationNotice(models.TextChoices):
    """How a staff member hears of new applications on the positions they follow (HR: all; a hiring manager: theirs)."""

    INSTANT = "instant", _("An e-mail for each new application")
    DIGEST = "digest", _("One e-mail a day listing the new applications")
    NONE = "none", _("No e-mail")


# 32 random bytes, URL-safe: 43 characters.
FEED_TOKEN_BYTES = 32


class StaffProfile(models.Model):
    """A staff member's language and time zone: e-mails use the first, pages and invitations the second.

    Also their private calendar feed's secret (empty: no feed) and how they hear of new applications.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="it")
    time_zone = models.CharField(_("time zone"), max_length=64, choices=_time_zone_choices, default=settings.TIME_ZONE)
    # The secret part of the calendar feed's address; revoking it makes a new one, so the old address gives 404.
    calendar_feed_token = models.CharField(_("calendar feed token"), max_length=64, blank=True, editable=False)
    new_applications = models.CharField(
        _("new applications"), max_length=10, choices=NewApplicationNotice.choices, default=NewApplicationNotice.DIGEST
    )
    # The end of the period the last daily digest covered: the next one lists applications received after it.
    digest_covered_until = models.DateTimeField(_("last digest covered until"), null=True, blank=True, editable=False)
    # When the dashboard last showed what is new; its "new since your last visit" starts here.
    dashboard_seen_at = models.DateTimeField(_("dashboard last seen"), null=True, blank=True, editable=False)

    class Meta:
        db_table = "recruiting_staffprofile"  # created by the recruiting app before it moved here
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)

    def feed_token_matches(self, token: str) -> bool:
        """Whether `token` is this profile's feed secret, compared in constant time; never for a revoked feed."""
        return bool(self.calendar_feed_token) and hmac.compare_digest(self.calendar_feed_token.encode(), token.encode())

    def renew_feed_token(self) -> str:
        """A new random feed secret (the old address stops working at once); saved."""
        self.calendar_feed_token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
        self.save(update_fields=["calendar_feed_token"])
        return self.calendar_feed_token


class StaffEmail(models.Model):
    """An e-mail to a staff member (new-application notices and digests), recorded under a unique key.

    Sent through core.mail like the e-mails to candidates: at most once, retried when the server did not take it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        UNCERTAIN = "uncertain", _("Uncertain: may not have been sent")
        FAILED = "failed", _("Not sent")

    key = models.CharField(_("idempotency key"), max_length=150, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    payload = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_since = models.DateTimeField(_("being sent since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail to staff")
        verbose_name_plural = _("e-mails to staff")
        indexes = [models.Index(fields=["status", "created_at"], name="staffemail_status_created")]

    def __str__(self):
        return self.key


def profile_for(user) -> StaffProfile:
    """The user's profile, created with defaults on first use (also cached on the user object)."""
    cached = getattr(user, "_staff_profile_cache", None)
    if cached is None:
        cached, _created = StaffProfile.objects.get_or_create(user=user)
        user._staff_profile_cache = cached
    return cached
