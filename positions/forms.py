from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Competency, Function, Position, PositionSkill, ScreeningQuestion, WorkMode, normalise_knockout
from .requirements import Substitution

User = get_user_model()


class _UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class _UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class _CompetencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PositionForm(forms.ModelForm):
    hiring_manager = _UserChoiceField(queryset=User.objects.none(), required=False, label=_("Hiring manager"))
    panel = _UsersChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Interview panel"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The colleagues who may interview candidates for this position."),
    )
    competencies = _CompetencyChoiceField(
        queryset=Competency.objects.none(),
        required=False,
        label=_("Interpersonal competencies to assess"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Position
        fields = [
            "title",
            "slug",
            "language",
            "function",
            "department",
            "location",
            "country",
            "work_mode",
            "employment_type",
            "openings",
            "summary",
            "education_min",
            "education_preferred",
            "field_of_study",
            "experience_min_years",
            "experience_preferred_years",
            "substitution",
            "years_per_level",
            "pay_min",
            "pay_max",
            "pay_currency",
            "pay_period",
            "closing_date",
            "score_weight_skills",
            "score_weight_background",
            "score_weight_interpersonal",
            "evidence_weight_references",
            "evidence_weight_judgement",
            "evidence_weight_exercises",
            "blind_screening",
            "hiring_manager",
            "panel",
            "competencies",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "closing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "pay_min": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "pay_max": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "experience_min_years": forms.NumberInput(attrs={"min": 0, "max": 40}),
            "experience_preferred_years": forms.NumberInput(attrs={"min": 0, "max": 40}),
            "years_per_level": forms.NumberInput(attrs={"min": 1, "max": 10}),
        }

    EVIDENCE_WEIGHTS = ("evidence_weight_references", "evidence_weight_judgement", "evidence_weight_exercises")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, an evidence weight keeps its current (or default) value.
        for name in self.EVIDENCE_WEIGHTS:
            self.fields[name].required = False
        # Anyone with a staff role may sit on a panel; people already chosen stay choosable
        # even if they have since lost the role, so a save never drops them silently.
        current = self.instance.pk
        staff = User.objects.order_by("first_name", "last_name", "username")
        with_role = Q(is_active=True, groups__isnull=False) | Q(is_active=True, is_superuser=True)
        self.fields["hiring_manager"].queryset = staff.filter(
            with_role | Q(pk=getattr(self.instance, "hiring_manager_id", None))
        ).distinct()
        self.fields["panel"].queryset = staff.filter(with_role | Q(panel_positions=current) if current else with_role).distinct()
        self.fields["competencies"].queryset = Competency.objects.filter(
            Q(active=True) | Q(positions=current) if current else Q(active=True)
        ).distinct()
        self.fields["slug"].required = False
        self.fields["country"].widget.attrs.update({"maxlength": 2, "class": "text-uppercase"})
        if self.instance.published_at:
            # The job page's address is public once published: keep links working.
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Fixed once the position has been published, so links keep working.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("The job"),
                "title",
                Div(Div("function", css_class="col-md-6"), Div("language", css_class="col-md-6"), css_class="row"),
                "summary",
                Div(
                    Div("department", css_class="col-md-4"),
                    Div("location", css_class="col-md-5"),
                    Div("country", css_class="col-md-3"),
                    css_class="row",
                ),
                Div(
                    Div("work_mode", css_class="col-md-4"),
                    Div("employment_type", css_class="col-md-4"),
                    Div("openings", css_class="col-md-4"),
                    css_class="row",
                ),
                "slug",
            ),
            # The duty and skill formsets sit between the sections, where HR expects them.
            HTML('{% include "positions/partials/duty_formset.html" %}'),
            Fieldset(
                _("Education and experience"),
                Div(
                    Div("education_min", css_class="col-md-6"),
                    Div("education_preferred", css_class="col-md-6"),
                    css_class="row",
                ),
                "field_of_study",
                Div(
                    Div("experience_min_years", css_class="col-md-6"),
                    Div("experience_preferred_years", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("substitution", css_class="col-md-8"),
                    Div("years_per_level", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            HTML('{% include "positions/partials/skill_formset.html" %}'),
            HTML('{% include "positions/partials/question_formset.html" %}'),
            Fieldset(
                _("Pay and dates"),
                Div(
                    Div("pay_min", css_class="col-md-3"),
                    Div("pay_max", css_class="col-md-3"),
                    Div("pay_currency", css_class="col-md-2"),
                    Div("pay_period", css_class="col-md-4"),
                    css_class="row",
                ),
                "closing_date",
            ),
            Fieldset(_("People skills and people"), "competencies", "hiring_manager", "panel"),
            Fieldset(
                _("Ranking"),
                HTML(
                    format_lazy(
                        '<p class="form-text">{}</p>',
                        _("How much each part counts in the ranking. The three must add up to 100. "
                          "The ranking informs; people decide."),
                    )
                ),
                Div(
                    Div("score_weight_skills", css_class="col-md-4"),
                    Div("score_weight_background", css_class="col-md-4"),
                    Div("score_weight_interpersonal", css_class="col-md-4"),
                    css_class="row",
                ),
                HTML(
                    format_lazy(
                        '<p class="form-text">{}</p>',
                        _("Within the interpersonal part, interviews count for what references and the situational "
                          "judgement test leave; within the skills part, the skill lines count for what the practical "
                          "exercises leave. A source with no evidence yet drops out."),
                    )
                ),
                Div(
                    Div("evidence_weight_references", css_class="col-md-4"),
                    Div("evidence_weight_judgement", css_class="col-md-4"),
                    Div("evidence_weight_exercises", css_class="col-md-4"),
                    css_class="row",
                ),
                "blind_screening",
            ),
        )

    def _check_evidence_weights(self, data) -> None:
        for name in self.EVIDENCE_WEIGHTS:
            if data.get(name) is None and name not in self.errors:
                data[name] = getattr(self.instance, name)
        references, judgement = data.get("evidence_weight_references"), data.get("evidence_weight_judgement")
        if references is None or judgement is None:
            return
        interviews = 100 - references - judgement
        if references >= interviews:
            self.add_error(
                "evidence_weight_references",
                forms.ValidationError(
                    _("References must weigh less than the interviews: with these weights the interviews count "
                      "%(interviews)d %%, so references can weigh at most %(most)d %%.")
                    % {"interviews": interviews, "most": max((100 - judgement - 1) // 2, 0)},
                    code="references_weight",
                ),
            )

    def clean_slug(self):
        slug = (self.cleaned_data.get("slug") or "").strip().lower()
        return slug

    def clean_country(self):
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Enter the two-letter country code, e.g. IT."), code="country")
        return country

    def clean_closing_date(self):
        closing = self.cleaned_data.get("closing_date")
        if closing and closing < timezone.localdate() and self.instance.status != Position.Status.CLOSED:
            raise forms.ValidationError(_("The closing date cannot be in the past."), code="past")
        return closing

    def clean(self):
        data = super().clean()
        pay_min, pay_max = data.get("pay_min"), data.get("pay_max")
        if pay_min is not None and pay_min < 0:
            self.add_error("pay_min", forms.ValidationError(_("Pay cannot be negative."), code="negative"))
        if pay_min is not None and pay_max is not None and pay_min > pay_max:
            self.add_error(
                "pay_max",
                forms.ValidationError(_("The maximum pay must be at least the minimum pay."), code="pay_range"),
            )
        if (pay_min is None) != (pay_max is None):
            missing = "pay_max" if pay_max is None else "pay_min"
            self.add_error(
                missing,
                forms.ValidationError(_("Give both ends of the pay range, or neither."), code="pay_incomplete"),
            )
        edu_min, edu_pref = data.get("education_min"), data.get("education_preferred")
        if edu_min is not None and edu_pref is not None and edu_pref < edu_min:
            self.add_error(
                "education_preferred",
                forms.ValidationError(
                    _("The preferred education cannot be below the minimum education."), code="education_order"
                ),
            )
        years_min, years_pref = data.get("experience_min_years"), data.get("experience_preferred_years")
        if years_min is not None and years_pref is not None and years_pref < years_min:
            self.add_error(
                "experience_preferred_years",
                forms.ValidationError(
                    _("The preferred years cannot be fewer than the minimum years."), code="experience_order"
                ),
            )
        weights = [data.get(f"score_weight_{part}") for part in ("skills", "background", "interpersonal")]
        if all(w is not None for w in weights) and sum(weights) != 100:
            self.add_error(
                "score_weight_interpersonal",
                forms.ValidationError(
                    _("The three weights add up to %(total)d; make them add up to 100.") % {"total": sum(weights)},
                    code="weights",
                ),
            )
        self._check_evidence_weights(data)
        if "blind_screening" in data and self.instance.pk:
            problem = services.blind_screening_problem(self.instance, blind_screening=data["blind_screening"])
            if problem:
                self.add_error("blind_screening", forms.ValidationError(problem, code="blind_screening"))
        if data.get("substitution", Substitution.NONE) != Substitution.NONE and not data.get("years_per_level"):
            self.add_error(
                "years_per_level",
                forms.ValidationError(
                    _("Say how many years of experience stand in for one education level."), code="years_per_level"
                ),
            )
        return data


class _RowForm(forms.Form):
    """A formset row; renumbering by the up/down buttons alone does not make a blank row count."""

    def has_changed(self):
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)


class DutyForm(_RowForm):
    description = forms.CharField(label=_("Duty"), max_length=300)
    time_share = forms.IntegerField(label=_("Share of time (%)"), min_value=1, max_value=100, required=False)
    essential = forms.BooleanField(label=_("Essential"), required=False, initial=True)


class _DutyBaseFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.management_form.is_valid():
            return
        total = sum((f.cleaned_data.get("time_share") or 0) for f in self.ordered_forms)
        if total > 100:
            raise forms.ValidationError(
                _("The shares of time add up to %(total)d%%; they cannot exceed 100%%.") % {"total": total},
                code="time_share_total",
            )


DutyFormSet = forms.formset_factory(
    DutyForm, formset=_DutyBaseFormSet, extra=0, can_delete=True, can_order=True, max_num=40, validate_max=True
)


class SkillForm(_RowForm):
    name = forms.CharField(label=_("Skill"), max_length=80, widget=forms.TextInput(attrs={"list": "skill-names"}))
    importance = forms.ChoiceField(
        label=_("Importance"), choices=PositionSkill.Importance.choices, initial=PositionSkill.Importance.REQUIRED
    )
    weight = forms.IntegerField(label=_("Weight (1–5)"), min_value=1, max_value=5, initial=3)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class _SkillBaseFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.management_form.is_valid():
            return
        seen = set()
        for form in self.ordered_forms:
            name = form.cleaned_data.get("name", "")
            if name.lower() in seen:
                raise forms.ValidationError(
                    _("“%(name)s” is listed more than once.") % {"name": name}, code="duplicate_skill"
                )
            seen.add(name.lower())


SkillFormSet = forms.formset_factory(
    SkillForm, formset=_SkillBaseFormSet, extra=0, can_delete=True, can_order=True, max_num=40, validate_max=True
)


class _BootstrapFilterForm(forms.Form):
    """Plain GET filters, styled for Bootstrap without a FormHelper."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class QuestionForm(_RowForm):
    # The question's identity: an edited or moved question keeps the answers already given to it.
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Answer type"), choices=ScreeningQuestion.Kind.choices)
    knockout = forms.CharField(
        label=_("Knockout answer"),
        max_length=20,
        required=False,
        help_text=_("“yes” or “no” for yes/no questions; the minimum for numbers; empty for none."),
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def has_changed(self):
        return any(name not in ("ORDER", "DELETE", "id") for name in self.changed_data)

    def clean(self):
        data = super().clean()
        try:
            data["knockout"] = normalise_knockout(data.get("kind", ""), data.get("knockout", ""))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=0, can_delete=True, can_order=True, max_num=20, validate_max=True
)


class StaffPositionFilterForm(_BootstrapFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status"))] + Position.Status.choices, required=False)
    function = forms.ChoiceField(label=_("Function"), choices=[("", _("Any function"))] + Function.choices, required=False)


class JobBoardFilterForm(_BootstrapFilterForm):
    q = forms.CharField(
        label=_("Keywords"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    function = forms.ChoiceField(label=_("Function"), choices=[("", _("All functions"))] + Function.choices, required=False)
    location = forms.ChoiceField(label=_("Location"), choices=[], required=False)
    work_mode = forms.ChoiceField(
        label=_("Work mode"), choices=[("", _("Any work mode"))] + WorkMode.choices, required=False
    )

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", _("All locations"))] + [(loc, loc) for loc in locations]
