"""The forms of structured references: HR's request, the candidate's referees, the referee's answer."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Referee
from .references import MAX_REFEREES, Answer, RefereeData


class AskForm(forms.Form):
    how_many = forms.TypedChoiceField(
        label=_("How many referees"), coerce=int, initial=2,
        choices=[(n, str(n)) for n in range(1, MAX_REFEREES + 1)],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why it is left out"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Say why this reference is left out.")})


ROW_FIELDS = ("name", "email", "relationship", "period", "language")


class RefereesForm(forms.Form):
    """Up to `how_many` rows (name, e-mail, relationship, period, language); the first is required, a row is all
    or nothing; then the candidate's consent."""

    consent = forms.BooleanField(
        label=_("I agree that you contact these people about my application, and that their answers are shown "
                "to the HR team."),
        error_messages={"required": _("Tick the box to agree that we contact them and show their answers to HR.")},
    )

    def __init__(self, *args, how_many: int, language: str = "it", **kwargs):
        super().__init__(*args, **kwargs)
        self.how_many = how_many
        consent = self.fields.pop("consent")
        for i in range(how_many):
            self.fields[f"name_{i}"] = forms.CharField(label=_("Full name"), max_length=120, required=False)
            self.fields[f"email_{i}"] = forms.EmailField(
                label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
            self.fields[f"relationship_{i}"] = forms.ChoiceField(
                label=_("Working relationship"), required=False,
                choices=[("", "—"), *Referee.Relationship.choices])
            self.fields[f"period_{i}"] = forms.CharField(
                label=_("When you worked together"), max_length=100, required=False,
                help_text=_("For example: 2019–2023, at Rossi S.p.A."))
            self.fields[f"language_{i}"] = forms.ChoiceField(
                label=pgettext_lazy("referee", "Language to write to them in"), choices=settings.LANGUAGES,
                initial=language, required=False)
        self.fields["consent"] = consent

    def rows(self):
        """The bound fields of each referee, for the template's fieldsets."""
        return [[self[f"{name}_{i}"] for name in ROW_FIELDS] for i in range(self.how_many)]

    def clean(self):
        cleaned = super().clean()
        self.referees: list[RefereeData] = []
        seen = set()
        for i in range(self.how_many):
            values = {name: cleaned.get(f"{name}_{i}") or "" for name in ROW_FIELDS}
            if not any(values[name] for name in ("name", "email", "relationship", "period")):
                if i == 0:
                    self.add_error("name_0", _("Name at least one referee."))
                continue
            for name in ("name", "email", "relationship", "period"):
                if not values[name] and f"{name}_{i}" not in self.errors:
                    self.add_error(f"{name}_{i}", _("This is needed for each referee."))
            email = values["email"].strip().lower()
            if email and email in seen:
                self.add_error(f"email_{i}", _("Each referee needs their own e-mail address."))
            seen.add(email)
            self.referees.append(RefereeData(
                name=values["name"], email=email, relationship=values["relationship"], period=values["period"],
                language=values["language"] or self.fields[f"language_{i}"].initial))
        return cleaned


class AnswerForm(forms.Form):
    """For each competency a 1–4 rating and an example; then "would you work with them again" and comments."""

    would_work_again = forms.ChoiceField(
        label=_("Would you work with them again?"), choices=Referee.WorkAgain.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    comments = forms.CharField(label=_("Anything else you would like us to know (optional)"), required=False,
                               max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for competency in competencies:
            self.fields[f"score_{competency.pk}"] = forms.TypedChoiceField(
                label=competency.name, coerce=int, choices=[(n, str(n)) for n in range(1, 5)],
                widget=forms.RadioSelect, error_messages={"required": _("Choose a rating from 1 to 4.")})
            self.fields[f"example_{competency.pk}"] = forms.CharField(
                label=_("An example you saw (optional)"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def items(self):
        """(competency, its rating field, its example field), for the template's fieldsets."""
        return [(c, self[f"score_{c.pk}"], self[f"example_{c.pk}"]) for c in self.competencies]

    def answer(self) -> Answer:
        data = self.cleaned_data
        return Answer(
            scores={c.pk: (data[f"score_{c.pk}"], data.get(f"example_{c.pk}", "")) for c in self.competencies},
            would_work_again=data["would_work_again"], comments=data.get("comments", ""),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Would you like to tell us why? (optional)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)
