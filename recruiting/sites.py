"""The Django admin is for administrators (superusers) only.

It works outside blind screening (its lists show who applied) and outside the HR pages' rules, so an HR manager
or interviewer who is also marked as staff is sent to the admin's sign-in page like a visitor: their work is in
the app, where every rule holds.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Column headings of the admin's model lists (read by screen readers) that Django's Italian catalogue
# leaves in English: ours translates them, and they are listed here so that makemessages keeps them.
ADMIN_STRINGS_DJANGO_LEAVES_UNTRANSLATED = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)


class AdministratorsSite(admin.AdminSite):
    site_title = _("Recruiting administration")  # after each page's title in the browser's tab
    index_title = _("Records and settings")

    @property
    def site_header(self):
        return gettext("%(organization)s · recruiting administration") % {"organization": settings.ORGANIZATION_NAME}

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class AdministratorsAdminConfig(AdminConfig):
    default_site = "recruiting.sites.AdministratorsSite"
