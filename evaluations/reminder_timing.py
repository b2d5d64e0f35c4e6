"""When reminders are due: plain datetimes in, decisions out (no ORM, no clock of its own).

- Interview reminder: once the interview is within the lead time (24 hours by default) and
  has not started yet.
- Overdue scorecard: the first reminder one hour after the interview ends, never before it
  has happened; then one a day, up to the limit. After the limit, the position's HR manager
  gets a digest instead.
- Nothing is due for a cancelled interview or a submitted scorecard.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    interview_lead: datetime.timedelta = datetime.timedelta(hours=24)
    first_overdue_after: datetime.timedelta = datetime.timedelta(hours=1)
    overdue_every: datetime.timedelta = datetime.timedelta(days=1)
    overdue_limit: int = 3


def interview_reminder_due(*, starts_at: datetime.datetime, now: datetime.datetime, policy: Policy, cancelled: bool) -> bool:
    return not cancelled and starts_at - policy.interview_lead <= now < starts_at


def overdue_reminder_number(
    *, ends_at: datetime.datetime, now: datetime.datetime, policy: Policy, submitted: bool, cancelled: bool
) -> int | None:
    """Which overdue reminder (1, 2, …, limit) is due now, or None. Missed ones are not sent late."""
    if cancelled or submitted:
        return None
    first = ends_at + policy.first_overdue_after
    if now < first:
        return None
    number = int((now - first) / policy.overdue_every) + 1
    return number if number <= policy.overdue_limit else None


def digest_due(
    *, ends_at: datetime.datetime, now: datetime.datetime, policy: Policy, submitted: bool, cancelled: bool
) -> bool:
    """True once every reminder to the interviewer has had its day."""
    if cancelled or submitted:
        return False
    return now >= ends_at + policy.first_overdue_after + policy.overdue_limit * policy.overdue_every
