"""Project-wide views: the staff dashboard, health check and error pages."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models import Count
from django.forms import RadioSelect
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from candidates import blind, notifications, offers, privacy, status
from candidates.models import Candidate, ErasureRecord
from core.models import profile_for
from core.roles import is_hr_manager
from core.spreadsheets import csv_response
from evaluations import feeds
from evaluations.selectors import interviews_for
from positions.models import Position

from . import email_previews as email_preview
from . import reports
from .forms import ReportFilterForm, StaffProfileForm
from .middleware import TIME_ZONE_SESSION_KEY
from .privacy import candidate_export

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
    context["offers_to_approve"] = offers.awaiting_approval(request.user)
    if notifications.follows_applications(request.user):
        context["new_applications"] = notifications.new_since_last_visit(request.user)
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

    # One attempt with the broker's own short timeouts: a dead Redis answers "error" within about a second.
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    try:
        with Connection(
            settings.CELERY_BROKER_URL, connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT, transport_options=options
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
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


class _FollowerSettingsForm(StaffProfileForm):
    """The settings of someone told about new applications (HR, hiring managers): also how they hear of them."""

    class Meta(StaffProfileForm.Meta):
        fields = [*StaffProfileForm.Meta.fields, "new_applications"]
        widgets = {"new_applications": RadioSelect}
        labels = {"new_applications": gettext_lazy("New applications")}
        help_texts = {
            **StaffProfileForm.Meta.help_texts,
            "new_applications": gettext_lazy("For the positions you manage, and for every position if you work in HR."),
        }


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    """Language, time zone and new-application e-mails for the signed-in staff member, and their calendar feed."""
    profile = profile_for(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("feed_new", "feed_off"):
        if action == "feed_new":
            profile.renew_feed_token()
            messages.success(request, _("Your calendar address is ready. Any address made before no longer works."))
        else:
            profile.calendar_feed_token = ""
            profile.save(update_fields=["calendar_feed_token"])
            messages.success(request, _("Your calendar address no longer works."))
        return redirect(f"{reverse('staff:settings')}#calendar-feed")
    form_class = _FollowerSettingsForm if notifications.follows_applications(request.user) else StaffProfileForm
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.session[TIME_ZONE_SESSION_KEY] = profile.time_zone
        messages.success(request, _("Your settings have been saved."))
        response = redirect("staff:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, profile.language, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, httponly=False)
        return response
    feed_url = request.build_absolute_uri(feeds.feed_path(profile)) if profile.calendar_feed_token else ""
    return render(request, "recruiting/settings.html", {"form": form, "feed_url": feed_url})


# ---------------------------------------------------------------------------
# Data protection (HR): retention overview, export and erasure
# ---------------------------------------------------------------------------
def _privacy_officer(request):
    if not request.user.has_perm("candidates.change_candidate"):
        raise Http404


@login_required
@require_GET
def privacy_overview(request):
    _privacy_officer(request)
    email = request.GET.get("email", "").strip()[:254]
    search = _search_by_email(email) if email else None
    now = timezone.now()
    soon = blind.mark(
        privacy.expiring(now=now, days=30).select_related("candidate", "position").order_by("last_activity_at")[:500]
    )
    return render(
        request,
        "recruiting/privacy_overview.html",
        {
            # A masked application is listed by its number: this page is no way round blind screening.
            "expiring": [
                (
                    application, privacy.expires_at(application),
                    None if application.is_blind else blind.privacy_page_url(application.candidate_id),
                )
                for application in soon
            ],
            "email": email,
            "search": search,
            "erasures": ErasureRecord.objects.select_related("erased_by")[:20],
            # Requests from candidates' status pages (candidates/status.py), the nearest deadline first.
            "erasure_requests": [
                (
                    request_, left, -left,
                    None if request_.under_blind_screening and not blind.outside_blind_screening(request.user)
                    else blind.privacy_page_url(request_.candidate_id),
                )
                for request_ in status.open_erasure_requests()[:500]
                for left in [status.days_left(request_.deadline, today=timezone.localdate(now))]
            ],
            "months": settings.RETENTION_MONTHS,
            "months_consent": settings.RETENTION_MONTHS_WITH_CONSENT,
        },
    )


def _search_by_email(email: str) -> dict:
    """The person behind an exact e-mail address (a request names its sender), compared as the apply form
    stores it (Candidate.email_normalized), with the link to their page; or why there is none."""
    try:
        validate_email(email)
    except ValidationError:
        return {"problem": _("Enter the person's whole e-mail address, such as name@example.com.")}
    candidate = (
        Candidate.objects.filter(email_normalized=Candidate.normalize_email(email))
        .annotate(application_count=Count("applications"))
        .first()
    )
    if candidate is None:
        return {"problem": _("No one has applied with this e-mail address.")}
    # Whoever typed the whole address already knows who the person is: the link carries that proof.
    return {"candidate": candidate, "url": blind.privacy_page_url(candidate.pk)}


# Either action would tell HR which masked row is this person (the file, or the row turning anonymous).
ADMINISTRATOR_HANDLES_IT = gettext_lazy(
    "Blind screening is running on an application of this person, so an administrator handles their export "
    "and erasure: ask an administrator to open this page and do it from here."
)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_privacy(request, pk):
    _privacy_officer(request)
    reference = request.GET.get("ref", "")
    if not blind.outside_blind_screening(request.user) and not blind.privacy_reference_is_valid(reference, pk):
        # Blind screening: HR opens a person's page only from their e-mail address or one of their unmasked
        # applications. The answer is the same for every id (masked, not masked, no one), so it confirms nothing.
        if not reference:
            raise Http404
        messages.error(request, _("This link has expired. Find the person again by their e-mail address."))
        return redirect("staff:privacy")
    candidate = get_object_or_404(Candidate, pk=pk)
    applications, under_blind_screening = blind.privacy_applications(candidate, request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("export", "erase") and under_blind_screening:
        messages.error(request, ADMINISTRATOR_HANDLES_IT)
        return redirect(blind.privacy_page_url(candidate.pk))
    if action == "export":
        data = candidate_export(candidate=candidate, user=request.user)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}-data.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
    if action == "erase":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure; nothing was erased."))
            return redirect(blind.privacy_page_url(candidate.pk))
        privacy.candidate_erase(candidate=candidate, user=request.user)
        messages.success(request, _("The person's data has been erased. A record of the erasure was kept, without their identity."))
        return redirect("staff:privacy")
    return render(
        request,
        "recruiting/candidate_privacy.html",
        {
            "candidate": candidate,
            "applications": [(a, privacy.expires_at(a)) for a in applications],
            "under_blind_screening": under_blind_screening,
            "administrator_handles_it": ADMINISTRATOR_HANDLES_IT if under_blind_screening else "",
        },
    )


# ---------------------------------------------------------------------------
# Reports (HR)
# ---------------------------------------------------------------------------
REPORT_EXPORTS = ("funnel", "positions", "speed", "sources", "scorecards", "calibration")


@login_required
@require_GET
def reports_view(request):
    if not request.user.has_perm("candidates.view_application"):
        raise Http404
    form = ReportFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = reports.Filters(
        date_from=data.get("date_from"), date_to=data.get("date_to"), function=data.get("function") or "",
        position_id=data.get("position"),
    )
    context = {
        "form": form,
        "funnel": reports.funnel(filters),
        "by_position": reports.funnel_by_position(filters),
        "speed": reports.speed(filters),
        "sources": reports.sources(filters),
        "scorecards": reports.scorecard_completion(filters),
        "calibration": reports.calibration(filters),
        "offers": reports.offer_acceptance(filters),
        "references": reports.references(filters),
        "assessments": reports.assessments(filters),
    }
    export = request.GET.get("export")
    if export in REPORT_EXPORTS:
        return _report_csv(export, context)
    query = request.GET.copy()
    query.pop("export", None)
    context["querystring"] = query.urlencode()
    context["stage_labels"] = [str(row["label"]) for row in context["funnel"]]
    context.update(_charts(context))
    return render(request, "recruiting/reports.html", context)


def _charts(context) -> dict:
    """Chart.js data for each report, from the same figures as its table."""

    def chart(labels, *datasets):
        return {"labels": [str(label) for label in labels],
                "datasets": [{"label": str(name), "data": values} for name, values in datasets]}

    funnel, speed, sources = context["funnel"], context["speed"], context["sources"]
    scorecards, calibration = context["scorecards"], context["calibration"]
    return {
        "funnel_chart": chart([r["label"] for r in funnel], (_("Applications"), [r["count"] for r in funnel])),
        "speed_chart": chart([r["label"] for r in speed["stages"]],
                             (_("Median days"), [r["median_days"] or 0 for r in speed["stages"]])),
        "sources_chart": chart([r["label"] for r in sources], (_("Applications"), [r["applications"] for r in sources]),
                               (_("Hires"), [r["hires"] for r in sources])),
        "scorecards_chart": chart([r["interviewer"] for r in scorecards], (_("On time"), [r["on_time"] for r in scorecards]),
                                  (_("Late"), [r["late"] for r in scorecards]), (_("Missing"), [r["missing"] for r in scorecards])),
        "calibration_chart": chart([r["interviewer"] for r in calibration], (_("Mean"), [r["mean"] for r in calibration]),
                                   (_("Panel"), [r["panel"] for r in calibration])),
    }


def _report_csv(name, context):
    response, writer = csv_response(f"report-{name}-{timezone.localdate():%Y%m%d}.csv")
    if name == "funnel":
        writer.writerow([_("Stage"), _("Applications"), _("Conversion from the stage before (%)")])
        writer.writerows([r["label"], r["count"], "" if r["conversion"] is None else r["conversion"]] for r in context["funnel"])
    elif name == "positions":
        writer.writerow([_("Position")] + [r["label"] for r in context["funnel"]])
        writer.writerows([r["position"], *r["counts"]] for r in context["by_position"])
    elif name == "speed":
        writer.writerow([_("Stage"), _("Median days"), _("Stays")])
        writer.writerows([r["label"], r["median_days"], r["count"]] for r in context["speed"]["stages"])
        writer.writerow([_("Time to hire (median days)"), context["speed"]["time_to_hire"], context["speed"]["hires"]])
    elif name == "sources":
        writer.writerow([_("Source"), _("Applications"), _("Hires")])
        writer.writerows([r["label"], r["applications"], r["hires"]] for r in context["sources"])
    elif name == "scorecards":
        writer.writerow([_("Interviewer"), _("On time"), _("Late"), _("Missing")])
        writer.writerows([r["interviewer"], r["on_time"], r["late"], r["missing"]] for r in context["scorecards"])
    else:
        writer.writerow([_("Interviewer"), _("Mean rating"), _("Ratings"), _("Panel mean"), _("Difference")])
        writer.writerows([r["interviewer"], r["mean"], r["ratings"], r["panel"], r["difference"]] for r in context["calibration"])
    return response


# ---------------------------------------------------------------------------
# E-mail previews (HR)
# ---------------------------------------------------------------------------
@login_required
@require_GET
@never_cache
def email_previews(request):
    """Every e-mail the product sends, as it would go out now, in the language asked for (recruiting/email_previews.py)."""
    if not is_hr_manager(request.user):
        raise Http404
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("language", "")
    if language not in languages:
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in languages else settings.LANGUAGE_CODE
    previews = email_preview.previews(language)
    return render(request, "recruiting/email_previews.html", {
        "language": language, "language_name": languages[language], "languages": settings.LANGUAGES,
        "candidate_previews": [p for p in previews if p.audience == email_preview.CANDIDATE],
        "staff_previews": [p for p in previews if p.audience == email_preview.STAFF],
        "may_edit": request.user.has_perm("candidates.change_emailtemplate"),
    })
