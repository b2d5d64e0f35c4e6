import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scheduling
from .models import Interview, Rating, Recommendation

User = get_user_model()

SCORE_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


class _PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class InterviewForm(forms.Form):
    # First, so the time is checked against it; only when scheduling (fixed once the interview exists).
    logged = forms.TypedChoiceField(
        label=_("What are you recording?"),
        choices=[
            ("no", _("An upcoming interview: the candidate and the interviewers get an invitation and reminders.")),
            ("yes", _("An interview that already took place: nobody is e-mailed, and the scorecards can be filled in at once.")),
        ],
        # Not sent (an older form, a script): an upcoming interview, as before.
        coerce=lambda value: value == "yes", required=False, empty_value=False, initial="no", widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label=_("Kind of interview"), choices=Interview.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("In your time zone (%(tz)s)."),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=10, max_value=480, initial=45)
    location = forms.CharField(
        label=_("Place or video link"), max_length=300,
        help_text=_("An address and room, or the link to the video call."),
    )
    interviewers = _PersonChoiceField(
        label=_("Interviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Chosen from the position's interview panel."),
    )

    def __init__(self, *args, position, interview=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Rescheduling keeps what the interview is: upcoming (invitations) or logged (no e-mails).
        self.fixed_logged = None if interview is None else interview.logged
        if interview is not None:
            del self.fields["logged"]
        self.fields["interviewers"].queryset = position.panel.filter(is_active=True).order_by("first_name", "username")
        self.fields["starts_at"].help_text = self.fields["starts_at"].help_text % {"tz": timezone.get_current_timezone_name()}

    def logs_past_interview(self) -> bool:
        if self.fixed_logged is not None:
            return self.fixed_logged
        return bool(self.cleaned_data.get("logged"))

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if "logged" in self._errors:  # which rule applies is unknown until that choice is fixed
            return value
        now = timezone.now()
        if self.logs_past_interview():
            if refusal := scheduling.logged_time_refusal(value, now=now):
                raise forms.ValidationError(refusal, code="logged_time")
            return value
        if value <= now:
            errors = [forms.ValidationError(_("Choose a time in the future."), code="past")]
            if self.fixed_logged is None:
                errors.append(forms.ValidationError(
                    _("To record an interview that already took place, choose “An interview that already took place” above."),
                    code="past",
                ))
            raise forms.ValidationError(errors)
        if value > now + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a time within the next year."), code="far")
        return value


class ScorecardForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"), choices=Recommendation.choices, required=False, widget=forms.RadioSelect
    )
    takeaways = forms.CharField(
        label=_("Key take-aways"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, ratings, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = list(ratings)
        for rating in self.ratings:
            label = labels.get(rating.criterion, rating.label)
            self.fields[f"score_{rating.criterion}"] = forms.TypedChoiceField(
                label=label, choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None,
                widget=forms.RadioSelect, initial=rating.score,
            )
            self.fields[f"note_{rating.criterion}"] = forms.CharField(
                label=_("Note on %(criterion)s") % {"criterion": label}, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}), initial=rating.note,
            )

    def groups(self):
        """Ratings grouped for display: (group label, [(rating, score field, note field)])."""
        grouped = {}
        for rating in self.ratings:
            grouped.setdefault(rating.group, []).append(
                (rating, self[f"score_{rating.criterion}"], self[f"note_{rating.criterion}"])
            )
        return [(Rating.Group(group).label, rows) for group, rows in grouped.items()]

    def scores(self):
        return {r.criterion: self.cleaned_data.get(f"score_{r.criterion}") for r in self.ratings}

    def notes(self):
        return {r.criterion: self.cleaned_data.get(f"note_{r.criterion}", "") for r in self.ratings}


class RankingFilterForm(forms.Form):
    SORTS = [
        ("total", _("Total")), ("skills", _("Skills")), ("background", _("Education and experience")),
        ("interpersonal", _("Interpersonal")),
    ]
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    meets = forms.ChoiceField(
        label=_("Meets requirements"), required=False, choices=[("", _("Any")), ("yes", _("Meets")), ("no", _("Does not meet"))]
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    assessed = forms.ChoiceField(
        label=_("Interviewed"), required=False,
        choices=[("", _("Any")), ("yes", _("Assessed in interviews")), ("no", _("Not yet assessed"))],
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("Any stage"))] + list(stages)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
