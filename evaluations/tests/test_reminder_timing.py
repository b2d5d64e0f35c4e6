"""Reminder timing (evaluations.reminder_timing) under a controlled clock: pure functions, no database."""

import datetime

import pytest

from evaluations.reminder_timing import Policy, digest_due, interview_reminder_due, overdue_reminder_number

START = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.timezone.utc)
END = START + datetime.timedelta(minutes=60)
POLICY = Policy()
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)
S = datetime.timedelta(seconds=1)


@pytest.mark.parametrize(
    "now, due",
    [(START - 24 * H - S, False), (START - 24 * H, True), (START - H, True), (START - S, True), (START, False)],
    ids=["before-lead", "at-lead", "inside", "just-before-start", "started"],
)
def test_interview_reminder_window(now, due):
    assert interview_reminder_due(starts_at=START, now=now, policy=POLICY, cancelled=False) is due


def test_no_interview_reminder_for_a_cancelled_interview():
    assert not interview_reminder_due(starts_at=START, now=START - H, policy=POLICY, cancelled=True)


def test_the_lead_time_is_configurable():
    policy = Policy(interview_lead=2 * H)
    assert not interview_reminder_due(starts_at=START, now=START - 3 * H, policy=policy, cancelled=False)
    assert interview_reminder_due(starts_at=START, now=START - 2 * H, policy=policy, cancelled=False)


@pytest.mark.parametrize(
    "now, number",
    [
        (START, None),  # during the interview
        (END, None),  # it has just ended
        (END + H - S, None),
        (END + H, 1),  # one hour after it ends
        (END + H + D - S, 1),
        (END + H + D, 2),  # then daily
        (END + H + 2 * D, 3),
        (END + H + 3 * D, None),  # the limit is reached: HR gets the digest instead
    ],
    ids=["during", "ended", "just-before-first", "first", "still-first", "second", "third", "past-limit"],
)
def test_overdue_reminders(now, number):
    assert overdue_reminder_number(ends_at=END, now=now, policy=POLICY, submitted=False, cancelled=False) == number


def test_no_overdue_reminder_once_submitted_or_cancelled():
    now = END + 2 * H
    assert overdue_reminder_number(ends_at=END, now=now, policy=POLICY, submitted=True, cancelled=False) is None
    assert overdue_reminder_number(ends_at=END, now=now, policy=POLICY, submitted=False, cancelled=True) is None


def test_digest_after_the_daily_limit():
    limit = Policy(overdue_limit=2)
    assert not digest_due(ends_at=END, now=END + H + 2 * D - S, policy=limit, submitted=False, cancelled=False)
    assert digest_due(ends_at=END, now=END + H + 2 * D, policy=limit, submitted=False, cancelled=False)
    assert overdue_reminder_number(ends_at=END, now=END + H + 2 * D, policy=limit, submitted=False, cancelled=False) is None
    assert not digest_due(ends_at=END, now=END + 10 * D, policy=limit, submitted=True, cancelled=False)
