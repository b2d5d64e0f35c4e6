"""Reminder rules as tables: every reason a recorded message becomes obsolete, the key semantics
across a reschedule, and at most one HR digest a day. The clock is passed in, never read."""

import datetime

import pytest
from django.utils import timezone

from candidates.tests.factories import ApplicationFactory
from evaluations import reminders, scheduling
from evaluations.models import Interview, Reminder
from evaluations.tests.factories import rate_everything, schedule

H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)


def _reschedule(interview, hr, *, starts_at, interviewers):
    return scheduling.interview_reschedule(
        interview=interview, kind=interview.kind, starts_at=starts_at, duration_minutes=interview.duration_minutes,
        location=interview.location, interviewers=interviewers, user=hr,
    )


# Each scenario records messages through the real services, changes something, and returns
# (the reminder to judge, the moment to judge it at).
def _invitation_after_reschedule(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    _reschedule(interview, hr, starts_at=interview.starts_at + D, interviewers=[interviewer])
    return Reminder.objects.get(kind="invitation", key__startswith=f"invitation:{interview.pk}:0:{interviewer.email}"), timezone.now()


def _cancellation_to_someone_taken_off_the_panel(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer, other], hr=hr, starts_in=3 * D)
    _reschedule(interview, hr, starts_at=interview.starts_at, interviewers=[interviewer])
    _reschedule(interview, hr, starts_at=interview.starts_at + D, interviewers=[interviewer])
    reminder = Reminder.objects.get(kind="invitation", key=f"invitation:{interview.pk}:1:{other.email}")
    assert reminder.payload["method"] == "CANCEL"
    return reminder, timezone.now()


def _current_invitation(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    return Reminder.objects.get(kind="invitation", key=f"invitation:{interview.pk}:0:{interviewer.email}"), timezone.now()


def _interview_reminder(interview, now, interviewer):
    reminders.queue_due_reminders(now=now)
    return Reminder.objects.get(kind="interview", key=f"interview:{interview.pk}:{interview.sequence}:{interviewer.email}")


def _interview_reminder_then_cancelled(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    now = interview.starts_at - 2 * H
    reminder = _interview_reminder(interview, now, interviewer)
    scheduling.interview_cancel(interview=interview, user=hr)
    return reminder, now


def _overdue_then_cancelled(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-3 * H)
    now = interview.ends_at + H
    reminders.queue_due_reminders(now=now)
    scheduling.interview_cancel(interview=interview, user=hr)
    return Reminder.objects.get(kind="overdue"), now


def _interview_reminder_at_start(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    return _interview_reminder(interview, interview.starts_at - 2 * H, interviewer), interview.starts_at


def _interview_reminder_just_before_start(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    reminder = _interview_reminder(interview, interview.starts_at - 2 * H, interviewer)
    return reminder, interview.starts_at - datetime.timedelta(seconds=1)


def _interview_reminder_then_rescheduled(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    now = interview.starts_at - 2 * H
    reminder = _interview_reminder(interview, now, interviewer)
    _reschedule(interview, hr, starts_at=interview.starts_at + D, interviewers=[interviewer])
    return reminder, now


def _interview_reminder_then_taken_off_the_panel(hr, interviewer, other):
    # Through the service a panel change is also a reschedule; an edit of the panel alone is not.
    interview = schedule(interviewers=[interviewer, other], hr=hr, starts_in=3 * D)
    now = interview.starts_at - 2 * H
    reminder = _interview_reminder(interview, now, other)
    interview.interviewers.remove(other)
    return reminder, now


def _candidate_interview_reminder(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    now = interview.starts_at - 2 * H
    reminders.queue_due_reminders(now=now)
    return Reminder.objects.get(kind="interview", recipient=None), now


def _overdue(hr, interviewer, other):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-3 * H)
    now = interview.ends_at + H
    reminders.queue_due_reminders(now=now)
    return Reminder.objects.get(kind="overdue"), now


def _overdue_then_submitted(hr, interviewer, other):
    reminder, now = _overdue(hr, interviewer, other)
    rate_everything(reminder.scorecard)
    return reminder, now


def _overdue_then_scorecard_removed(hr, interviewer, other):
    reminder, now = _overdue(hr, interviewer, other)
    reminder.scorecard.delete()  # the row goes with it; a copy already read must still be judged obsolete
    return reminder, now


def _overdue_then_moved_later(hr, interviewer, other):
    reminder, now = _overdue(hr, interviewer, other)
    _reschedule(reminder.interview, hr, starts_at=timezone.now() + D, interviewers=[interviewer])
    return reminder, now


def _digest(hr, interviewer, other, *, submit=False, cancel=False):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-3 * H)
    scorecard = interview.scorecards.get()
    Reminder.objects.create(key="digest:test", kind="digest", to="hr@example.invalid",
                            payload={"scorecards": [scorecard.pk]})
    if submit:
        rate_everything(scorecard)
    if cancel:
        Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.CANCELLED)
    return Reminder.objects.get(key="digest:test"), timezone.now()


def _digest_all_submitted(hr, interviewer, other):
    return _digest(hr, interviewer, other, submit=True)


def _digest_interview_cancelled(hr, interviewer, other):
    return _digest(hr, interviewer, other, cancel=True)


def _digest_of_nothing(hr, interviewer, other):
    Reminder.objects.create(key="digest:test", kind="digest", to="hr@example.invalid", payload={"scorecards": []})
    return Reminder.objects.get(key="digest:test"), timezone.now()


@pytest.mark.parametrize(
    "scenario, reason",
    [
        pytest.param(_invitation_after_reschedule, "superseded", id="superseded-invitation-request-older-sequence"),
        pytest.param(_cancellation_to_someone_taken_off_the_panel, "", id="cancellation-to-removed-panelist-stays-valid"),
        pytest.param(_current_invitation, "", id="current-invitation-applies"),
        pytest.param(_interview_reminder_then_cancelled, "interview cancelled", id="interview-cancelled-interview-reminder"),
        pytest.param(_overdue_then_cancelled, "interview cancelled", id="interview-cancelled-overdue-reminder"),
        pytest.param(_interview_reminder_at_start, "interview started", id="interview-started-at-start-time"),
        pytest.param(_interview_reminder_just_before_start, "", id="interview-reminder-one-second-before-start-applies"),
        pytest.param(_interview_reminder_then_rescheduled, "rescheduled", id="rescheduled-interview-reminder-older-sequence"),
        pytest.param(_interview_reminder_then_taken_off_the_panel, "no longer on the panel", id="no-longer-on-the-panel"),
        pytest.param(_candidate_interview_reminder, "", id="candidate-interview-reminder-has-no-panel-check"),
        pytest.param(_overdue, "", id="overdue-reminder-applies"),
        pytest.param(_overdue_then_submitted, "scorecard submitted or removed", id="scorecard-submitted"),
        pytest.param(_overdue_then_scorecard_removed, "scorecard submitted or removed", id="scorecard-removed"),
        pytest.param(_overdue_then_moved_later, "rescheduled to a later time", id="rescheduled-to-a-later-time"),
        pytest.param(_digest, "", id="digest-with-a-draft-left-applies"),
        pytest.param(_digest_all_submitted, "scorecards submitted or removed", id="digest-all-submitted"),
        pytest.param(_digest_interview_cancelled, "scorecards submitted or removed", id="digest-interview-cancelled"),
        pytest.param(_digest_of_nothing, "scorecards submitted or removed", id="digest-of-nothing"),
    ],
)
def test_obsolete_reason(scenario, reason, hr, interviewer, other_interviewer):
    reminder, now = scenario(hr, interviewer, other_interviewer)
    # Judge the row as stored now; a removed scorecard takes its reminder row with it, so judge the copy read earlier.
    stored = Reminder.objects.filter(pk=reminder.pk).first() or reminder
    assert reminders.obsolete_reason(stored, now) == reason


@pytest.mark.parametrize(
    "scenario, outcome, status",
    [
        pytest.param(_invitation_after_reschedule, "obsolete: superseded", "failed", id="superseded"),
        pytest.param(_interview_reminder_then_cancelled, "obsolete: interview cancelled", "failed", id="interview-cancelled"),
        pytest.param(_interview_reminder_at_start, "obsolete: interview started", "failed", id="interview-started"),
        pytest.param(_interview_reminder_then_rescheduled, "obsolete: rescheduled", "failed", id="rescheduled"),
        pytest.param(_interview_reminder_then_taken_off_the_panel, "obsolete: no longer on the panel", "failed", id="no-longer-on-the-panel"),
        pytest.param(_overdue_then_submitted, "obsolete: scorecard submitted or removed", "failed", id="scorecard-submitted"),
        pytest.param(_overdue_then_moved_later, "obsolete: rescheduled to a later time", "failed", id="rescheduled-to-a-later-time"),
        pytest.param(_overdue, "sent", "sent", id="still-applies-is-sent"),
    ],
)
def test_delivery_drops_an_obsolete_reminder_and_records_why(scenario, outcome, status, hr, interviewer, other_interviewer):
    reminder, now = scenario(hr, interviewer, other_interviewer)
    assert reminders.deliver(reminder.pk, now=now) == outcome
    reminder.refresh_from_db()
    assert reminder.status == status
    assert reminder.payload.get("skipped", "") == outcome.removeprefix("obsolete: ").removeprefix("sent")


def _keys(kind):
    return sorted(Reminder.objects.filter(kind=kind).values_list("key", flat=True))


def test_interview_reminder_keys_carry_the_sequence_so_a_reschedule_gets_one_new_reminder_each(hr, interviewer):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=3 * D)
    candidate = interview.application.candidate.email.lower()
    first_run = interview.starts_at - 2 * H
    reminders.queue_due_reminders(now=first_run)
    reminders.queue_due_reminders(now=first_run + H)
    assert _keys("interview") == sorted([f"interview:{interview.pk}:0:{candidate}", f"interview:{interview.pk}:0:{interviewer.email}"])
    _reschedule(interview, hr, starts_at=interview.starts_at + D, interviewers=[interviewer])
    new_start = interview.starts_at + D
    reminders.queue_due_reminders(now=new_start - 2 * H)
    reminders.queue_due_reminders(now=new_start - H)
    assert _keys("interview") == sorted([
        f"interview:{interview.pk}:0:{candidate}", f"interview:{interview.pk}:0:{interviewer.email}",
        f"interview:{interview.pk}:1:{candidate}", f"interview:{interview.pk}:1:{interviewer.email}",
    ])


def test_an_overdue_reminder_is_not_sent_again_after_a_reschedule(hr, interviewer, settings):
    settings.SCORECARD_REMINDER_LIMIT = 3
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-3 * H)
    scorecard = interview.scorecards.get()
    reminders.queue_due_reminders(now=interview.ends_at + H)
    assert _keys("overdue") == [f"overdue:{scorecard.pk}:1"]
    _reschedule(interview, hr, starts_at=timezone.now() + D, interviewers=[interviewer])
    interview.refresh_from_db()
    reminders.queue_due_reminders(now=interview.ends_at + H)  # number 1 again for the new time: same key
    assert _keys("overdue") == [f"overdue:{scorecard.pk}:1"]
    reminders.queue_due_reminders(now=interview.ends_at + H + D)
    assert _keys("overdue") == [f"overdue:{scorecard.pk}:1", f"overdue:{scorecard.pk}:2"]


def test_hr_digest_is_at_most_one_a_day(hr, interviewer, settings):
    settings.SCORECARD_REMINDER_LIMIT = 1
    hr.email = "hr@example.invalid"
    hr.save()
    day_1 = timezone.localdate() + datetime.timedelta(days=10)
    noon_1 = timezone.make_aware(datetime.datetime.combine(day_1, datetime.time(12)))
    noon_2 = timezone.make_aware(datetime.datetime.combine(day_1 + datetime.timedelta(days=1), datetime.time(12)))
    scorecards = []
    # Each interview's digest falls due at 11:00, one on day 1 and one on day 2 (limit 1: end + 1 h + 1 day).
    for noon in (noon_1, noon_2):
        application = ApplicationFactory()
        application.position.hiring_manager = hr
        application.position.save()
        interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_at=noon - D - 3 * H)
        scorecards.append(interview.scorecards.get().pk)
    day_1_key, day_2_key = f"digest:{hr.pk}:{day_1.isoformat()}", f"digest:{hr.pk}:{(day_1 + D).isoformat()}"

    reminders.queue_due_reminders(now=noon_1 - 2 * H)  # 10:00, not yet due
    assert _keys("digest") == []
    reminders.queue_due_reminders(now=noon_1)
    assert _keys("digest") == [day_1_key]
    reminders.queue_due_reminders(now=noon_1 + 11 * H)  # 23:00 the same day
    assert _keys("digest") == [day_1_key]
    reminders.queue_due_reminders(now=noon_2)
    assert _keys("digest") == [day_1_key, day_2_key]
    digests = Reminder.objects.filter(kind="digest").order_by("key")
    assert [(d.to, d.payload) for d in digests] == [
        ("hr@example.invalid", {"scorecards": [scorecards[0]]}),
        ("hr@example.invalid", {"scorecards": [scorecards[1]]}),
    ]
