from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApplicationScore, Interview, Rating, Reminder, Scorecard, ScorecardChange


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
    list_display = ["application", "kind", "starts_at", "duration_minutes", "status", "sequence"]
    list_filter = ["status", "kind", "interviewers"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["application__candidate__last_name", "application__candidate__email", "location"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["application"]
    filter_horizontal = ["interviewers"]
    readonly_fields = ["uid", "sequence", "created_by", "created_at", "updated_at"]
    inlines = [ScorecardInline]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["group", "label", "score", "note"]
    readonly_fields = ["group", "label"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ScorecardChangeInline(admin.TabularInline):
    model = ScorecardChange
    extra = 0
    fields = ["changed_at", "changed_by", "changes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["interview", "interviewer", "status", "recommendation", "submitted_at"]
    list_filter = ["status", "recommendation", "interviewer"]
    list_select_related = ["interview__application__candidate", "interview__application__position", "interviewer"]
    search_fields = ["interview__application__candidate__last_name", "interviewer__username"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["interview", "interviewer", "submitted_at", "updated_at"]
    inlines = [RatingInline, ScorecardChangeInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "to", "recipient", "status", "attempts", "created_at", "sent_at"]
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

    @admin.action(description=_("Send the selected reminders again"), permissions=["view"])
    def resend(self, request, queryset):
        from django.utils import timezone

        from . import services
        from .tasks import deliver_reminder

        now = timezone.now()
        ids, skipped = [], []
        for reminder in queryset.select_related("interview"):
            reason = services.obsolete_reason(reminder, now) if reminder.interview_id else ""
            (skipped if reason else ids).append(reminder)
        for reminder in skipped:
            self.message_user(
                request, _("Not sent again, it no longer applies: %(key)s") % {"key": reminder.key}, messages.WARNING
            )
        ids = [r.pk for r in ids]
        # Back to pending: deliver() checks again that the message still makes sense.
        Reminder.objects.filter(pk__in=ids).update(status=Reminder.Status.PENDING, attempts=0, sent_at=None)
        for pk in ids:
            deliver_reminder.delay(pk)
        self.message_user(
            request,
            ngettext("%(count)d reminder queued again.", "%(count)d reminders queued again.", len(ids)) % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(ApplicationScore)
class ApplicationScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "position", "total", "skills", "background", "interpersonal", "partial", "computed_at"]
    list_filter = ["partial", "position"]
    list_select_related = ["application__candidate", "application__position", "position"]
    search_fields = ["application__candidate__last_name"]
    readonly_fields = [f.name for f in ApplicationScore._meta.fields]

    def has_add_permission(self, request):
        return False
