from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from candidates import offer_views, reference_views, status_views
from candidates import views as candidate_views
from evaluations import assessment_views, reschedule_request_views, slot_views
from positions import public_urls as job_board_urls
from positions.feeds import SITEMAPS
from positions.public_cache import cached_public_page

from . import outbox, views
from .privacy import candidate_export

staff_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("settings/", views.my_settings, name="settings"),
        path("privacy/", views.privacy_overview, name="privacy"),
        path("outbox/", outbox.outbox_view, name="outbox"),  # DEBUG only (recruiting/outbox.py)
        path("reports/", views.reports_view, name="reports"),
        path("emails/", views.email_previews, name="email_previews"),
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

# The candidate's status page (no account; the signed link is the key): candidates/status_views.py.
status_patterns = (
    [
        path("new-link/", status_views.new_link, name="new_link"),
        path("erasure/<str:token>/", status_views.confirm_erasure, name="confirm_erasure"),
        path("<str:token>/", status_views.status_page, name="page"),
        path("<str:token>/withdraw/", status_views.withdraw, name="withdraw"),
        path("<str:token>/update/", status_views.update, name="update"),
        # The export gathers data across the apps, so this layer hands it to the view.
        path("<str:token>/data/", status_views.download_data, {"export": candidate_export}, name="data"),
        path("<str:token>/erasure/", status_views.ask_erasure, name="erasure"),
        path("<str:token>/references/", status_views.name_referees, name="references"),
        path("<str:token>/interviews/<id:pk>.ics", status_views.interview_ics, name="interview_ics"),
        # Choosing an interview time HR offered (evaluations/slots.py).
        path("<str:token>/slots/<id:pk>/", slot_views.candidate_slots, name="slots"),
        # Asking for another time for an upcoming interview (evaluations/reschedule_requests.py).
        path("<str:token>/interviews/<id:pk>/another-time/", reschedule_request_views.candidate_reschedule_request,
             name="reschedule_request"),
        # Taking the online assessment (evaluations/assessments.py).
        path("<str:token>/assessment/", assessment_views.candidate_start, name="assessment"),
        path("<str:token>/assessment/take/", assessment_views.candidate_take, name="assessment_take"),
    ],
    "status",
)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="jobs:board", permanent=False)),
    path("jobs/", include(jobs_patterns)),
    path("privacy/", candidate_views.privacy_notice, name="privacy"),
    path("offer/<str:token>/", offer_views.offer_response, name="offer_response"),
    path("reference/<str:token>/", reference_views.reference_page, name="reference"),  # candidates/references.py
    path("status/", include(status_patterns)),
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
    path("sitemap.xml", cached_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
