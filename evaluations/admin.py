from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_actions import SendAgainMixin

from . import reminders, scheduling, score_history, selectors
from .models import (
    ApplicationScore,
    AssessmentAttempt,
    AssessmentExclusion,
    AssessmentExercise,
    AssessmentItem,
    AssessmentPlan,
    Interview,
    Rating,
    Reminder,
    Scorecard,
    ScorecardChange,
    ScoreChange,
    Slot,
    SlotOffer,
)


class ScorecardInline(admin.TabularInline):
    model = Scorecard
    extra = 0
    fields = ["interviewer", "status", "recommendation", "submitted_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "starts_at", "duration_minutes", "status", "logged", "sequence"]
    list_filter = ["status", "logged", "kind", "interviewers"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["application__candidate__last_name", "application__candidate__email", "location"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["application"]
    filter_horizontal = ["interviewers"]
    # Scheduling, rescheduling and cancelling send invitations and re-score: they happen in the app
    # (or through the action below), never by editing fields here.
    readonly_fields = [
        "application", "kind", "starts_at", "duration_minutes", "location", "interviewers", "status", "logged",
        "uid", "sequence", "created_by", "created_at", "updated_at",
        # The candidate's own request, from their status page (evaluations/reschedule_requests.py).
        "reschedule_request_note", "reschedule_requested_at", "reschedule_request_sequence",
    ]
    inlines = [ScorecardInline]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the scorecards and the invitations sent stay on record

    @admin.action(description=_("Cancel the selected interviews (cancellations are sent)"), permissions=["change"])
    def cancel(self, request, queryset):
        done = 0
        for interview in queryset.filter(status=Interview.Status.SCHEDULED):
            scheduling.interview_cancel(interview=interview, user=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d interview cancelled.", "%(count)d interviews cancelled.", done) % {"count": done},
            messages.SUCCESS,
        )


def _scorecard_is_closed(scorecard) -> bool:
    """Submitted, or its interview cancelled: then only the interviewer's own recorded changes apply."""
    return scorecard is not None and (scorecard.is_submitted or scorecard.interview.is_cancelled)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["group", "criterion_label", "score", "note"]
    readonly_fields = ["group", "criterion_label"]
    can_delete = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._labels: dict[int, dict[str, str]] = {}  # per scorecard, for this request's page

    @admin.display(description=_("criterion"))
    def criterion_label(self, rating):
        # The label stored with the rating is in the language of whoever scheduled the interview; the page
        # names the criterion in its own language, as the scorecard page does.
        if rating.scorecard_id not in self._labels:
            guide = selectors.criterion_guide(rating.scorecard.interview.application.position)
            self._labels[rating.scorecard_id] = {key: str(value["label"]) for key, value in guide.items()}
        return self._labels[rating.scorecard_id].get(rating.criterion, rating.label)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return not _scorecard_is_closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class ScorecardChangeInline(admin.TabularInline):
    model = ScorecardChange
    extra = 0
    fields = ["changed_at", "changed_by", "changes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["interview", "interviewer", "status", "recommendation", "submitted_at"]
    list_filter = ["status", "recommendation", "interviewer"]
    list_select_related = ["interview__application__candidate", "interview__application__position", "interviewer"]
    search_fields = ["interview__application__candidate__last_name", "interviewer__username"]
    date_hierarchy = "submitted_at"
    # Submission is the interviewer's act (scorecards.scorecard_submit), so the status is never edited here.
    readonly_fields = ["interview", "interviewer", "status", "submitted_at", "updated_at"]
    inlines = [RatingInline, ScorecardChangeInline]

    def has_add_permission(self, request):
        return False  # scorecards are created when an interview is scheduled

    def has_change_permission(self, request, obj=None):
        # A submitted scorecard changes only through its interviewer, with every change recorded;
        # a cancelled interview's scorecard does not change at all. Admins can still read both.
        return not _scorecard_is_closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # its ratings feed scores, calibration and reports


@admin.register(Reminder)
class ReminderAdmin(SendAgainMixin, admin.ModelAdmin):
    list_display = ["key", "kind", "to", "recipient", "status_badge", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind", ("recipient", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["key", "to"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is the proof of what was sent

    def queue_again(self, request, queryset):
        ids, obsolete, left = reminders.reminder_send_again(reminders=queryset, user=request.user)
        for reminder in obsolete:
            self.message_user(
                request, _("Not sent again, it no longer applies: %(key)s") % {"key": reminder.key}, messages.WARNING
            )
        return ids, left


@admin.register(ApplicationScore)
class ApplicationScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "position", "total", "skills", "background", "interpersonal", "partial", "computed_at"]
    list_filter = ["partial", "position"]
    list_select_related = ["application__candidate", "application__position", "position"]
    search_fields = ["application__candidate__last_name"]
    readonly_fields = [f.name for f in ApplicationScore._meta.fields]
    csv_exclude = ["digest"]  # the rescore's fingerprint of the explanation: nothing a spreadsheet reader can use

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # recomputed from the inputs, never removed by hand


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    fields = ["starts_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SlotOffer)
class SlotOfferAdmin(admin.ModelAdmin):
    """Read-only: offers are made, withdrawn and taken in the app (see evaluations/slots.py)."""

    list_display = ["application", "kind", "status", "expires_at", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["application__candidate__last_name", "application__candidate__email"]
    readonly_fields = [
        "application", "kind", "duration_minutes", "location", "interviewers", "status", "expires_at", "interview",
        "request_note", "requested_at", "created_by", "created_at", "updated_at",
    ]
    inlines = [SlotInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------
# Candidate assessments: the attempts, read-only (answers are the candidate's; HR sends and excludes in the
# app, evaluations/assessments.py). The bank and the plans are edited on their own pages in the app.
# ---------------------------------------------------------------------------
class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AssessmentExclusionInline(admin.TabularInline):
    model = AssessmentExclusion
    extra = 0
    fields = ["at", "excluded", "reason", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssessmentAttempt)
class AssessmentAttemptAdmin(_ReadOnlyAdmin):
    list_display = ["application", "status", "sent_at", "started_at", "finished_at", "extra_time", "excluded"]
    list_filter = ["status", "extra_time", "excluded"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["application__candidate__last_name", "application__candidate__email"]
    readonly_fields = [
        "application", "status", "time_limit_minutes", "extra_time", "sent_at", "sent_by", "started_at",
        "deadline_at", "finished_at", "excluded", "scores", "answers", "timings", "late_pages", "pages",
    ]
    inlines = [AssessmentExclusionInline]


@admin.register(AssessmentItem)
class AssessmentItemAdmin(_ReadOnlyAdmin):
    """The judgement bank, for review: HR edits it on the bank page in the app, which keeps ``version``."""

    list_display = ["code", "competency", "active", "version", "updated_at", "updated_by"]
    list_filter = ["active", "competency"]
    list_select_related = ["competency", "updated_by"]
    search_fields = ["code", "scenario_en", "scenario_it"]
    readonly_fields = ["code", "competency", "scenario_en", "scenario_it", "options", "active", "version",
                       "updated_at", "updated_by"]


@admin.register(AssessmentExercise)
class AssessmentExerciseAdmin(_ReadOnlyAdmin):
    list_display = ["code", "kind", "name_en", "name_it", "active"]
    list_filter = ["kind", "active"]
    readonly_fields = ["code", "kind", "name_en", "name_it", "instructions_en", "instructions_it", "content",
                       "active"]


@admin.register(AssessmentPlan)
class AssessmentPlanAdmin(_ReadOnlyAdmin):
    """Each position's plan, for review: HR sets it on the position's assessment page."""

    list_display = ["position", "enabled", "time_limit_minutes", "updated_at"]
    list_filter = ["enabled"]
    list_select_related = ["position"]
    readonly_fields = ["position", "enabled", "time_limit_minutes", "judgement_counts", "exercises", "updated_at"]


@admin.register(ScoreChange)
class ScoreChangeAdmin(_ReadOnlyAdmin):
    """The history of stored scores, written by the ranking (evaluations/score_history.py): read-only."""

    list_display = ["application", "at", "total_before", "total_after", "cause_labels"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["application__candidate__last_name", "application__candidate__email"]
    date_hierarchy = "at"
    readonly_fields = ["application", "at", "total_before", "total_after", "parts_before", "parts_after",
                       "cause_labels"]
    exclude = ["causes"]

    @admin.display(description=_("causes"))
    def cause_labels(self, obj):
        return "; ".join(score_history.labels(obj.causes))
