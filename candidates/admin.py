import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .models import Answer, Application, Candidate, CandidateEmail, EmailTemplate, Note, RejectionReason, StageChange


@admin.action(description=_("Export selected as CSV"))
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{modeladmin.model._meta.model_name}.csv"'
    response.write("\ufeff")
    fields = [f for f in modeladmin.model._meta.concrete_fields if f.name not in ("resume_text",)]
    writer = csv.writer(response)
    writer.writerow([str(f.verbose_name) for f in fields])
    for obj in queryset.iterator(chunk_size=500):
        row = [str(f.value_from_object(obj)) for f in fields]
        writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in row])
    return response


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ["position", "stage", "meets_requirements", "applied_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "phone", "town", "language", "created_at"]
    list_filter = ["language"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    date_hierarchy = "created_at"
    readonly_fields = ["email_normalized", "created_at", "updated_at"]
    inlines = [ApplicationInline]
    actions = [export_csv]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "rejection_reason", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # moves go through the pipeline service


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0
    fields = ["created_at", "author", "body"]
    readonly_fields = ["created_at", "author"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question_text", "value", "is_knockout"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "position", "stage", "meets_requirements", "source", "resume_text_status", "applied_at"]
    list_filter = ["stage", "meets_requirements", "source", "resume_text_status", "position__function"]
    list_select_related = ["candidate", "position"]
    search_fields = ["candidate__first_name", "candidate__last_name", "candidate__email", "position__title"]
    date_hierarchy = "applied_at"
    autocomplete_fields = ["candidate"]
    raw_id_fields = ["position"]
    readonly_fields = [
        "stage", "rejection_reason", "meets_requirements", "resume_text_status", "privacy_acknowledged_at",
        "privacy_notice_version", "submission_token", "applied_at", "updated_at", "last_activity_at",
    ]
    exclude = ["resume_text"]
    inlines = [AnswerInline, StageChangeInline, NoteInline]
    actions = [export_csv]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_it", "kind", "active", "order"]
    list_filter = ["kind", "active"]
    list_editable = ["active", "order"]
    search_fields = ["name_en", "name_it"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "subject"]
    list_filter = ["kind", "language"]


@admin.register(CandidateEmail)
class CandidateEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["application"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in CandidateEmail._meta.fields]
