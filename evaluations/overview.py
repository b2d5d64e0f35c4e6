"""The interviews overview: every interview a staff member may see, by day or by week, with conflicts.

- HR sees every interview; a hiring manager also sees the interviews of the positions they manage; an
  interviewer sees the ones they sit on (``visible_interviews``, the same rule as the interview pages).
- A period is a day, or a week from Monday, in the viewer's time zone (the active one).
- Cancelled interviews are left out unless asked for; they never conflict with anything.
- A conflict: one interviewer on two scheduled interviews that overlap (one starts before the other ends).
  Both get it, each naming the other; the other interview is named only if the viewer may see it
  (otherwise "another interview"). Conflicts are found against all of the interviewer's interviews,
  also those the filters hide, in one query.
- A page costs the same number of queries whatever the number of interviews.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from candidates import blind
from core.roles import HR_MANAGER, INTERVIEWER

from .models import Interview
from .selectors import visible_interviews

User = get_user_model()
DAY, WEEK = "day", "week"
# The longest interview (Interview.duration_minutes): one starting this long before a period can still reach into it.
LONGEST = datetime.timedelta(minutes=480)


@dataclass(frozen=True)
class Period:
    mode: str  # DAY or WEEK
    first: datetime.date
    days: int

    @property
    def last(self) -> datetime.date:
        return self.first + datetime.timedelta(days=self.days - 1)

    @property
    def previous(self) -> datetime.date:
        return self.first - datetime.timedelta(days=self.days)

    @property
    def next(self) -> datetime.date:
        return self.first + datetime.timedelta(days=self.days)

    def dates(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range(self.days)]

    def bounds(self, tz: datetime.tzinfo) -> tuple[datetime.datetime, datetime.datetime]:
        """The period's start and end (exclusive) as aware times: local midnights, so a DST day is 23 or 25 hours."""
        start = datetime.datetime.combine(self.first, datetime.time.min, tzinfo=tz)
        return start, datetime.datetime.combine(self.next, datetime.time.min, tzinfo=tz)


def period(mode: str, day: datetime.date) -> Period:
    """The day itself, or the week (Monday to Sunday) that holds it."""
    if mode == WEEK:
        return Period(WEEK, day - datetime.timedelta(days=day.weekday()), 7)
    return Period(DAY, day, 1)


@dataclass
class Conflict:
    interviewer: object
    other: Interview | None  # None: an interview the viewer may not see


@dataclass
class Row:
    interview: Interview
    conflicts: list[Conflict] = field(default_factory=list)


def overview_visible(user) -> QuerySet:
    """Interviews the overview may show to `user`: visible_interviews, plus a hiring manager's positions."""
    interviews = visible_interviews(user)
    if user.has_perm("evaluations.view_interview"):
        return interviews
    return Interview.objects.select_related("application__candidate", "application__position").filter(
        Q(pk__in=interviews.values("pk")) | Q(application__position__hiring_manager=user)
    )


def interviews_in(
    user, *, span: Period, tz: datetime.tzinfo, interviewer=None, position=None, kind: str = "",
    show_cancelled: bool = False,
) -> list[Row]:
    """The period's interviews for `user`, filtered, in start order, each with its conflicts."""
    start, end = span.bounds(tz)
    interviews = overview_visible(user).filter(starts_at__gte=start, starts_at__lt=end)
    if interviewer is not None:
        interviews = interviews.filter(interviewers=interviewer)
    if position is not None:
        interviews = interviews.filter(application__position=position)
    if kind:
        interviews = interviews.filter(kind=kind)
    if not show_cancelled:
        interviews = interviews.filter(status=Interview.Status.SCHEDULED)
    interviews = list(
        interviews.prefetch_related(Prefetch("interviewers", queryset=User.objects.order_by("first_name", "last_name", "pk")))
        .order_by("starts_at", "pk")
    )
    rows = [Row(interview) for interview in interviews]
    _add_conflicts(user, rows)
    blind.mark([row.interview.application for row in rows] + [
        conflict.other.application for row in rows for conflict in row.conflicts if conflict.other is not None
    ])
    return rows


def _add_conflicts(user, rows: list[Row]) -> None:
    """Each scheduled row's overlaps with the same interviewer's other scheduled interviews (one query)."""
    scheduled = [row for row in rows if not row.interview.is_cancelled]
    if not scheduled:
        return
    people = {person.pk for row in scheduled for person in row.interview.interviewers.all()}
    earliest = min(row.interview.starts_at for row in scheduled) - LONGEST
    latest = max(row.interview.ends_at for row in scheduled)
    seats = (
        Interview.interviewers.through.objects.filter(
            user_id__in=people, interview__status=Interview.Status.SCHEDULED,
            interview__starts_at__gte=earliest, interview__starts_at__lt=latest,
        )
        .select_related("interview__application__candidate", "interview__application__position")
        .order_by("interview__starts_at", "interview_id")
    )
    by_person: dict[int, list[Interview]] = {}
    panels: dict[int, set[int]] = {}
    for seat in seats:
        by_person.setdefault(seat.user_id, []).append(seat.interview)
        panels.setdefault(seat.interview_id, set()).add(seat.user_id)
    sees_all = user.has_perm("evaluations.view_interview")
    for row in scheduled:
        interview = row.interview
        for person in row.interview.interviewers.all():
            for other in by_person.get(person.pk, []):
                if other.pk == interview.pk or not (other.starts_at < interview.ends_at and interview.starts_at < other.ends_at):
                    continue
                visible = sees_all or user.pk in panels.get(other.pk, set()) or (
                    other.application.position.hiring_manager_id == user.pk
                )
                row.conflicts.append(Conflict(interviewer=person, other=other if visible else None))


def interviewer_choices(user) -> list:
    """People the interviewer filter offers: staff with a role (HR), or the viewer alone (an interviewer)."""
    if user.has_perm("evaluations.view_interview") or user.managed_positions.exists():
        return list(
            User.objects.filter(is_active=True, groups__name__in=[HR_MANAGER, INTERVIEWER])
            .distinct().order_by("first_name", "last_name", "pk")
        )
    return [user]
