from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from candidates import notifications
from core.admin_actions import SendAgainMixin, export_csv
from core.models import StaffEmail, StaffProfile

from . import signin
from .models import SignIn, SignInLock

# CSV export on every changelist.
admin.site.add_action(export_csv, "export_csv")

User = get_user_model()


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "time_zone"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "user__last_name"]


@admin.register(StaffEmail)
class StaffEmailAdmin(SendAgainMixin, admin.ModelAdmin):
    """New-application notices and digests to staff, on record like the e-mails to candidates."""

    list_display = ["subject", "to", "status_badge", "attempts", "created_at", "sent_at", "recipient"]
    list_filter = ["status"]
    list_select_related = ["recipient"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in StaffEmail._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # what was sent to whom stays on record

    def queue_again(self, request, queryset):
        return notifications.send_again(emails=queryset, user=request.user)


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """People who leave are deactivated, never deleted: their scorecards, notes and decisions stay theirs."""

    actions = ["deactivate", "reactivate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate the selected accounts (they can no longer sign in)"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).filter(is_active=True).update(is_active=False)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, _("Your own account was left active: ask another admin."), messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reactivate the selected accounts"), permissions=["change"])
    def reactivate(self, request, queryset):
        count = queryset.filter(is_active=False).update(is_active=True)
        self.message_user(
            request,
            ngettext("%(count)d account reactivated.", "%(count)d accounts reactivated.", count) % {"count": count},
            messages.SUCCESS,
        )


# Sign-in throttling (recruiting/signin.py). Axes' own admin pages are switched off (AXES_ENABLE_ADMIN) for
# these: translated, searchable by username and address only, read-only, and with an "Unlock" action.


def _sign_in_page(path_info: str) -> str:
    """Which login page a path is, in words."""
    for url_name, label in (("login", _("staff sign-in")), ("admin:login", _("admin sign-in"))):
        try:
            if path_info == reverse(url_name):
                return str(label)
        except NoReverseMatch:
            continue
    return path_info


class SignInPageFilter(admin.SimpleListFilter):
    title = _("sign-in page")
    parameter_name = "page"

    def lookups(self, request, model_admin):
        return [("staff", _("staff sign-in")), ("admin", _("admin sign-in"))]

    def queryset(self, request, queryset):
        url_name = {"staff": "login", "admin": "admin:login"}.get(self.value())
        return queryset.filter(path_info=reverse(url_name)) if url_name else queryset


class TimeFilter(admin.DateFieldListFilter):
    """A date filter on ``attempt_time`` with our own (translated) title: axes' field name is not."""

    label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.label


class LastAttemptFilter(TimeFilter):
    label = _("last attempt")


class SignedInFilter(TimeFilter):
    label = _("signed in")


def _local_time(value) -> str:
    """A time in the viewer's zone, to the minute (read-only fields are not localised by the admin)."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


# "failures (15 min)": the window is a setting, the heading in the language of the page that shows it.
_FAILURES_IN_WINDOW = lazy(lambda: gettext("failures (%(minutes)d min)") % {"minutes": signin.window_minutes()}, str)()


def _locks_now(request) -> dict[int, object]:
    """The records locking sign-in now (id: lock end), worked out once per request."""
    if not hasattr(request, "_sign_in_locks"):
        request._sign_in_locks = signin.current_locks()
    return request._sign_in_locks


class LocksSignInFilter(admin.SimpleListFilter):
    title = _("lock status")
    parameter_name = "locking"

    def lookups(self, request, model_admin):
        return [("yes", _("Locking sign-in now")), ("no", _("Not locking"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=list(_locks_now(request)))
        if self.value() == "no":
            return queryset.exclude(pk__in=list(_locks_now(request)))
        return queryset


class _SignInRecordAdmin(admin.ModelAdmin):
    """What both sign-in pages share: axes' rows shown read-only, by account, address, page and browser."""

    list_display_links = ["account"]
    search_fields = ["username", "^ip_address"]
    list_title = ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": self.list_title, **(extra_context or {})})

    @admin.display(description=_("username"), ordering="username")
    def account(self, obj):
        return obj.username or self.get_empty_value_display()

    @admin.display(description=_("address"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address or self.get_empty_value_display()

    @admin.display(description=_("page"), ordering="path_info")
    def page(self, obj):
        return _sign_in_page(obj.path_info)

    @admin.display(description=_("browser"))
    def browser(self, obj):
        return obj.user_agent


@admin.register(SignInLock)
class SignInLockAdmin(_SignInRecordAdmin):
    """Wrong passwords per account and address: who is locked out until when, and the "Unlock" action.

    Read-only: the records are axes' counts, changed only by signing in and by unlocking.
    """

    class Media:
        css = {"all": ["css/admin.css"]}  # the Unlock button among the object tools

    change_form_template = "admin/recruiting/signinlock/change_form.html"
    list_title = _("Sign-in locks")
    list_display = ["account", "address", "failures_in_window", "locks_sign_in", "last_attempt"]
    list_filter = [LocksSignInFilter, SignInPageFilter, ("attempt_time", LastAttemptFilter)]
    fields = ["account", "address", "failures_in_window", "locks_sign_in", "last_attempt", "page", "browser"]
    readonly_fields = fields
    actions = ["unlock"]

    @property
    def search_help_text(self):
        return _(
            "To let someone sign in again at once, search for their username or address, tick their rows and "
            "choose “Unlock” in the Action menu. Every lock also ends by itself %(minutes)d minutes after "
            "the wrong passwords that caused it."
        ) % {"minutes": signin.window_minutes()}

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Unlock" says what deleting these rows does
        return actions

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        locks = _locks_now(request)
        for lock in changelist.result_list:
            lock.lock_ends = locks.get(lock.pk)
        return changelist

    @admin.display(description=_FAILURES_IN_WINDOW, ordering="failures_since_start")
    def failures_in_window(self, obj):
        return obj.failures_since_start if signin.in_window(obj.attempt_time) else 0

    @admin.display(description=_("locks sign-in"))
    def locks_sign_in(self, obj):
        if not hasattr(obj, "lock_ends"):
            obj.lock_ends = signin.current_locks().get(obj.pk)
        if obj.lock_ends is None:
            return gettext("No")
        ends = timezone.localtime(obj.lock_ends)
        if ends.date() != timezone.localdate():
            return gettext("until %(time)s") % {"time": f"{ends:%Y-%m-%d %H:%M}"}
        return gettext("until %(time)s") % {"time": f"{ends:%H:%M}"}

    @admin.display(description=_("last attempt"), ordering="attempt_time")
    def last_attempt(self, obj):
        return _local_time(obj.attempt_time)

    @admin.action(description=_("Unlock"), permissions=["delete"])
    def unlock(self, request, queryset):
        self._unlock(request, queryset)

    def _unlock(self, request, queryset):
        locks = list(queryset)
        self.log_deletions(request, locks)
        self.model.objects.filter(pk__in=[lock.pk for lock in locks]).delete()
        pairs = list({(lock.username, lock.ip_address) for lock in locks})
        still = [pair for pair, ends in signin.lock_ends_for(pairs).items() if ends]
        if not still:
            self.message_user(
                request,
                ngettext(
                    "%(count)d sign-in lock removed: they can sign in again now.",
                    "%(count)d sign-in locks removed: they can sign in again now.",
                    len(locks),
                ) % {"count": len(locks)},
                messages.SUCCESS,
            )
            return
        who = ", ".join(
            gettext("%(username)s from %(address)s") % {"username": username or "-", "address": address or "-"}
            for username, address in sorted(still, key=str)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d sign-in lock removed, but other rows keep these locked (the same account from other "
                "addresses, or the same address for other accounts): %(who)s. Search for the username or the address "
                "and unlock those rows too.",
                "%(count)d sign-in locks removed, but other rows keep these locked (the same account from other "
                "addresses, or the same address for other accounts): %(who)s. Search for the username or the address "
                "and unlock those rows too.",
                len(locks),
            ) % {"count": len(locks), "who": who},
            messages.WARNING,
        )

    def get_urls(self):
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/unlock/",
                self.admin_site.admin_view(require_POST(self.unlock_view)),
                name=f"{meta.app_label}_{meta.model_name}_unlock",
            ),
            *super().get_urls(),
        ]

    def unlock_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        self._unlock(request, self.model.objects.filter(pk=obj.pk))
        meta = self.model._meta
        return redirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_delete": False}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            meta = self.model._meta
            extra_context["unlock_url"] = reverse(f"admin:{meta.app_label}_{meta.model_name}_unlock", args=[obj.pk])
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(SignIn)
class SignInAdmin(_SignInRecordAdmin):
    """Successful sign-ins, kept SIGNIN_LOG_DAYS: the addresses that the wider limits spare. Read-only."""

    list_title = _("Sign-ins")
    list_display = ["account", "address", "signed_in", "signed_out", "page"]
    list_filter = [SignInPageFilter, ("attempt_time", SignedInFilter)]
    search_help_text = _("Search by username or address.")
    fields = ["account", "address", "signed_in", "signed_out", "page", "browser"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False  # deleted after SIGNIN_LOG_DAYS by the daily task, and only then

    @admin.display(description=_("signed in"), ordering="attempt_time")
    def signed_in(self, obj):
        return _local_time(obj.attempt_time)

    @admin.display(description=_("signed out"), ordering="logout_time")
    def signed_out(self, obj):
        return _local_time(obj.logout_time) if obj.logout_time else self.get_empty_value_display()
