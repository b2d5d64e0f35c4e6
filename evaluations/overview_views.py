"""The interviews overview (day or week, filters, conflicts) and the private calendar feed."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.models import StaffProfile
from positions.models import Position

from . import feeds, overview
from .models import Interview


class OverviewForm(forms.Form):
    """The page's query string: a bad value is reported and ignored, never a 500."""

    view = forms.ChoiceField(label=_("Show"), required=False, choices=[(overview.WEEK, _("Week")), (overview.DAY, _("Day"))])
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    interviewer = forms.TypedChoiceField(label=_("Interviewer"), required=False, coerce=int, empty_value=None)
    position = forms.TypedChoiceField(label=_("Position"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    cancelled = forms.BooleanField(label=_("Show cancelled interviews"), required=False)

    def __init__(self, *args, interviewers, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in interviewers}
        self.positions = {position.pk: position for position in positions}
        self.fields["interviewer"].choices = [("", _("All interviewers"))] + [
            (person.pk, person.get_full_name() or person.get_username()) for person in interviewers
        ]
        self.fields["position"].choices = [("", _("All positions"))] + [(p.pk, p.title) for p in positions]
        self.fields["kind"].choices = [("", _("All kinds"))] + Interview.Kind.choices
        for name, field in self.fields.items():
            css = "form-check-input" if name == "cancelled" else (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control")
            field.widget.attrs.setdefault("class", css)

    def clean_date(self):
        # Far enough from the calendar's ends that the previous and next periods exist (9999-12-31 has no next day).
        day = self.cleaned_data.get("date")
        if day is not None and not (1900 <= day.year <= 9000):
            raise forms.ValidationError(_("Choose a date between 1900 and 9000."), code="out_of_range")
        return day

    def value(self, name):
        """The cleaned value, or the default when it was missing or wrong (the error is shown beside the field)."""
        data = getattr(self, "cleaned_data", {})
        return data.get(name) if name not in self.errors else None


@login_required
@require_GET
def interviews_overview(request):
    user = request.user
    positions = list(
        Position.objects.filter(pk__in=overview.overview_visible(user).values("application__position"))
        .order_by("title", "pk")
    )
    form = OverviewForm(request.GET or None, interviewers=overview.interviewer_choices(user), positions=positions)
    form.is_valid()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    mode = form.value("view") or overview.WEEK
    span = overview.period(mode, form.value("date") or today)
    interviewer_pk, position_pk = form.value("interviewer"), form.value("position")
    rows = overview.interviews_in(
        user, span=span, tz=tz, interviewer=form.people.get(interviewer_pk) if interviewer_pk else None,
        position=form.positions.get(position_pk) if position_pk else None, kind=form.value("kind") or "",
        show_cancelled=bool(form.value("cancelled")),
    )
    days = {date: [] for date in span.dates()}
    for row in rows:
        days.setdefault(timezone.localtime(row.interview.starts_at, tz).date(), []).append(row)
    query = request.GET.copy()
    query.pop("date", None)
    return render(
        request,
        "evaluations/overview.html",
        {
            "form": form, "span": span, "days": list(days.items()), "today": today, "count": len(rows),
            "conflicts": sum(1 for row in rows if row.conflicts), "filters": query.urlencode(),
            "tz": getattr(tz, "key", str(tz)),
        },
    )


@require_GET
@never_cache
def calendar_feed(request, profile_pk: int, token: str):
    """A staff member's interviews as an iCalendar feed; the secret address is the only credential."""
    profile = StaffProfile.objects.select_related("user").filter(pk=profile_pk, user__is_active=True).first()
    # The same answer for an unknown profile, a revoked feed and a wrong token; the secret is compared in constant time.
    if profile is None or not profile.feed_token_matches(token):
        raise Http404
    body = feeds.interviews_feed(profile, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interviews.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response

