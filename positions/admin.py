from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Competency, Duty, Position, PositionSkill, ScreeningQuestion, Skill


class DutyInline(admin.TabularInline):
    model = Duty
    extra = 0
    fields = ["order", "description", "time_share", "essential"]


class PositionSkillInline(admin.TabularInline):
    model = PositionSkill
    extra = 0
    fields = ["order", "skill", "importance", "weight"]
    autocomplete_fields = ["skill"]


class ScreeningQuestionInline(admin.TabularInline):
    model = ScreeningQuestion
    extra = 0
    fields = ["order", "text", "kind", "required", "knockout"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
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
            self.message_user(request, _("%(count)d positions updated.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Publish (or reopen) the selected positions"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Position.Status.OPEN)

    @admin.action(description=_("Close the selected positions"), permissions=["change"])
    def close(self, request, queryset):
        self._set_status(request, queryset, Position.Status.CLOSED)
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
        (_("Audit"), {"fields": ["published_at", "created_at", "updated_at", "created_by"]}),
    ]


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "position", "kind", "required", "knockout"]
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
