from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from candidates import views as candidate_views
from positions import public_urls as job_board_urls
from positions.feeds import SITEMAPS

from . import views

staff_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("settings/", views.my_settings, name="settings"),
        path("privacy/", views.privacy_overview, name="privacy"),
        path("reports/", views.reports_view, name="reports"),
        path("candidates/<id:pk>/privacy/", views.candidate_privacy, name="candidate_privacy"),
    ],
    "staff",
)

jobs_patterns = (
    [
        *job_board_urls.urlpatterns,
        path("<slug:slug>/apply/", candidate_views.apply, name="apply"),
        path("<slug:slug>/apply/thanks/", candidate_views.applied, name="applied"),
        path("<slug:slug>/apply/already/", candidate_views.already_applied, name="already_applied"),
    ],
    "jobs",
)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="jobs:board", permanent=False)),
    path("jobs/", include(jobs_patterns)),
    path("privacy/", candidate_views.privacy_notice, name="privacy"),
    path("staff/", include(staff_patterns)),
    path("staff/positions/", include("positions.urls")),
    path("staff/", include("candidates.urls")),
    path("staff/", include("evaluations.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
