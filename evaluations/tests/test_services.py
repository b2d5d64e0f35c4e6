import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar

from candidates.tests.factories import ApplicationFactory
from evaluations import reminders, scheduling, scorecards, selectors
from evaluations.models import Interview, Reminder, ScorecardChange
from evaluations.tests.factories import rate_everything, schedule
from recruiting.tests.factories import UserFactory

H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)


@pytest.fixture
def application(reference_data):
    return ApplicationFactory()


def _ics(message):
    (name, content, mimetype) = message.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    event = next(iter(calendar.walk("VEVENT")))
    return calendar, event


def test_scheduling_creates_scorecards_and_sends_invitations_with_ics(
    application, hr, interviewer, other_interviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application=application, interviewers=[interviewer, other_interviewer], hr=hr)
    assert interview.scorecards.count() == 2
    assert interview.scorecards.first().ratings.count() == 2 + 2 + 2  # skills, background, competencies
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [application.candidate.email, interviewer.email, other_interviewer.email]
    )
    calendar, event = _ics(mail.outbox[0])
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]).startswith(str(interview.uid))
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == interview.starts_at.replace(microsecond=0)


def test_reschedule_and_cancel_keep_the_uid_and_raise_the_sequence(
    application, hr, interviewer, django_capture_on_commit_callbacks
):
    interview = schedule(application=application, interviewers=[interviewer], hr=hr)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.interview_reschedule(
            interview=interview, kind=interview.kind, starts_at=interview.starts_at + D, duration_minutes=30,
            location="Video call", interviewers=[interviewer], user=hr,
        )
    _, event = _ics(mail.outbox[0])
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]).startswith(str(interview.uid))
    assert "Updated:" in mail.outbox[0].subject or "Aggiornamento" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.interview_cancel(interview=interview, user=hr)
    calendar, event = _ics(mail.outbox[0])
    assert str(calendar["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"


def test_invitation_is_in_the_recipients_language(application, hr, interviewer, django_capture_on_commit_callbacks):
    from core.models import profile_for

    profile = profile_for(interviewer)
    profile.language = "en"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule(application=application, interviewers=[interviewer], hr=hr)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[interviewer.email].subject.startswith("Interview for")
    assert by_address[application.candidate.email].subject.startswith("Colloquio per")  # the candidate is Italian


@pytest.mark.parametrize("problem", ["past", "not_on_panel", "double_booking"])
def test_scheduling_rules(application, hr, interviewer, other_interviewer, problem):
    application.position.panel.add(interviewer)
    starts_at = timezone.now() + D
    if problem == "past":
        starts_at = timezone.now() - H
    elif problem == "double_booking":
        schedule(interviewers=[interviewer], starts_in=D + datetime.timedelta(minutes=30), hr=hr)
    people = [other_interviewer] if problem == "not_on_panel" else [interviewer]
    with pytest.raises(ValidationError) as error:
        scheduling.interview_schedule(
            application=application, kind="competency", starts_at=starts_at, duration_minutes=60,
            location="Room 1", interviewers=people, user=hr,
        )
    text = " ".join(error.value.messages)
    expected = {
        "past": "Choose a time in the future.",
        "not_on_panel": "Not on this position's interview panel: Sara Lombardi.",
        "double_booking": "Marco Conti already has an interview on",
    }[problem]
    assert expected in text
    assert not Interview.objects.filter(application=application).exists()


def test_back_to_back_interviews_are_not_a_double_booking(hr, interviewer, reference_data):
    start = timezone.now().replace(microsecond=0) + D
    first = schedule(interviewers=[interviewer], starts_at=start, duration=60, hr=hr)
    second = schedule(interviewers=[interviewer], starts_at=start + H, duration=60, hr=hr)
    assert first.ends_at == second.starts_at


def test_a_clash_with_an_interview_two_of_the_panel_are_on_names_each_of_them_once(hr, interviewer, other_interviewer):
    first = schedule(interviewers=[interviewer, other_interviewer], hr=hr)
    with pytest.raises(ValidationError) as error:
        scheduling.interview_schedule(
            application=first.application, kind="competency", starts_at=first.starts_at, duration_minutes=30,
            location="Room 1", interviewers=[interviewer, other_interviewer], user=hr,
        )
    day = date_format(timezone.localtime(first.starts_at), "SHORT_DATE_FORMAT")
    start = date_format(timezone.localtime(first.starts_at), "TIME_FORMAT")
    end = date_format(timezone.localtime(first.ends_at), "TIME_FORMAT")
    expected = " ".join(
        f"{name} already has an interview on {day} from {start} to {end}." for name in ["Marco Conti", "Sara Lombardi"]
    )
    assert error.value.message_dict == {"interviewers": [expected]}


@pytest.mark.parametrize("day, language, expected", [
    (2, "en", "Marco Conti already has an interview on 02/12/2026 from 09:30 to 10:15."),
    (2, "it", "Marco Conti ha già un colloquio il 02/12/2026 dalle 09:30 alle 10:15."),
    (8, "it", "Marco Conti ha già un colloquio l'08/12/2026 dalle 09:30 alle 10:15."),
    (11, "it", "Marco Conti ha già un colloquio l'11/12/2026 dalle 09:30 alle 10:15."),
    (11, "en", "Marco Conti already has an interview on 11/12/2026 from 09:30 to 10:15."),
])
def test_the_clash_message_gives_both_times_on_the_24_hour_clock(hr, interviewer, day, language, expected):
    start = timezone.make_aware(datetime.datetime(2026, 12, day, 9, 30), timezone.get_fixed_timezone(60))
    first = schedule(interviewers=[interviewer], starts_at=start, duration=45, hr=hr)
    with translation.override(language), timezone.override("Europe/Rome"), pytest.raises(ValidationError) as error:
        scheduling.interview_schedule(
            application=first.application, kind="competency", starts_at=start, duration_minutes=30,
            location="Room 1", interviewers=[interviewer], user=hr,
        )
    assert error.value.message_dict == {"interviewers": [expected]}


def test_someone_without_a_full_name_is_greeted_by_username_in_the_invitation_and_the_cancellation(hr, interviewer):
    nameless = UserFactory(username="tecnico", first_name="", last_name="", role="interviewer")
    interview = schedule(interviewers=[interviewer, nameless], hr=hr)
    scheduling.interview_reschedule(
        interview=interview, kind=interview.kind, starts_at=interview.starts_at, duration_minutes=interview.duration_minutes,
        location=interview.location, interviewers=[interviewer], user=hr,
    )
    sent = Reminder.objects.filter(to=nameless.email).order_by("pk")
    assert [(r.payload["method"], r.payload["name"]) for r in sent] == [("REQUEST", "tecnico"), ("CANCEL", "tecnico")]


def test_submitting_needs_every_criterion_and_names_what_is_missing(application, hr, interviewer):
    interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    card = interview.scorecards.get()
    first = card.ratings.first()
    scorecards.scorecard_save(scorecard=card, scores={first.criterion: 4}, notes={}, recommendation="", takeaways="", user=interviewer)
    with pytest.raises(ValidationError) as error:
        scorecards.scorecard_submit(scorecard=card, user=interviewer)
    message = error.value.messages[0]
    assert "Relevance of education" in message and "Overall recommendation" in message
    assert first.label not in message


def test_changes_after_submission_are_recorded(application, hr, interviewer):
    interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    card = rate_everything(interview.scorecards.get())
    rating = card.ratings.first()
    scorecards.scorecard_save(
        scorecard=card, scores={rating.criterion: 1}, notes={rating.criterion: "On reflection, weak."},
        recommendation="no", takeaways="Solid.", user=interviewer,
    )
    change = ScorecardChange.objects.get()
    assert change.changed_by == interviewer
    assert {"criterion": rating.criterion, "from": [3, ""], "to": [1, "On reflection, weak."]} in change.changes
    with pytest.raises(ValidationError):
        scorecards.scorecard_save(scorecard=card, scores={rating.criterion: None}, notes={}, recommendation="no",
                                takeaways="", user=interviewer)


def test_a_scorecard_cannot_be_submitted_before_the_interview_or_after_a_cancellation(application, hr, interviewer):
    card = schedule(application=application, interviewers=[interviewer], hr=hr).scorecards.get()
    with pytest.raises(ValidationError, match="has not started yet"):
        rate_everything(card)
    past = schedule(interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    scheduling.interview_cancel(interview=past, user=hr)
    with pytest.raises(ValidationError, match="was cancelled"):
        rate_everything(past.scorecards.get())


def test_a_cancelled_interview_does_not_hide_the_candidate_from_the_next_panel(application, hr, interviewer, other_interviewer):
    from candidates.selectors import visible_applications

    first = schedule(application=application, interviewers=[interviewer], hr=hr)
    scheduling.interview_cancel(interview=first, user=hr)
    schedule(application=application, interviewers=[other_interviewer], hr=hr, starts_in=3 * D)
    assert list(visible_applications(other_interviewer)) == [application]
    assert list(visible_applications(interviewer)) == []


def test_blind_positions_interview_only_from_the_interview_stage(reference_data, hr, interviewer):
    application = ApplicationFactory(position__blind_screening=True)
    application.position.panel.add(interviewer)
    with pytest.raises(ValidationError, match="blind screening"):
        scheduling.interview_schedule(application=application, kind="phone", starts_at=timezone.now() + D,
                                    duration_minutes=30, location="Phone", interviewers=[interviewer], user=hr)


def test_only_the_interviewer_can_change_their_scorecard(application, hr, interviewer, other_interviewer):
    card = schedule(application=application, interviewers=[interviewer], hr=hr).scorecards.get()
    with pytest.raises(ValidationError):
        scorecards.scorecard_save(scorecard=card, scores={}, notes={}, recommendation="yes", takeaways="", user=other_interviewer)


def test_blind_feedback(application, hr, interviewer, other_interviewer):
    interview = schedule(application=application, interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-2 * H)
    rate_everything(interview.scorecards.get(interviewer=other_interviewer))
    assert selectors.may_see_others(interviewer, application) is False
    assert selectors.may_see_others(hr, application) is True
    rate_everything(interview.scorecards.get(interviewer=interviewer))
    assert selectors.may_see_others(interviewer, application) is True


def _overdue_mails():
    # Invitations recorded at scheduling are sent by the same scan; these tests look at the overdue ones.
    return [m for m in mail.outbox if m.subject.startswith(("Scorecard due", "Scheda di valutazione da compilare"))]


def _sent(kind):
    return list(Reminder.objects.filter(kind=kind, status="sent").values_list("key", flat=True))


def _run(now):
    for reminder_id in reminders.queue_due_reminders(now=now):
        reminders.deliver(reminder_id, now=now)


def test_reminders_under_a_controlled_clock(application, hr, interviewer, settings):
    settings.SCORECARD_REMINDER_LIMIT = 2
    hr.email = "hr@example.invalid"
    hr.save()
    application.position.hiring_manager = hr
    application.position.save()
    # At 10:00 local time, so that every step below falls on the day it means whatever the time of the run
    # (from 21:00, "start + 3 days" put the last step after midnight: a second digest, rightly).
    ten = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + 3 * D
    interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_at=ten)
    start, end = interview.starts_at, interview.ends_at
    _run(start - 25 * H)
    assert _sent("interview") == []
    _run(start - 24 * H)
    assert len(_sent("interview")) == 2  # candidate and interviewer
    _run(start - 2 * H)
    assert len(_sent("interview")) == 2  # not twice
    _run(end + 59 * datetime.timedelta(minutes=1))
    assert _sent("overdue") == []  # never before the interview has happened plus an hour
    _run(end + H)
    _run(end + H + datetime.timedelta(minutes=5))
    assert len(_sent("overdue")) == 1
    _run(end + H + D)
    assert len(_sent("overdue")) == 2
    _run(end + H + 2 * D)
    assert len(_sent("overdue")) == 2  # the limit
    assert len(_sent("digest")) == 1
    _run(end + H + 2 * D + H)
    assert len(_sent("digest")) == 1
    digest = Reminder.objects.get(kind="digest")
    assert digest.to == "hr@example.invalid"


def test_no_reminders_after_cancellation_or_submission(application, hr, interviewer, other_interviewer):
    interview = schedule(application=application, interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-2 * H)
    rate_everything(interview.scorecards.get(interviewer=other_interviewer))
    _run(timezone.now())
    assert [r.recipient for r in Reminder.objects.filter(kind="overdue", status="sent")] == [interviewer]
    cancelled = schedule(interviewers=[other_interviewer], hr=hr, starts_in=-3 * H)
    scheduling.interview_cancel(interview=cancelled, user=hr)
    _run(timezone.now())
    assert not Reminder.objects.filter(kind="overdue", interview=cancelled).exists()


def test_a_queued_reminder_is_dropped_if_the_scorecard_was_submitted_meanwhile(application, hr, interviewer):
    interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    ids = reminders.queue_due_reminders(now=timezone.now())
    rate_everything(interview.scorecards.get())
    mail.outbox.clear()
    for reminder_id in ids:
        reminders.deliver(reminder_id)
    assert _overdue_mails() == []
    assert Reminder.objects.get(kind="overdue").status == "failed"


def test_the_same_run_twice_sends_once(application, hr, interviewer):
    schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    mail.outbox.clear()
    now = timezone.now()
    _run(now)
    _run(now)
    assert len(_overdue_mails()) == 1


def test_the_management_command_does_the_same_work(application, hr, interviewer):
    from django.core.management import call_command

    schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    mail.outbox.clear()
    call_command("send_due_reminders", stdout=io.StringIO())
    call_command("send_due_reminders", stdout=io.StringIO())
    assert len(_overdue_mails()) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_deliveries_send_once(reference_data, hr, interviewer):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    schedule(interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    mail.outbox.clear()
    ids = reminders.queue_due_reminders(now=timezone.now())
    overdue = Reminder.objects.get(kind="overdue").pk
    assert overdue in ids
    outcomes = []

    def worker():
        try:
            outcomes.append(reminders.deliver(overdue))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert len(mail.outbox) == 1
