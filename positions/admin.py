import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet, construct_instance
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Competency, Duty, Position, PositionSkill, ScreeningQuestion, Skill


def _is_published(position) -> bool:
    return position is not None and position.pk is not None and position.status != Position.Status.DRAFT


class _NotEmptyWhenPublished(BaseInlineFormSet):
    """A published position keeps at least one row (the publish rule), in the admin as in the app."""

    empty_message = ""

    def clean(self):
        super().clean()
        if not _is_published(self.instance):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(str(self.empty_message), code="unpublishable")


class _DutyFormSet(_NotEmptyWhenPublished):
    empty_message = services.NO_DUTIES


class _SkillFormSet(_NotEmptyWhenPublished):
    empty_message = services.NO_SKILLS


class PositionAdminForm(forms.ModelForm):
    class Meta:
        model = Position
        # Every field HR edits; the status moves only through the publish/close actions (the rule holds there).
        fields = [
            "title", "slug", "language", "function", "department", "location", "country", "work_mode",
            "employment_type", "openings", "summary", "education_min", "education_preferred", "field_of_study",
            "experience_min_years", "experience_preferred_years", "substitution", "years_per_level", "pay_min",
            "pay_max", "pay_currency", "pay_period", "closing_date", "hiring_manager", "score_weight_skills",
            "score_weight_background", "score_weight_interpersonal", "blind_screening", "competencies", "panel",
        ]

    def clean(self):
        data = super().clean()
        if "blind_screening" in data and self.instance.pk:
            problem = services.blind_screening_problem(self.instance, blind_screening=data["blind_screening"])
            if problem:
                self.add_error("blind_screening", forms.ValidationError(problem, code="blind_screening"))
        if _is_published(self.instance) and not self.errors:
            edited = construct_instance(self, copy.copy(self.instance))
            problems = services.field_problems(edited, check_closing_date=edited.status != Position.Status.CLOSED)
            if "competencies" in data and not data["competencies"]:
                problems.append(str(services.NO_COMPETENCIES))
            if problems:
                raise forms.ValidationError(problems, code="unpublishable")
        return data


class DutyInline(admin.TabularInline):
    model = Duty
    formset = _DutyFormSet
    extra = 0
    fields = ["order", "description", "time_share", "essential"]


class PositionSkillInline(admin.TabularInline):
    model = PositionSkill
    formset = _SkillFormSet
    extra = 0
    fields = ["order", "skill", "importance", "weight"]
    autocomplete_fields = ["skill"]


class ScreeningQuestionInline(admin.TabularInline):
    model = ScreeningQuestion
    extra = 0
    fields = ["order", "text", "kind", "required", "knockout"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    form = PositionAdminForm
    list_display = ["title", "function", "location", "work_mode", "status", "published_at", "closing_date", "hiring_manager"]
    list_filter = ["status", "function", "work_mode", "employment_type", "language"]
    list_select_related = ["hiring_manager"]
    search_fields = ["title", "slug", "department", "location"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    # Status moves go through the publish rule, so they are actions here, not a free field.
    readonly_fields = ["status", "published_at", "created_at", "updated_at", "created_by"]
    actions = ["publish", "close"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.published_at:
            fields.append("slug")  # public links must keep working
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.published_at else self.prepopulated_fields

    def _set_status(self, request, queryset, status):
        done = 0
        for position in queryset:
            try:
                services.position_set_status(position=position, status=status, user=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{position}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            message = ngettext("%(count)d position updated.", "%(count)d positions updated.", done) % {"count": done}
            self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Publish (or reopen) the selected positions"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Position.Status.OPEN)

    @admin.action(description=_("Close the selected positions"), permissions=["change"])
    def close(self, request, queryset):
        self._set_status(request, queryset, Position.Status.CLOSED)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Same as the app: screening and ranking follow what was saved, durably.
        services.request_recompute(form.instance)

    def has_delete_permission(self, request, obj=None):
        # A position with applications is protected by the database; closing is the way out.
        if obj is not None and obj.applications.exists():
            return False
        return super().has_delete_permission(request, obj)
    filter_horizontal = ["competencies", "panel"]
    inlines = [DutyInline, PositionSkillInline, ScreeningQuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "function", "status", "summary"]}),
        (_("Place and contract"), {"fields": ["department", "location", "country", "work_mode", "employment_type", "openings"]}),
        (
            _("Education and experience"),
            {
                "fields": [
                    "education_min",
                    "education_preferred",
                    "field_of_study",
                    "experience_min_years",
                    "experience_preferred_years",
                    "substitution",
                    "years_per_level",
                ]
            },
        ),
        (_("Pay and dates"), {"fields": ["pay_min", "pay_max", "pay_currency", "pay_period", "closing_date"]}),
        (_("People"), {"fields": ["competencies", "hiring_manager", "panel"]}),
        (_("Ranking"), {"fields": ["blind_screening"]}),
        (_("Audit"), {"fields": ["published_at", "created_at", "updated_at", "created_by"]}),
    ]


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "position", "kind", "required", "knockout"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.request_recompute(obj.position)

    def delete_model(self, request, obj):
        position = obj.position
        super().delete_model(request, obj)
        services.request_recompute(position)

    def delete_queryset(self, request, queryset):
        positions = list(Position.objects.filter(pk__in=queryset.values("position_id")))
        super().delete_queryset(request, queryset)
        for position in positions:
            services.request_recompute(position)
    list_filter = ["kind", "required"]
    list_select_related = ["position"]
    search_fields = ["text", "position__title"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "position_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_count=Count("position_skills"))

    @admin.display(description=_("positions"), ordering="position_count")
    def position_count(self, skill):
        return skill.position_count


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_it", "slug", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["active"]
    search_fields = ["name_en", "name_it", "slug"]

    def has_delete_permission(self, request, obj=None):
        # Published positions and past scorecards refer to it: untick "active" to stop offering it.
        return False
