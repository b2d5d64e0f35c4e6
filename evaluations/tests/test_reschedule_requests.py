"""The candidate asks for another time for an upcoming interview on their status page (evaluations/reschedule_requests.py)."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates import privacy, stages, status
from candidates.models import Application, RejectionReason, StageChange
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core.models import StaffEmail, profile_for
from evaluations import reschedule_requests, scheduling
from evaluations.models import Interview
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
MON = datetime.datetime(2027, 3, 8, 10, 0, tzinfo=ROME)  # far enough ahead for every test
NOTE = "Any afternoon <b>after</b> 15:00, or Friday morning."


@pytest.fixture
def application(reference_data, interviewer):
    position = OpenPositionFactory(title="Impiegato contabile")
    position.panel.add(interviewer)
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid",
                                 language="en")
    return ApplicationFactory(position=position, candidate=candidate, stage=stages.INTERVIEW)


@pytest.fixture
def interview(application, hr, interviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = schedule(interviewers=[interviewer], application=application, hr=hr, starts_at=MON)
    mail.outbox.clear()
    return made


def _ask(application, interview, note=NOTE, **kwargs):
    return reschedule_requests.interview_ask_another_time(
        application=application, interview_id=interview.pk, note=note, **kwargs)


def _url(application, interview, token=None) -> str:
    return reverse("status:reschedule_request",
                   kwargs={"token": token or status.make_token(application.pk), "pk": interview.pk})


def _text(response) -> str:
    return response.content.decode()


def _recorded(interview) -> tuple:
    interview.refresh_from_db()
    return (interview.reschedule_request_note, interview.reschedule_request_sequence,
            StaffEmail.objects.filter(key__startswith="reschedule-request:").count())


# ---------------------------------------------------------------------------
# The note
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "note, stored, error",
    [
        ("", None, ("required", "Tell us which days and times would suit you.")),
        ("  \r\n\t ", None, ("required", "Tell us which days and times would suit you.")),
        ("x" * 1000, "x" * 1000, None),
        ("   " + "x" * 1000 + "\n  ", "x" * 1000, None),
        # A line break counts once, as the browser counts it: 998 + CRLF + 1 is 1000.
        ("x" * 998 + "\r\ny", "x" * 998 + "\ny", None),
        ("x" * 1001, None, ("max_length", "Please keep it to 1000 characters (it has 1001).")),
    ],
    ids=["empty", "only-blanks", "1000", "1000-after-trimming", "crlf-counts-once", "1001"],
)
def test_note_is_required_trimmed_and_at_most_1000_characters(application, interview, note, stored, error):
    if error:
        with pytest.raises(ValidationError) as refused:
            _ask(application, interview, note)
        assert ([e.code for e in refused.value.error_dict["note"]], refused.value.message_dict["note"],
                _recorded(interview)) == ([error[0]], [error[1]], ("", None, 0))
    else:
        assert _ask(application, interview, note).created is True
        assert _recorded(interview) == (stored, 0, 1)


# ---------------------------------------------------------------------------
# Which interviews, how often
# ---------------------------------------------------------------------------
def test_a_second_request_for_the_same_interview_records_nothing(application, interview):
    first = _ask(application, interview)
    second = _ask(application, interview, "Actually, Tuesday.")
    assert (first.created, second.created, _recorded(interview)) == (True, False, (NOTE, 0, 1))


def test_after_hr_reschedules_the_candidate_may_ask_again(application, interview, hr, interviewer):
    _ask(application, interview)
    scheduling.interview_reschedule(interview=interview, kind=interview.kind, starts_at=MON + datetime.timedelta(days=1),
                                    duration_minutes=60, location=interview.location, interviewers=[interviewer],
                                    user=hr)
    interview.refresh_from_db()
    assert interview.reschedule_request_pending is False  # HR's change answers the request
    again = _ask(application, interview, "Tuesday does not suit me either.")
    assert (again.created, _recorded(interview)) == (True, ("Tuesday does not suit me either.", 1, 2))
    assert sorted(StaffEmail.objects.values_list("key", flat=True)) == [
        f"reschedule-request:{interview.pk}:0:{hr.pk}", f"reschedule-request:{interview.pk}:1:{hr.pk}"]


def _cancelled(interview, hr):
    scheduling.interview_cancel(interview=interview, user=hr)


def _logged(interview, hr):
    Interview.objects.filter(pk=interview.pk).update(logged=True, starts_at=timezone.now() - datetime.timedelta(days=1))


def _under_way(interview, hr):
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))


def _past(interview, hr):
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "change, code",
    [(_cancelled, "cancelled"), (_logged, "past"), (_under_way, "past"), (_past, "past")],
    ids=["cancelled", "logged", "under-way", "past"],
)
def test_only_an_upcoming_scheduled_interview_can_be_asked_about(application, interview, hr, change, code):
    change(interview, hr)
    with pytest.raises(reschedule_requests.RescheduleRefused) as refused:
        _ask(application, interview)
    assert (refused.value.code, _recorded(interview)[0], StaffEmail.objects.count()) == (code, "", 0)


def _withdrawn(application):
    status.application_withdraw_by_candidate(application=application, reason=None, words="")


def _rejected(application):
    Application.objects.filter(pk=application.pk).update(stage=stages.REJECTED,
                                                         rejection_reason=RejectionReason.objects.first())


def _anonymised(application):
    Application.objects.filter(pk=application.pk).update(anonymised_at=timezone.now())


def _blind(application):
    # Masked: blind screening and never at the interview stage (an interview is then normally refused).
    Application.objects.filter(pk=application.pk).update(stage=stages.SCREENING)
    StageChange.objects.filter(application=application, to_stage=stages.INTERVIEW).update(to_stage=stages.SCREENING)
    type(application.position).objects.filter(pk=application.position_id).update(blind_screening=True)


@pytest.mark.parametrize("close", [_withdrawn, _rejected, _anonymised, _blind],
                         ids=["withdrawn", "rejected", "anonymised", "blind"])
def test_a_closed_anonymised_or_blind_application_cannot_ask(application, interview, close):
    close(application)
    application = Application.objects.get(pk=application.pk)
    with pytest.raises(reschedule_requests.RescheduleRefused) as refused:
        _ask(application, interview)
    assert (refused.value.code, reschedule_requests.may_ask(application), StaffEmail.objects.count()) == (
        "closed", False, 0)


def test_another_applications_interview_is_not_found(application, interview, interviewer):
    other = ApplicationFactory(position=application.position, stage=stages.INTERVIEW)
    with pytest.raises(Interview.DoesNotExist):
        _ask(other, interview)


def test_the_interview_itself_is_left_as_it_was(application, interview):
    before = Interview.objects.filter(pk=interview.pk).values("status", "starts_at", "sequence", "location").get()
    _ask(application, interview)
    after = Interview.objects.filter(pk=interview.pk).values("status", "starts_at", "sequence", "location").get()
    assert after == before


# ---------------------------------------------------------------------------
# Whom it tells, and what it says
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "language, subject, pieces",
    [
        ("en", "Chiara Bianchi asks for another interview time (Impiegato contabile)",
         ["Chiara Bianchi asks for another time for this interview: Competency interview, "
          "Monday 8 March 2027, 10:00. They wrote:",
          NOTE,
          "The interview stays as it is until you change it. Reschedule or cancel it on the candidate page: "]),
        ("it", "Chiara Bianchi chiede un altro orario per il colloquio (Impiegato contabile)",
         ["Chiara Bianchi chiede un altro orario per questo colloquio: Colloquio sulle competenze, "
          "lunedì 8 marzo 2027, 10:00. Ha scritto:",
          NOTE,
          "Il colloquio resta com'è finché non lo modifichi. Spostalo o annullalo dalla pagina del candidato: "]),
    ],
    ids=["english", "italian"],
)
def test_the_person_who_scheduled_it_gets_the_note_in_their_language(
    settings, application, interview, hr, language, subject, pieces, django_capture_on_commit_callbacks,
):
    profile = profile_for(hr)
    profile.language = language
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(application, interview)
    [message] = mail.outbox
    link = settings.SITE_URL + application.get_absolute_url()
    assert (message.to, message.subject) == ([hr.email], subject)
    assert [piece for piece in [*pieces, link] if piece not in message.body] == []
    assert message.body.index(pieces[0]) < message.body.index(NOTE) < message.body.index(pieces[2])


@pytest.mark.parametrize("maker_left", ["deactivated", "no-address"])
def test_the_active_hr_managers_are_told_when_the_scheduler_left(application, interview, hr, maker_left,
                                                                 django_capture_on_commit_callbacks):
    if maker_left == "deactivated":
        hr.is_active = False
    else:
        hr.email = ""
    hr.save()
    anna = UserFactory(username="anna", role="hr")
    UserFactory(username="piero", role="hr", is_active=False)
    UserFactory(username="luca", role="interviewer")
    bruno = UserFactory(username="bruno", role="hr")
    with django_capture_on_commit_callbacks(execute=True):
        _ask(application, interview)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, bruno.email])


# ---------------------------------------------------------------------------
# The candidate's pages
# ---------------------------------------------------------------------------
def test_status_page_offers_the_form_then_says_it_was_asked(client, application, interview):
    token = status.make_token(application.pk)
    before = _text(client.get(status.page_path(token)))
    _ask(application, interview)
    after = _text(client.get(status.page_path(token)))
    form_action = f'action="{_url(application, interview, token)}"'
    assert (form_action in before, "data-reschedule-asked" in before) == (True, False)
    assert (form_action in after, "You asked for another time; we will get back to you." in after) == (False, True)


def test_status_page_has_no_form_for_an_interview_under_way(client, application, interview):
    _under_way(interview, None)
    body = _text(client.get(status.page_path(status.make_token(application.pk))))
    assert ("data-interview" in body, "data-reschedule" in body) == (True, False)


@pytest.mark.parametrize(
    "language, message",
    [("en", "Tell us which days and times would suit you."), ("it", "Dicci quali giorni e orari ti andrebbero bene.")],
)
def test_a_blank_note_says_so_in_the_candidates_language(client, application, interview, language, message):
    application.candidate.language = language
    application.candidate.save()
    response = client.post(_url(application, interview), {"note": "   "})
    assert (response.status_code, message in _text(response), _recorded(interview)) == (200, True, ("", None, 0))


def test_a_too_long_note_is_shown_again_with_the_reason(client, application, interview):
    typed = "Mornings only, please. " * 50  # 1150 characters
    response = client.post(_url(application, interview), {"note": typed})
    body = _text(response)
    assert (response.status_code, "Please keep it to 1000 characters (it has 1149)." in body, typed.strip() in body,
            _recorded(interview)) == (200, True, True, ("", None, 0))


def test_an_empty_post_is_a_blank_note_not_an_error(client, application, interview):
    response = client.post(_url(application, interview))
    assert (response.status_code, "Tell us which days and times would suit you." in _text(response)) == (200, True)


def test_asking_twice_records_once_and_says_so(client, application, interview, django_capture_on_commit_callbacks):
    token = status.make_token(application.pk)  # signed with the time: one link for the whole test
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url(application, interview, token), {"note": NOTE}, follow=True)
        second = client.post(_url(application, interview, token), {"note": NOTE}, follow=True)
    assert "Thank you: we have your request and will get back to you." in _text(first)
    assert "You already asked; we will get back to you." in _text(second)
    assert (_recorded(interview), len(mail.outbox)) == ((NOTE, 0, 1), 1)
    assert first.redirect_chain == [(status.page_path(token), 302)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applications_interview_or_a_tampered_link_is_a_404_page(client, application, interview, method):
    other = ApplicationFactory(position=application.position, stage=stages.INTERVIEW)
    foreign = getattr(client, method)(_url(other, interview), {"note": NOTE} if method == "post" else None)
    tampered = getattr(client, method)(_url(application, interview, token=status.make_token(application.pk) + "x"),
                                       {"note": NOTE} if method == "post" else None)
    missing = getattr(client, method)(reverse("status:reschedule_request", kwargs={
        "token": status.make_token(application.pk), "pk": 2**31}))
    assert (foreign.status_code, tampered.status_code, missing.status_code, _recorded(interview)) == (
        404, 404, 404, ("", None, 0))


def test_a_cancelled_interview_sends_the_candidate_back_with_the_reason(client, application, interview, hr):
    _cancelled(interview, hr)
    response = client.post(_url(application, interview), {"note": NOTE}, follow=True)
    assert ("This interview was cancelled, so there is nothing to move." in _text(response),
            response.redirect_chain[-1][1], StaffEmail.objects.count()) == (True, 302, 0)


# ---------------------------------------------------------------------------
# HR's interviews panel
# ---------------------------------------------------------------------------
def _panel_line(client, application) -> str:
    body = _text(client.get(application.get_absolute_url()))
    start = body.find("data-reschedule-request")
    return "" if start < 0 else body[start:body.find("</div>", start)]


def test_hr_sees_the_pending_request_escaped_until_rescheduled(hr_client, application, interview, hr, interviewer):
    _ask(application, interview, now=datetime.datetime(2027, 3, 1, 9, 30, tzinfo=ROME))
    line = _panel_line(hr_client, application)
    assert ("Asked for another time on 01/03/2027 09:30:" in line,
            "Any afternoon &lt;b&gt;after&lt;/b&gt; 15:00" in line, "<b>" in line) == (True, True, False)
    scheduling.interview_reschedule(interview=interview, kind=interview.kind, starts_at=MON + datetime.timedelta(days=1),
                                    duration_minutes=60, location=interview.location, interviewers=[interviewer],
                                    user=hr)
    assert _panel_line(hr_client, application) == ""


def test_the_request_disappears_from_the_panel_once_cancelled(hr_client, application, interview, hr):
    _ask(application, interview)
    assert _panel_line(hr_client, application) != ""
    _cancelled(interview, hr)
    assert _panel_line(hr_client, application) == ""


def test_the_interviewer_does_not_see_the_candidates_request(interviewer_client, application, interview):
    _ask(application, interview)
    response = interviewer_client.get(application.get_absolute_url())
    assert (response.status_code, "data-reschedule-request" in _text(response), NOTE in _text(response)) == (
        200, False, False)


def test_anonymising_the_application_erases_the_candidates_note(application, interview):
    _ask(application, interview)
    other = StaffEmail.objects.create(key="unrelated", to="x@example.invalid", subject="s", body="kept",
                                      payload={"interview": interview.pk + 1000})
    assert NOTE.strip() in StaffEmail.objects.exclude(pk=other.pk).get().body
    privacy.application_anonymise(application)
    # The words copied into HR's e-mail go too; another e-mail is left alone.
    assert list(StaffEmail.objects.order_by("pk").values_list("body", flat=True)) == ["", "kept"]
    interview.refresh_from_db()
    # Nothing of the request is left: no words, and no "asked on …" line without them on HR's panel.
    assert (interview.reschedule_request_note, interview.reschedule_requested_at,
            interview.reschedule_request_sequence, interview.reschedule_request_pending) == ("", None, None, False)
