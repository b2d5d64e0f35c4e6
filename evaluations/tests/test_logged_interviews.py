"""Logging an interview that already took place: when it may be, what is (not) sent, its scorecards."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from candidates.models import RejectionReason
from candidates.tests.factories import ApplicationFactory
from evaluations import reminders, scheduling, scorecards
from evaluations.models import Interview, Reminder, Scorecard
from evaluations.tests.factories import rate_everything

MIN = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
FUTURE = "A logged interview has already taken place: choose a time in the past."
TOO_OLD_90 = "An interview can be logged at most 90 days after it took place."


@pytest.mark.parametrize("starts_at, max_days, expected", [
    (NOW - MIN, 90, ""),
    (NOW, 90, ""),
    (NOW + MIN, 90, FUTURE),
    (NOW + 2 * DAY, 90, FUTURE),
    (NOW - 90 * DAY + MIN, 90, ""),
    (NOW - 90 * DAY, 90, ""),
    (NOW - 90 * DAY - MIN, 90, TOO_OLD_90),
    (NOW - DAY, 1, ""),
    (NOW - DAY - MIN, 1, "An interview can be logged at most 1 day after it took place."),
], ids=[
    "one-minute-ago", "now", "in-one-minute", "in-two-days", "89-days-23-hours-59-minutes-ago", "exactly-90-days-ago",
    "90-days-and-a-minute-ago", "exactly-1-day-ago-limit-1", "1-day-and-a-minute-ago-limit-1",
])
def test_when_an_interview_may_be_logged(starts_at, max_days, expected):
    assert scheduling.logged_time_refusal(starts_at, now=NOW, max_days=max_days) == expected


@pytest.mark.parametrize("language, starts_at, expected", [
    ("en", NOW + MIN, FUTURE),
    ("it", NOW + MIN, "Un colloquio registrato si è già svolto: scegli un orario nel passato."),
    ("it", NOW - 91 * DAY, "Un colloquio si può registrare al massimo 90 giorni dopo il suo svolgimento."),
], ids=["english-future", "italian-future", "italian-too-old"])
def test_the_refusal_is_in_the_readers_language(language, starts_at, expected):
    with translation.override(language):
        assert scheduling.logged_time_refusal(starts_at, now=NOW, max_days=90) == expected


@pytest.fixture
def application(reference_data, interviewer, other_interviewer):
    application = ApplicationFactory(stage="interview")
    application.position.panel.add(interviewer, other_interviewer)
    return application


def _log(application, people, hr, starts_at, *, logged=True, duration=30):
    return scheduling.interview_schedule(
        application=application, kind=Interview.Kind.PHONE_SCREEN, starts_at=starts_at, duration_minutes=duration,
        location="Telefono", interviewers=people, user=hr, logged=logged,
    )


@pytest.mark.parametrize("starts_in, logged, invitations, e_mails", [
    (-MIN, True, 0, 0),
    (-DAY, True, 0, 0),
    (-89 * DAY, True, 0, 0),
    (2 * DAY, False, 3, 3),  # the rule for upcoming interviews: the candidate and both interviewers
], ids=["logged-one-minute-ago", "logged-yesterday", "logged-89-days-ago", "upcoming-is-invited"])
def test_a_logged_interview_sends_nothing(
    application, hr, interviewer, other_interviewer, django_capture_on_commit_callbacks, starts_in, logged, invitations,
    e_mails,
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = _log(application, [interviewer, other_interviewer], hr, timezone.now() + starts_in, logged=logged)
    interview.refresh_from_db()
    assert interview.logged is logged
    assert interview.reminders.filter(kind=Reminder.Kind.INVITATION).count() == invitations
    assert len(mail.outbox) == e_mails
    assert interview.scorecards.count() == 2


@pytest.mark.parametrize("starts_in, logged, message", [
    (MIN, True, FUTURE),
    (2 * DAY, True, FUTURE),
    (-91 * DAY, True, TOO_OLD_90),
    (-MIN, False, "Choose a time in the future."),
], ids=["logged-in-one-minute", "logged-in-two-days", "logged-91-days-ago", "upcoming-one-minute-ago"])
def test_the_service_refuses_a_logged_interview_at_the_wrong_time(application, hr, interviewer, starts_in, logged, message):
    with pytest.raises(ValidationError) as error:
        _log(application, [interviewer], hr, timezone.now() + starts_in, logged=logged)
    assert error.value.message_dict == {"starts_at": [message]}
    assert not Interview.objects.exists()


def test_the_limit_follows_the_setting(application, hr, interviewer, settings):
    settings.LOGGED_INTERVIEW_MAX_DAYS = 7
    with pytest.raises(ValidationError) as error:
        _log(application, [interviewer], hr, timezone.now() - 8 * DAY)
    assert error.value.message_dict == {"starts_at": ["An interview can be logged at most 7 days after it took place."]}
    assert _log(application, [interviewer], hr, timezone.now() - 6 * DAY).logged


@pytest.mark.parametrize("case, message", [
    ("hired", "This person has been hired; undo the hire on their page before scheduling an interview."),
    ("rejected", "This application is closed; reopen it before scheduling an interview."),
    ("anonymised", "This application has been anonymised: it can no longer change."),
    ("blind", str(scheduling.BLIND_REFUSAL)),
], ids=["hired", "rejected", "anonymised", "blind-screening"])
def test_logging_follows_the_application_rules(reference_data, hr, interviewer, case, message):
    application = ApplicationFactory(
        stage={"hired": "hired", "rejected": "rejected"}.get(case, "screening"),
        anonymised_at=timezone.now() if case == "anonymised" else None,
        position__blind_screening=case == "blind",
        rejection_reason=RejectionReason.objects.filter(kind="we_rejected").first() if case == "rejected" else None,
    )
    application.position.panel.add(interviewer)
    with pytest.raises(ValidationError) as error:
        _log(application, [interviewer], hr, timezone.now() - DAY)
    assert error.value.message_dict == {"__all__": [message]}
    assert not Interview.objects.exists()


def test_a_logged_interview_still_cannot_double_book(application, hr, interviewer, other_interviewer):
    yesterday = timezone.now().replace(second=0, microsecond=0) - DAY
    _log(application, [interviewer], hr, yesterday, duration=60)
    with pytest.raises(ValidationError) as error:
        _log(application, [interviewer, other_interviewer], hr, yesterday + datetime.timedelta(minutes=30))
    assert error.value.messages[0].startswith("Marco Conti already has an interview on")


def test_the_reminder_scan_records_nothing_for_a_logged_interview(application, hr, interviewer, other_interviewer):
    # Yesterday at this time, 30 minutes long: an overdue scorecard reminder would be due for an upcoming one.
    interview = _log(application, [interviewer, other_interviewer], hr, timezone.now() - DAY)
    for hours_later in (0, 24, 48, 72, 96):
        reminders.queue_due_reminders(now=timezone.now() + datetime.timedelta(hours=hours_later))
    assert list(Reminder.objects.filter(interview=interview)) == []
    assert Reminder.objects.filter(kind=Reminder.Kind.DIGEST).count() == 0


@pytest.mark.parametrize("starts_in, logged, outcome", [
    (-MIN, True, "submitted"),
    (-DAY, True, "submitted"),
    (2 * DAY, False, "The interview has not started yet. Save your notes as a draft and submit after it."),
], ids=["logged-one-minute-ago", "logged-yesterday", "upcoming"])
def test_a_logged_interviews_scorecard_is_submitted_at_once(application, hr, interviewer, starts_in, logged, outcome):
    interview = _log(application, [interviewer], hr, timezone.now() + starts_in, logged=logged)
    card = interview.scorecards.get()
    try:
        rate_everything(card, score=3, recommendation="yes")
    except ValidationError as error:
        assert error.messages == [outcome]
    card.refresh_from_db()
    assert card.status == ("submitted" if outcome == "submitted" else "draft")


def test_the_database_refuses_a_logged_interview_after_it_was_recorded(application, hr, interviewer):
    interview = _log(application, [interviewer], hr, timezone.now() - DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(starts_at=interview.created_at + MIN)


def test_correcting_a_logged_interview_emails_nobody(
    application, hr, interviewer, other_interviewer, django_capture_on_commit_callbacks,
):
    interview = _log(application, [interviewer, other_interviewer], hr, timezone.now() - DAY)
    two_days_ago = timezone.now().replace(microsecond=0) - 2 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.interview_reschedule(
            interview=interview, kind=Interview.Kind.COMPETENCY, starts_at=two_days_ago, duration_minutes=45,
            location="Sala 3", interviewers=[interviewer], user=hr,
        )
    interview.refresh_from_db()
    assert (interview.logged, interview.starts_at, interview.location) == (True, two_days_ago, "Sala 3")
    assert list(interview.scorecards.values_list("interviewer__username", flat=True)) == ["marco"]
    assert Reminder.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize("starts_in, message", [
    (MIN, FUTURE),
    (-91 * DAY, TOO_OLD_90),
], ids=["into-the-future", "beyond-90-days"])
def test_a_logged_interview_stays_within_its_window_when_corrected(application, hr, interviewer, starts_in, message):
    interview = _log(application, [interviewer], hr, timezone.now() - DAY)
    with pytest.raises(ValidationError) as error:
        scheduling.interview_reschedule(
            interview=interview, kind=interview.kind, starts_at=timezone.now() + starts_in, duration_minutes=30,
            location="Telefono", interviewers=[interviewer], user=hr,
        )
    assert error.value.message_dict == {"starts_at": [message]}


def test_a_correction_cannot_move_it_after_it_was_recorded(application, hr, interviewer):
    interview = _log(application, [interviewer], hr, timezone.now() - DAY)
    with pytest.raises(ValidationError) as error:
        scheduling.interview_reschedule(
            interview=interview, kind=interview.kind, starts_at=interview.created_at + datetime.timedelta(seconds=1),
            duration_minutes=30, location="Telefono", interviewers=[interviewer], user=hr,
        )
    assert error.value.messages == [FUTURE]


def test_cancelling_a_logged_interview_emails_nobody(
    application, hr, interviewer, other_interviewer, django_capture_on_commit_callbacks,
):
    interview = _log(application, [interviewer, other_interviewer], hr, timezone.now() - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.interview_cancel(interview=interview, user=hr)
    interview.refresh_from_db()
    assert interview.is_cancelled
    assert Reminder.objects.count() == 0 and mail.outbox == []


# ---------------------------------------------------------------------------
# The schedule page
# ---------------------------------------------------------------------------
def _form(when, logged, interviewer):
    data = {"kind": "phone", "starts_at": when.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "30",
            "location": "Telefono", "interviewers": [interviewer.pk]}
    if logged is not None:
        data["logged"] = logged
    return data


def test_hr_logs_yesterdays_phone_screen(hr_client, application, interviewer, django_capture_on_commit_callbacks):
    yesterday = timezone.localtime() - DAY
    url = reverse("evaluations:schedule", kwargs={"application_pk": application.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(url, _form(yesterday, "yes", interviewer), follow=True)
    interview = Interview.objects.get()
    assert response.redirect_chain == [(interview.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Interview logged. Nobody was e-mailed; the scorecards can be filled in now."
    ]
    html = response.content.decode()
    assert "Logged after it took place" in html and ">Correct details</a>" in html
    assert interview.logged and timezone.localtime(interview.starts_at).strftime("%Y-%m-%d %H:%M") == yesterday.strftime(
        "%Y-%m-%d %H:%M"
    )
    assert Reminder.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize("starts_in, logged, errors", [
    (2 * DAY, "yes", [FUTURE]),
    (-91 * DAY, "yes", [TOO_OLD_90]),
    (-DAY, "no", ["Choose a time in the future.",
                  "To record an interview that already took place, choose “An interview that already took place” above."]),
    (-DAY, None, ["Choose a time in the future.",
                  "To record an interview that already took place, choose “An interview that already took place” above."]),
], ids=["logged-in-two-days", "logged-91-days-ago", "upcoming-yesterday", "choice-not-sent-yesterday"])
def test_the_schedule_form_says_what_is_wrong_with_the_time(hr_client, application, interviewer, starts_in, logged, errors):
    url = reverse("evaluations:schedule", kwargs={"application_pk": application.pk})
    response = hr_client.post(url, _form(timezone.localtime() + starts_in, logged, interviewer))
    assert response.status_code == 200
    assert response.context["form"].errors == {"starts_at": errors}
    assert not Interview.objects.exists()


@pytest.mark.parametrize("logged", ["maybe", "1", "yes\x00"], ids=["word", "digit", "nul"])
def test_a_tampered_choice_is_a_form_error(hr_client, application, interviewer, logged):
    url = reverse("evaluations:schedule", kwargs={"application_pk": application.pk})
    response = hr_client.post(url, _form(timezone.localtime() - DAY, logged, interviewer))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["logged"]
    assert not Interview.objects.exists()


def test_only_hr_logs_interviews(client, application, interviewer):
    url = reverse("evaluations:schedule", kwargs={"application_pk": application.pk})
    client.force_login(interviewer)
    assert client.post(url, _form(timezone.localtime() - DAY, "yes", interviewer)).status_code == 404
    client.logout()
    response = client.post(url, _form(timezone.localtime() - DAY, "yes", interviewer))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Interview.objects.exists()


def test_the_correction_page_keeps_a_logged_interview_logged(
    hr_client, application, hr, interviewer, django_capture_on_commit_callbacks,
):
    interview = _log(application, [interviewer], hr, timezone.now() - DAY)
    url = reverse("evaluations:reschedule", kwargs={"pk": interview.pk})
    page = hr_client.get(url)
    assert "logged" not in page.context["form"].fields
    assert "Correct a logged interview" in page.content.decode()
    two_days_ago = timezone.localtime() - 2 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(url, _form(two_days_ago, "no", interviewer), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Logged interview corrected. Nobody was e-mailed."]
    interview.refresh_from_db()
    assert interview.logged and interview.sequence == 1
    assert Reminder.objects.count() == 0 and mail.outbox == []


def test_the_cancel_button_of_a_logged_interview_says_nobody_is_emailed(hr_client, application, hr, interviewer):
    interview = _log(application, [interviewer], hr, timezone.now() - DAY)
    html = hr_client.get(interview.get_absolute_url()).content.decode()
    assert 'data-confirm="Cancel this logged interview? Nobody is e-mailed, and its ratings no longer count."' in html
    response = hr_client.post(reverse("evaluations:cancel", kwargs={"pk": interview.pk}), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Logged interview cancelled. Nobody was e-mailed; its ratings no longer count."
    ]


def test_the_interviewer_submits_a_logged_interviews_scorecard_from_the_page(client, application, hr, interviewer):
    interview = _log(application, [interviewer], hr, timezone.now() - MIN)
    card = interview.scorecards.get()
    client.force_login(interviewer)
    html = client.get(card.get_absolute_url()).content.decode()
    assert "Submit scorecard" in html and "Logged after it took place" in html
    data = {f"score_{r.criterion}": "3" for r in card.ratings.all()}
    response = client.post(card.get_absolute_url(), {**data, "recommendation": "yes", "action": "submit"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED


def test_my_interviews_marks_a_logged_interview(client, application, hr, interviewer):
    _log(application, [interviewer], hr, timezone.now() - DAY)
    client.force_login(interviewer)
    assert "Logged after it took place" in client.get(reverse("evaluations:mine")).content.decode()


def test_the_admin_filters_logged_interviews(client, application, hr, interviewer, other_interviewer):
    from recruiting.tests.factories import UserFactory

    logged = _log(application, [interviewer], hr, timezone.now() - DAY)
    _log(application, [other_interviewer], hr, timezone.now() + 2 * DAY, logged=False)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(reverse("admin:evaluations_interview_changelist"), {"logged__exact": "1"})
    assert [row.pk for row in response.context["cl"].result_list] == [logged.pk]


def test_the_draft_only_save_is_refused_after_submission(application, hr, interviewer):
    card = rate_everything(_log(application, [interviewer], hr, timezone.now() - DAY).scorecards.get())
    with pytest.raises(ValidationError) as error:
        scorecards.scorecard_save(
            scorecard=card, scores={}, notes={}, recommendation="yes", takeaways="Changed.", user=interviewer,
            draft_only=True,
        )
    assert error.value.code == "submitted"
    card.refresh_from_db()
    assert card.takeaways == "Solid."
