from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_actions import SendAgainMixin

from . import emails, privacy, services
from .models import (
    Answer,
    Application,
    Candidate,
    CandidateEmail,
    EmailTemplate,
    ErasureRecord,
    ErasureRequest,
    Note,
    Offer,
    OfferStep,
    Referee,
    RefereeEmail,
    ReferenceRating,
    ReferenceRequest,
    RejectionReason,
    ResumeAccess,
    StageChange,
)


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
    actions = ["anonymise"]

    def has_delete_permission(self, request, obj=None):
        return False  # people are erased by anonymisation, which keeps the figures and the history

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, candidate):
        return candidate.full_name

    @admin.action(description=_("Anonymise the selected candidates (right to erasure)"), permissions=["change"])
    def anonymise(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            # Like Django's own delete action: show what will happen and ask once more.
            return TemplateResponse(
                request,
                "admin/candidates/anonymise_confirmation.html",
                {**self.admin_site.each_context(request), "candidates": queryset, "opts": self.model._meta,
                 "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME},
            )
        for candidate in queryset:
            privacy.candidate_erase(candidate=candidate, user=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d candidate anonymised.", "%(count)d candidates anonymised.", count) % {"count": count},
            messages.SUCCESS,
        )


class _StageChangeColumns:
    """ "from", "to" and "by" are all "da" or "a" in Italian: the columns say which stage and who moved it."""

    @admin.display(description=_("from stage"), ordering="from_stage")
    def moved_from(self, change):
        return change.get_from_stage_display() or "—"

    @admin.display(description=_("to stage"), ordering="to_stage")
    def moved_to(self, change):
        return change.get_to_stage_display()

    @admin.display(description=_("moved by"), ordering="changed_by")
    def moved_by(self, change):
        return change.changed_by or "—"


class _TitledChoicesFilter(admin.ChoicesFieldListFilter):
    label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.label


class FromStageFilter(_TitledChoicesFilter):
    label = _("from stage")


class ToStageFilter(_TitledChoicesFilter):
    label = _("to stage")


class StageChangeInline(_StageChangeColumns, admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["changed_at", "moved_from", "moved_to", "moved_by", "rejection_reason", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # moves go through the pipeline service


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0
    fields = ["created_at", "author", "body"]
    readonly_fields = ["created_at", "author"]

    # An anonymised application takes no new notes, and its notes are gone already.
    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.anonymised_at is None) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.anonymised_at is None) and super().has_change_permission(request, obj)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question_text", "question_kind", "answer", "is_knockout"]
    readonly_fields = fields

    @admin.display(description=_("answer"))
    def answer(self, answer):
        return services.display_answer(answer.value) or "—"
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
        "anonymised_at",  # anonymising is an action that scrubs the data, never a date typed in
    ]
    exclude = ["resume_text", "resume"]
    inlines = [AnswerInline, StageChangeInline, NoteInline]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "resume_link"]
        if obj is not None:
            fields += ["candidate", "position"]  # an application belongs to one person and one position
        if obj is not None and obj.anonymised_at is not None:
            fields += [f.name for f in Application._meta.fields if f.name not in fields and f.name != "resume"]
        return fields

    @admin.display(description=_("résumé"))
    def resume_link(self, application):
        # Résumés have no URL of their own: the link goes through the view that checks who asks.
        if not application.resume:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("candidates:resume", args=[application.pk]), application.resume_name
        )

    def has_add_permission(self, request):
        return False  # applications come from the application form, with consent and a résumé

    def has_delete_permission(self, request, obj=None):
        return False  # history hangs on an application; anonymise the candidate instead

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Note) and instance.author_id is None:
                instance.author = request.user  # who wrote it, as in the app
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Same consequences as any other edit: screening now, ranking through the durable mark.
        services.application_rescreen(obj)
        services.request_rescore([obj.pk])


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
class CandidateEmailAdmin(SendAgainMixin, admin.ModelAdmin):
    list_display = ["subject", "to", "kind", "status_badge", "attempts", "created_at", "sent_at", "application"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in CandidateEmail._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # what was sent to whom stays on record

    def queue_again(self, request, queryset):
        return emails.emails_send_again(emails=queryset, user=request.user)


@admin.register(ResumeAccess)
class ResumeAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "application"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "application__candidate", "application__position"]
    search_fields = ["user__username", "application__candidate__last_name"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "action", "application"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log must outlive what it records


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ["erased_at", "reason", "applications", "erased_by"]
    list_filter = ["reason"]
    list_select_related = ["erased_by"]
    date_hierarchy = "erased_at"
    readonly_fields = ["erased_at", "reason", "applications", "erased_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Requests from candidates' status pages: completed by erasing the person (data-protection page)."""

    list_display = ["candidate", "requested_at", "confirmed_at", "deadline", "completed_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["candidate"]
    date_hierarchy = "deadline"
    readonly_fields = ["candidate", "requested_at", "confirmed_at", "deadline", "completed_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a request and its answer stay on record


@admin.register(StageChange)
class StageChangeAdmin(_StageChangeColumns, admin.ModelAdmin):
    list_display = ["application", "moved_from", "moved_to", "moved_by", "changed_at"]
    list_filter = [("to_stage", ToStageFilter), ("from_stage", FromStageFilter)]
    list_select_related = ["application__candidate", "application__position", "changed_by"]
    search_fields = ["application__candidate__last_name", "note"]
    date_hierarchy = "changed_at"
    fields = ["application", "moved_from", "moved_to", "moved_by", "changed_at", "rejection_reason", "note"]
    readonly_fields = ["application", "moved_from", "moved_to", "moved_by", "changed_at", "rejection_reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["application", "author", "created_at"]
    list_select_related = ["application__candidate", "application__position", "author"]
    search_fields = ["body", "application__candidate__last_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["application", "author", "created_at"]


class OfferStepInline(admin.TabularInline):
    model = OfferStep
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # steps are taken in the app (candidates/offers.py)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Read-mostly: the terms and steps go through the app's rules; only the internal notes are editable here."""

    list_display = ["application", "status", "pay", "contract_type", "start_date", "sent_at", "responded_at"]
    list_filter = ["status", "contract_type", "decline_reason"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["application__candidate__last_name", "application__candidate__email", "application__position__title"]
    date_hierarchy = "created_at"
    fields = [
        "application", "status", "pay", "contract_type", "start_date", "end_date", "weekly_hours", "notes",
        "created_by", "created_at", "updated_at", "sent_at", "email", "letter", "responded_at", "decline_reason",
        "decline_details",
    ]
    readonly_fields = [name for name in fields if name != "notes"]
    inlines = [OfferStepInline]

    @admin.display(description=_("offer letter (PDF)"))
    def letter(self, offer):
        return f"{len(offer.letter_pdf):,} B" if offer.letter_pdf else "—"

    def has_add_permission(self, request):
        return False  # HR drafts offers on the candidate's page

    def has_delete_permission(self, request, obj=None):
        return False  # what was offered, approved and answered stays on record


# ---------------------------------------------------------------------------
# Structured references: read-only (the steps go through candidates/references.py, from the candidate page)
# ---------------------------------------------------------------------------
class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReferenceRequest)
class ReferenceRequestAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["application", "how_many", "status", "asked_by", "asked_at", "named_at"]
    list_filter = ["status"]
    list_select_related = ["application__candidate", "application__position", "asked_by"]
    date_hierarchy = "asked_at"


class ReferenceRatingInline(_ReadOnly, admin.TabularInline):
    model = ReferenceRating
    extra = 0
    fields = ["competency", "score", "example"]
    readonly_fields = fields


class RefereeEmailInline(_ReadOnly, admin.TabularInline):
    model = RefereeEmail
    extra = 0
    fields = ["kind", "to", "subject", "status", "attempts", "created_at", "sent_at"]
    readonly_fields = fields


@admin.register(Referee)
class RefereeAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["name", "email", "relationship", "application", "invited_at", "answered_at", "declined_at",
                    "cancelled_at", "excluded_at"]
    list_filter = ["relationship", "language"]
    list_select_related = ["application__candidate", "application__position"]
    search_fields = ["name", "email"]
    date_hierarchy = "invited_at"
    exclude = ["answer_address_hash"]  # a keyed hash, meaningful only compared with another
    inlines = [ReferenceRatingInline, RefereeEmailInline]


@admin.register(RefereeEmail)
class RefereeEmailAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["to", "key"]
    date_hierarchy = "created_at"
