from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

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
    readonly_fields = ["published_at", "created_at", "updated_at", "created_by"]
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
