"""Forms of the assessment pages: the position's plan, a bank item, the candidate's start, HR's exclusion."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from positions.models import Competency

from .assessments import MAX_ITEMS_PER_COMPETENCY
from .models import AssessmentExercise, AssessmentItem, AssessmentPlan

OPTION_COUNT = 4


class PlanForm(forms.Form):
    enabled = forms.BooleanField(label=_("Candidates for this position take an assessment"), required=False)
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=5, max_value=180, initial=30,
        help_text=_("Candidates who ask for extra time get half as much again."),
    )
    exercises = forms.ModelMultipleChoiceField(
        label=_("Practical exercises"), queryset=AssessmentExercise.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: AssessmentPlan | None, position, **kwargs):
        initial = {"enabled": False, "time_limit_minutes": 30, "exercises": []}
        counts: dict[str, int] = {}
        if plan is not None:
            initial = {"enabled": plan.enabled, "time_limit_minutes": plan.time_limit_minutes,
                       "exercises": list(plan.exercises.all())}
            counts = plan.judgement_counts
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["exercises"].queryset = AssessmentExercise.objects.filter(active=True).order_by("code")
        self.fields["exercises"].label_from_instance = lambda e: e.name_it if _is_italian() else e.name_en
        available: dict[int, int] = {}
        for item in AssessmentItem.objects.filter(active=True).values_list("competency_id", flat=True):
            available[item] = available.get(item, 0) + 1
        own = set(position.competencies.values_list("pk", flat=True))
        self.competency_fields = []
        for competency in Competency.objects.filter(pk__in=available.keys()).order_by("order", "slug"):
            name = f"count_{competency.pk}"
            most = min(available[competency.pk], MAX_ITEMS_PER_COMPETENCY)
            default = min(3, most) if plan is None and competency.pk in own else 0
            self.fields[name] = forms.IntegerField(
                label=competency.name, min_value=0, max_value=most, required=False,
                initial=counts.get(str(competency.pk), default),
                help_text=ngettext("%(count)d item in the bank.", "%(count)d items in the bank.",
                                   available[competency.pk]) % {"count": available[competency.pk]},
            )
            self.competency_fields.append((competency, name, competency.pk in own))

    def judgement_counts(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data.get(name) or 0 for c, name, _own in self.competency_fields}


def _is_italian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("it")


class ItemForm(forms.Form):
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=Competency.objects.filter(active=True))
    scenario_en = forms.CharField(label=_("Scenario (English)"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=2000)
    scenario_it = forms.CharField(label=_("Scenario (Italian)"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=2000)
    active = forms.BooleanField(label=_("In use (untick to retire the item)"), required=False, initial=True)

    def __init__(self, *args, item: AssessmentItem | None = None, **kwargs):
        initial = {"active": True}
        if item is not None:
            initial = {"competency": item.competency_id, "scenario_en": item.scenario_en,
                       "scenario_it": item.scenario_it, "active": item.active}
            for number, option in enumerate(item.options, start=1):
                initial[f"option_{number}_en"], initial[f"option_{number}_it"] = option["en"], option["it"]
        super().__init__(*args, initial=initial, **kwargs)
        for number in range(1, OPTION_COUNT + 1):
            for language, label in (("en", _("Option %(number)d (English)")), ("it", _("Option %(number)d (Italian)"))):
                self.fields[f"option_{number}_{language}"] = forms.CharField(
                    label=label % {"number": number}, required=False, max_length=600,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def options(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data.get(f"option_{n}_en", ""), self.cleaned_data.get(f"option_{n}_it", ""))
                for n in range(1, OPTION_COUNT + 1)]


class StartForm(forms.Form):
    extra_time = forms.BooleanField(
        label=_("I need extra time"), required=False,
        help_text=_("You get half as much time again. You do not have to tell us why."),
    )


class ExclusionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why, for the record.")},
    )
