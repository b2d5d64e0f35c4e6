"""Reminders when sending goes wrong, with exact figures: the scan's retry times to the microsecond, no
grace for young rows (unlike candidate e-mails), obsolete reminders dropped without a connection or an
attempt, and an admin's "Send again" from every status.

The mail backend is a fake (candidates.tests.fakemail); the clock is passed in. Which reasons make a
reminder obsolete is pinned in test_reminder_rules.py; what both kinds of message share, in test_sending.py.
"""

import datetime
import smtplib

import pytest
from django.contrib.auth import get_user_model

from candidates.tests import fakemail
from core import mail
from evaluations import reminders, scheduling
from evaluations.models import Reminder
from evaluations.tests.factories import rate_everything, schedule

fake_mail = fakemail.fake_mail
pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
TICK = datetime.timedelta(microseconds=1)


@pytest.fixture
def invitation(hr, interviewer):
    """The interviewer's invitation, recorded and not yet sent (the test never commits)."""
    schedule(interviewers=[interviewer], hr=hr)
    return Reminder.objects.get(to=interviewer.email)


def _set(reminder, **fields):
    Reminder.objects.filter(pk=reminder.pk).update(**fields)


def _state(reminder):
    reminder.refresh_from_db()
    return reminder.status, reminder.attempts


def test_the_reminder_scan_picks_a_pending_reminder_the_moment_it_is_recorded(invitation):
    assert invitation.pk in reminders.queue_due_reminders(now=invitation.created_at)


@pytest.mark.parametrize("attempt, wait", [(1, 2 * MINUTE), (2, 4 * MINUTE), (3, 8 * MINUTE), (4, 16 * MINUTE)])
def test_after_a_refusal_the_scan_picks_the_reminder_again_exactly_2_4_8_16_minutes_later(
    attempt, wait, invitation, fake_mail
):
    t0 = invitation.created_at + HOUR
    _set(invitation, attempts=attempt - 1, sending_since=t0 - datetime.timedelta(days=1) if attempt > 1 else None)
    fake_mail.on_send = smtplib.SMTPDataError(451, b"Try again later")
    assert reminders.deliver(invitation.pk, now=t0) == mail.RETRY_LATER
    assert _state(invitation) == ("pending", attempt)
    assert invitation.sending_since == t0
    assert invitation.pk not in reminders.queue_due_reminders(now=t0 + wait - TICK)
    assert invitation.pk in reminders.queue_due_reminders(now=t0 + wait)


def _interview_reminder_of_a_cancelled_interview(hr, interviewer):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=datetime.timedelta(days=3))
    now = interview.starts_at - 2 * HOUR
    reminders.queue_due_reminders(now=now)
    scheduling.interview_cancel(interview=interview, user=hr)
    return Reminder.objects.get(kind="interview", recipient=interviewer), now


def _overdue_reminder(hr, interviewer):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-3 * HOUR)
    now = interview.ends_at + HOUR
    reminders.queue_due_reminders(now=now)
    return Reminder.objects.get(kind="overdue"), now


def _overdue_reminder_of_a_cancelled_interview(hr, interviewer):
    reminder, now = _overdue_reminder(hr, interviewer)
    scheduling.interview_cancel(interview=reminder.interview, user=hr)
    return reminder, now


def _overdue_reminder_of_a_submitted_scorecard(hr, interviewer):
    reminder, now = _overdue_reminder(hr, interviewer)
    rate_everything(reminder.scorecard)
    return reminder, now


@pytest.mark.parametrize(
    "scenario, outcome",
    [
        (_interview_reminder_of_a_cancelled_interview, "obsolete: interview cancelled"),
        (_overdue_reminder_of_a_cancelled_interview, "obsolete: interview cancelled"),
        (_overdue_reminder_of_a_submitted_scorecard, "obsolete: scorecard submitted or removed"),
    ],
)
def test_an_obsolete_reminder_uses_no_attempt_and_opens_no_connection(scenario, outcome, hr, interviewer, fake_mail):
    reminder, now = scenario(hr, interviewer)
    assert reminders.deliver(reminder.pk, now=now) == outcome
    assert _state(reminder) == ("failed", 0)
    assert (fake_mail.opened, fake_mail.sent) == (0, [])


def _admin():
    return get_user_model()(username="root")


@pytest.mark.parametrize(
    "status, attempts, queued, after",
    [
        ("pending", 2, True, ("sent", 3)),  # its retry was not due yet: tried now
        ("uncertain", 1, True, ("sent", 1)),  # attempts start again from zero
        ("failed", 5, True, ("sent", 1)),
        ("sent", 1, False, ("sent", 1)),
        ("sending", 1, False, ("sending", 1)),
    ],
)
def test_send_again_queues_what_may_be_sent_and_leaves_sent_and_sending_alone(
    status, attempts, queued, after, invitation, fake_mail
):
    _set(invitation, status=status, attempts=attempts, sending_since=invitation.created_at)
    ids, obsolete, left = reminders.reminder_send_again(reminders=Reminder.objects.filter(pk=invitation.pk), user=_admin())
    assert (ids, obsolete, left) == (([invitation.pk], [], 0) if queued else ([], [], 1))
    assert _state(invitation) == after
    expected = [mail.message_id(invitation.key)] if queued else []
    assert [m.extra_headers["Message-ID"] for m in fake_mail.sent] == expected


def test_send_again_of_an_uncertain_reminder_that_no_longer_applies_leaves_it_uncertain(hr, interviewer, fake_mail):
    reminder, _now = _interview_reminder_of_a_cancelled_interview(hr, interviewer)
    _set(reminder, status="uncertain", attempts=1)
    ids, obsolete, left = reminders.reminder_send_again(reminders=Reminder.objects.filter(pk=reminder.pk), user=_admin())
    assert (ids, [r.pk for r in obsolete], left) == ([], [reminder.pk], 0)
    assert _state(reminder) == ("uncertain", 1)
    assert fake_mail.opened == 0
