from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import StaffProfile


class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["language", "time_zone"]
        help_texts = {
            "language": _("The language of the e-mails and reminders we send you."),
            "time_zone": _("Interview times are shown in this time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Applied from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Applied until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    function = forms.ChoiceField(label=_("Function"), required=False)
    position = forms.TypedChoiceField(label=_("Position"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        from positions.models import Function, Position

        super().__init__(*args, **kwargs)
        self.fields["function"].choices = [("", _("All functions"))] + Function.choices
        self.fields["position"].choices = [("", _("All positions"))] + list(
            Position.objects.exclude(status=Position.Status.DRAFT).order_by("title").values_list("pk", "title")
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
