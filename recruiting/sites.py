"""The Django admin is for administrators (superusers) only.

It works outside blind screening (its lists show who applied) and outside the HR pages' rules, so an HR manager
or interviewer who is also marked as staff is sent to the admin's sign-in page like a visitor: their work is in
the app, where every rule holds.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class AdministratorsSite(admin.AdminSite):
    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class AdministratorsAdminConfig(AdminConfig):
    default_site = "recruiting.sites.AdministratorsSite"
