"""Project-wide views: the staff dashboard, health check and error pages."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from evaluations.services import interviews_for
from positions.models import Position

from .forms import StaffProfileForm
from .middleware import TIME_ZONE_SESSION_KEY
from .models import profile_for
from .roles import is_hr_manager

logger = logging.getLogger(__name__)


@login_required
def dashboard(request):
    context = {}
    if is_hr_manager(request.user):
        counts = {status: 0 for status in Position.Status.values}
        for row in Position.objects.values("status").order_by().annotate(n=Count("pk")):
            counts[row["status"]] = row["n"]
        context["status_counts"] = [(s, label, counts[s]) for s, label in Position.Status.choices]
        context["recent_positions"] = Position.objects.order_by("-updated_at")[:5]
    context["panel_positions"] = Position.objects.filter(panel=request.user, status=Position.Status.OPEN).order_by("title")
    context["my_interviews"] = interviews_for(request.user)
    return render(request, "recruiting/dashboard.html", context)


@require_GET
@never_cache
def healthz(request):
    """200 when the database (and the broker, when configured) answer; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "not healthy", never a 500
        logger.warning("healthz: database check failed: %s", exc)
        checks["database"] = "error"
    if settings.BROKER_CONFIGURED:
        checks["broker"] = _broker_status()
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    healthy = checks["database"] == "ok" and (not settings.BROKER_CONFIGURED or checks["broker"] == "ok")
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def _broker_status() -> str:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2, transport_options={"socket_timeout": 2}) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:
        logger.warning("healthz: broker check failed: %s", exc)
        return "error"


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@require_POST
def set_language(request):
    """Django's language switch, also remembered on a staff member's profile for their e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        profile = profile_for(request.user)
        if profile.language != language:
            profile.language = language
            profile.save(update_fields=["language"])
    return response


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


@login_required
def my_settings(request):
    """Language and time zone for the signed-in staff member."""
    profile = profile_for(request.user)
    form = StaffProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.session[TIME_ZONE_SESSION_KEY] = profile.time_zone
        messages.success(request, _("Your settings have been saved."))
        response = redirect("staff:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, profile.language, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, httponly=False)
        return response
    return render(request, "recruiting/settings.html", {"form": form})
