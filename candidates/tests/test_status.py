"""The candidate's status page: the signed link, the plain-words stage, withdrawing, updating, data and erasure."""

import datetime
import io
import json
import re
import time
import zipfile
from html import escape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates import emails, privacy, services, status
from candidates.models import (
    Application,
    CandidateEmail,
    ErasureRequest,
    RejectionReason,
    Stage,
    StageChange,
    private_storage,
)
from candidates.tests import files
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory

pytestmark = pytest.mark.django_db
THIRTY_DAYS = 30 * 24 * 3600


@pytest.fixture
def application(reference_data):
    position = OpenPositionFactory(title="Impiegato contabile")
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid",
                                 phone="+39 02 1234 5678", language="en")
    return ApplicationFactory(position=position, candidate=candidate)


def _page(application) -> str:
    return status.page_path(status.make_token(application.pk))


def _url(name, application, **kwargs) -> str:
    return reverse(f"status:{name}", kwargs={"token": status.make_token(application.pk), **kwargs})


def _text(response) -> str:
    return response.content.decode()


def _reason(name_en) -> RejectionReason:
    return RejectionReason.objects.get(kind=RejectionReason.Kind.THEY_WITHDREW, name_en=name_en)


# ---------------------------------------------------------------------------
# The link
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("seconds_later", "valid"), [(THIRTY_DAYS, True), (THIRTY_DAYS + 1, False)],
                         ids=["exactly-30-days", "one-second-more"])
def test_link_expiry_boundary(application, monkeypatch, seconds_later, valid):
    start = float(int(time.time()))  # signatures carry whole seconds
    monkeypatch.setattr("django.core.signing.time.time", lambda: start)
    token = status.make_token(application.pk)
    monkeypatch.setattr("django.core.signing.time.time", lambda: start + seconds_later)
    if valid:
        assert status.application_from_token(token).pk == application.pk
    else:
        with pytest.raises(status.LinkProblem) as caught:
            status.application_from_token(token)
        assert caught.value.code == "expired"


def test_link_max_age_follows_the_setting(application, monkeypatch, settings):
    settings.STATUS_LINK_MAX_AGE_DAYS = 2
    start = float(int(time.time()))
    monkeypatch.setattr("django.core.signing.time.time", lambda: start)
    token = status.make_token(application.pk)
    monkeypatch.setattr("django.core.signing.time.time", lambda: start + 2 * 24 * 3600 + 1)
    with pytest.raises(status.LinkProblem):
        status.application_from_token(token)


@pytest.mark.parametrize(
    ("mangle", "code", "problem"),
    [
        (lambda token, pk: token[:-2] + ("xx" if not token.endswith("xx") else "yy"), 404, "invalid"),
        (lambda token, pk: "nonsense", 404, "invalid"),
        (lambda token, pk: token + "%00", 404, "invalid"),
        # A link signed for another page (the offer's salt) opens nothing here.
        (lambda token, pk: __import__("candidates.offers").offers.make_token(pk), 404, "invalid"),
        (lambda token, pk: status.make_token(999999), 404, "invalid"),
    ],
    ids=["tampered-signature", "not-a-token", "extra-bytes", "other-pages-salt", "no-such-application"],
)
def test_tampered_link_gives_a_clear_page_with_the_new_link_form(client, application, mangle, code, problem):
    response = client.get(f"/status/{mangle(status.make_token(application.pk), application.pk)}/")
    body = _text(response)
    assert (response.status_code, f'data-link-problem="{problem}"' in body, 'name="email"' in body) == (code, True, True)


@pytest.mark.parametrize(("language", "title"), [("en", "This link has expired"), ("it", "Questo link è scaduto")],
                         ids=["english", "italian"])
def test_expired_link_gives_a_clear_page_in_the_visitors_language(client, application, monkeypatch, language, title):
    token = status.make_token(application.pk)
    later = time.time() + THIRTY_DAYS + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(status.page_path(token), HTTP_ACCEPT_LANGUAGE=language)
    assert (response.status_code, 'data-link-problem="expired"' in _text(response), title in _text(response)) == (
        410, True, True)


# ---------------------------------------------------------------------------
# What the page says
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stage", "code", "text"),
    [
        (Stage.APPLIED, "received", "We have received your application and will read it soon."),
        (Stage.SCREENING, "reading", "We are reading your application."),
        (Stage.INTERVIEW, "interview", "You are invited to an interview."),
        (Stage.OFFER, "offer", "We have made you an offer."),
        (Stage.HIRED, "hired", "You have accepted our offer. Welcome aboard!"),
    ],
    ids=["applied", "screening", "interview", "offer", "hired"],
)
def test_page_says_the_stage_in_plain_words(client, reference_data, stage, code, text):
    application = ApplicationFactory(stage=stage, candidate=CandidateFactory(language="en"))
    response = client.get(_page(application))
    assert (response.status_code, f'data-standing="{code}"' in _text(response), text in _text(response)) == (
        200, True, True)


@pytest.mark.parametrize(("someone_hired", "code", "text"), [
    (False, "unsuccessful", "Your application was not successful."),
    (True, "filled", "The position has been filled by another candidate."),
], ids=["rejected", "rejected-position-filled"])
def test_rejection_says_no_reason_and_no_note(client, application, hr, someone_hired, code, text):
    if someone_hired:
        ApplicationFactory(position=application.position, stage=Stage.HIRED)
    reason = RejectionReason.objects.filter(kind=RejectionReason.Kind.WE_REJECTED).first()
    services.application_reject(application=application, reason=reason, user=hr, note="Weak Excel, said Marco")
    body = _text(client.get(_page(application)))
    assert (f'data-standing="{code}"' in body, text in body) == (True, True)
    assert (reason.name_en in body, "Weak Excel" in body, "Withdraw my application" in body) == (False, False, False)


def test_page_names_the_position_and_the_applied_date(client, application):
    Application.objects.filter(pk=application.pk).update(
        applied_at=datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC))
    body = _text(client.get(_page(application)))
    assert ("Your application for Impiegato contabile" in body, "you applied on 3 November 2026." in body) == (True, True)


def test_page_is_in_the_candidates_language(client, application):
    application.candidate.language = "it"
    application.candidate.save()
    response = client.get(_page(application), HTTP_ACCEPT_LANGUAGE="en")
    assert (response["Content-Language"], '<html lang="it">' in _text(response)) == ("it", True)
    assert "Abbiamo ricevuto la tua candidatura e la leggeremo presto." in _text(response)


def test_language_switch_overrides_the_candidates_language(client, application):
    application.candidate.language = "it"
    application.candidate.save()
    client.post(reverse("set_language"), {"language": "en", "next": _page(application)})
    response = client.get(_page(application))
    assert (response["Content-Language"], "We have received your application" in _text(response)) == ("en", True)


def test_anonymised_application_says_only_that_the_data_is_erased(client, application):
    token = status.make_token(application.pk)
    privacy.application_anonymise(application)
    response = client.get(status.page_path(token))
    body = _text(response)
    assert (response.status_code, 'data-standing="erased"' in body) == (200, True)
    assert ("Impiegato contabile" in body, "Withdraw" in body, "Download my data" in body) == (False, False, False)
    assert client.post(reverse("status:data", kwargs={"token": token})).status_code == 302


def test_candidate_text_is_escaped(client, reference_data):
    position = OpenPositionFactory(title='Clerk <img src=x onerror="alert(1)">')
    candidate = CandidateFactory(first_name="<script>alert('x')</script>", language="en")
    application = ApplicationFactory(position=position, candidate=candidate)
    body = _text(client.get(_page(application)))
    assert ("<script>alert('x')</script>" in body, '<img src=x onerror="alert(1)">' in body) == (False, False)
    assert (escape("<script>alert('x')</script>") in body, escape('<img src=x onerror="alert(1)">') in body) == (
        True, True)


# ---------------------------------------------------------------------------
# Interviews
# ---------------------------------------------------------------------------
def test_upcoming_interview_is_listed_with_its_ics(client, application, hr, interviewer, django_capture_on_commit_callbacks):
    services.application_move(application=application, to_stage=Stage.INTERVIEW, user=hr)
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(interviewers=[interviewer], application=application, hr=hr,
                             starts_at=timezone.now() + datetime.timedelta(days=3))
    token = status.make_token(application.pk)  # one token for the page and the link it shows (signed to the second)
    body = _text(client.get(status.page_path(token)))
    ics_url = reverse("status:interview_ics", kwargs={"token": token, "pk": interview.pk})
    assert ("Sala riunioni 2, via Roma 1, Milano" in body, ics_url in body, "Marco" in body) == (True, True, False)
    response = client.get(ics_url)
    ics = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert ("BEGIN:VCALENDAR" in ics, f"UID:{interview.uid}@" in ics, "METHOD:PUBLISH" in ics,
            "SEQUENCE:0" in ics, "marco" in ics.lower()) == (True, True, True, True, False)


def test_past_cancelled_or_someone_elses_interview_gives_no_ics(client, application, hr, interviewer,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        past = schedule(interviewers=[interviewer], application=application, hr=hr,
                        starts_in=-datetime.timedelta(days=1))
        other = schedule(interviewers=[interviewer], hr=hr, starts_in=datetime.timedelta(days=2))
    assert [client.get(_url("interview_ics", application, pk=pk)).status_code for pk in (past.pk, other.pk)] == [404, 404]


@pytest.mark.parametrize("count", [2, 10], ids=["2-interviews", "10-interviews"])
def test_page_costs_the_same_queries_at_2_and_10_interviews(client, application, hr, interviewer, count,
                                                            django_assert_num_queries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(count):
            schedule(interviewers=[interviewer], application=application, hr=hr,
                     starts_at=timezone.now() + datetime.timedelta(days=day + 1, hours=2))
    url = _page(application)
    # The application with its person and position, the interviews, the open offer of times, the assessment (no
    # session for a first visit).
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------
# Withdrawing
# ---------------------------------------------------------------------------
def test_withdraw_asks_then_confirms_and_hr_sees_it(client, hr_client, application):
    url = _url("withdraw", application)
    reason = _reason("Accepted another offer")
    step = client.post(url, {"reason": reason.pk, "words": "I start elsewhere on Monday"})
    application.refresh_from_db()
    assert (step.status_code, 'data-withdraw-step="confirm"' in _text(step), application.stage) == (200, True, "applied")
    done = client.post(url, {"reason": reason.pk, "words": "I start elsewhere on Monday", "confirm": "yes"})
    application.refresh_from_db()
    change = StageChange.objects.filter(application=application).last()
    assert (done.status_code, done["Location"], application.stage, application.rejection_reason) == (
        302, _page(application), "withdrawn", reason)
    assert (change.from_stage, change.to_stage, change.changed_by, change.rejection_reason, change.note) == (
        "applied", "withdrawn", None, reason,
        "Withdrawn by the candidate on their status page.\nIn their words: I start elsewhere on Monday")
    assert CandidateEmail.objects.filter(application=application).count() == 0
    hr_page = _text(hr_client.get(application.get_absolute_url()))
    assert "Withdrawn by the candidate on their status page." in hr_page


def test_withdraw_without_a_reason_records_no_longer_interested(client, application):
    client.post(_url("withdraw", application), {"reason": "", "words": "", "confirm": "yes"})
    change = StageChange.objects.filter(application=application).last()
    assert (change.to_stage, change.rejection_reason.name_en, change.note) == (
        "withdrawn", "No longer interested", "Withdrawn by the candidate on their status page. They gave no reason.")


def test_withdraw_offers_the_candidates_reasons_only(client, application):
    body = _text(client.get(_url("withdraw", application)))
    assert ("Accepted another offer" in body, "Did not reply" in body, "Skills do not match" in body) == (
        True, False, False)


def test_withdraw_refuses_a_reason_of_ours(client, application):
    ours = RejectionReason.objects.filter(kind=RejectionReason.Kind.WE_REJECTED).first()
    response = client.post(_url("withdraw", application), {"reason": ours.pk, "confirm": "yes"})
    application.refresh_from_db()
    assert (response.status_code, application.stage, 'data-withdraw-step="reason"' in _text(response)) == (
        200, "applied", True)


def test_withdraw_double_submit_records_one_change(client, application):
    url = _url("withdraw", application)
    answers = [client.post(url, {"reason": "", "confirm": "yes"}).status_code for _ in range(2)]
    assert (answers, StageChange.objects.filter(application=application, to_stage="withdrawn").count()) == ([302, 302], 1)


@pytest.mark.parametrize("stage", [Stage.HIRED, Stage.REJECTED], ids=["hired", "rejected"])
def test_withdraw_is_not_offered_once_decided(client, reference_data, stage):
    application = ApplicationFactory(stage=stage, candidate=CandidateFactory(language="en"),
                                     rejection_reason=RejectionReason.objects.filter(kind="we_rejected").first()
                                     if stage == Stage.REJECTED else None)
    response = client.post(_url("withdraw", application), {"reason": "", "confirm": "yes"})
    application.refresh_from_db()
    assert (response.status_code, application.stage, "Withdraw my application" in _text(client.get(_page(application)))
            ) == (302, stage, False)


# ---------------------------------------------------------------------------
# Phone and résumé, while at "applied"
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "saved", "error"),
    [
        ("+39 333 123 4567", "+39 333 123 4567", False),
        ("  02   1234 5678 ", "02 1234 5678", False),
        ("", "", False),
        ("call me maybe", "+39 02 1234 5678", True),
        ("12345", "+39 02 1234 5678", True),
        ("+39 1234567890123456", "+39 02 1234 5678", True),
        ("<b>333</b>", "+39 02 1234 5678", True),
    ],
    ids=["mobile", "spaces-tidied", "removed", "words", "five-digits", "sixteen-digits", "markup"],
)
def test_phone_update(client, application, typed, saved, error):
    response = client.post(_url("update", application), {"what": "phone", "phone": typed})
    application.candidate.refresh_from_db()
    assert (response.status_code, application.candidate.phone) == ((200 if error else 302), saved)
    if error:
        body = _text(response)
        assert ("Enter a phone number with 6 to 15 digits" in body, f'value="{escape(typed.strip())}"' in body) == (
            True, True)


def test_phone_cannot_change_once_reviewed(client, application, hr):
    services.application_move(application=application, to_stage=Stage.SCREENING, user=hr)
    response = client.post(_url("update", application), {"what": "phone", "phone": "+39 333 000 0000"}, follow=True)
    application.candidate.refresh_from_db()
    assert (application.candidate.phone, "can no longer be changed here" in _text(response)) == ("+39 02 1234 5678", True)
    assert "Save my phone number" not in _text(response)


@pytest.mark.parametrize(
    ("name", "data", "extension", "text"),
    [("nuovo-cv.pdf", files.pdf(["Chiara Bianchi", "Riconciliazioni bancarie"]), ".pdf", "Riconciliazioni bancarie"),
     ("new-cv.docx", files.docx(["Chiara Bianchi", "Accounts payable, 6 years"]), ".docx", "Accounts payable, 6 years")],
    ids=["pdf", "docx"],
)
def test_resume_is_replaced_and_read_again(client, application, django_capture_on_commit_callbacks, name, data,
                                           extension, text):
    old = application.resume.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("update", application),
                               {"what": "resume", "resume": SimpleUploadedFile(name, data)})
    application.refresh_from_db()
    assert (response.status_code, application.resume_name, application.resume.name.endswith(extension)) == (
        302, name, True)
    assert (private_storage.exists(old), private_storage.exists(application.resume.name)) == (False, True)
    assert (application.resume_text_status, text in application.resume_text) == ("extracted", True)


@pytest.mark.parametrize(
    ("data", "message"),
    [(files.HTML, "This file is a web page or markup, not a résumé."),
     (files.EXE, "This file is a program, not a résumé."),
     (files.encrypted_pdf(), "The PDF is password-protected."),
     (b"", "The submitted file is empty.")],
    ids=["html", "program", "encrypted-pdf", "empty"],
)
def test_hostile_resume_is_refused_with_the_apply_forms_message(client, application, data, message):
    old = application.resume.name
    response = client.post(_url("update", application), {"what": "resume", "resume": SimpleUploadedFile("cv.pdf", data)})
    application.refresh_from_db()
    assert (response.status_code, message in _text(response), application.resume.name) == (200, True, old)


def test_resume_cannot_change_once_reviewed(client, application, hr):
    services.application_move(application=application, to_stage=Stage.SCREENING, user=hr)
    old = application.resume.name
    response = client.post(_url("update", application), {"what": "resume", "resume": SimpleUploadedFile("x.pdf", files.pdf())})
    application.refresh_from_db()
    assert (response.status_code, application.resume.name) == (302, old)


# ---------------------------------------------------------------------------
# Their data
# ---------------------------------------------------------------------------
def test_download_is_the_persons_export_and_nobody_elses(client, application, reference_data):
    ApplicationFactory(candidate=CandidateFactory(email="someone.else@example.invalid"))
    response = client.post(_url("data", application))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert (response.status_code, response["Content-Type"], data["candidate"]["email"]) == (
        200, "application/zip", "chiara@example.invalid")
    assert ([a["position"] for a in data["applications"]], "someone.else" in archive.read("data.json").decode()) == (
        ["Impiegato contabile"], False)
    assert client.get(_url("data", application)).status_code == 405


# ---------------------------------------------------------------------------
# Erasure
# ---------------------------------------------------------------------------
def _confirmation_link(application) -> str:
    email = CandidateEmail.objects.get(application=application, kind="erasure")
    emails.deliver(email.pk)
    [message] = [m for m in mail.outbox if m.to == ["chiara@example.invalid"]]
    return next(word for word in message.body.split() if "/status/erasure/" in word).split("8000", 1)[1]


def test_erasure_is_asked_confirmed_by_email_and_shown_to_hr(client, hr_client, application,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(_url("erasure", application))
        client.post(_url("erasure", application))  # a double click: one e-mail
    assert (response.status_code, CandidateEmail.objects.filter(kind="erasure").count(), ErasureRequest.objects.count()
            ) == (302, 1, 0)
    link = _confirmation_link(application)
    shown = client.get(link)  # a mail scanner opening the link confirms nothing
    assert ('data-erasure="ask"' in _text(shown), ErasureRequest.objects.count()) == (True, 0)
    before = timezone.now()
    confirmed = client.post(link, {"confirm": "yes"})
    client.post(link, {"confirm": "yes"})
    request = ErasureRequest.objects.get()
    assert (confirmed.status_code, 'data-erasure="received"' in _text(confirmed), ErasureRequest.objects.count()) == (
        200, True, 1)
    assert before <= request.confirmed_at and request.requested_at <= request.confirmed_at
    assert request.deadline - request.confirmed_at == datetime.timedelta(days=30)
    overview = _text(hr_client.get(reverse("staff:privacy")))
    assert (f'data-erasure-request="{request.pk}"' in overview, 'data-days-left="30"' in overview,
            "Chiara Bianchi" in overview) == (True, True, True)
    # HR erases the person with the existing action: the request closes and leaves the list.
    from candidates import blind

    hr_client.post(blind.privacy_page_url(application.candidate_id), {"action": "erase", "confirm": "yes"})
    request.refresh_from_db()
    assert (request.completed_at is not None,
            f'data-erasure-request="{request.pk}"' in _text(hr_client.get(reverse("staff:privacy")))) == (True, False)
    assert 'data-erasure="erased"' in _text(client.get(link))


def test_erasure_confirmation_link_is_signed(client, application):
    token = status.erasure_token(application.pk, requested_at=timezone.now())
    response = client.get(reverse("status:confirm_erasure", kwargs={"token": token[:-3] + "abc"}))
    assert (response.status_code, ErasureRequest.objects.count()) == (404, 0)
    # The status page's own token is no erasure confirmation.
    assert client.post(reverse("status:confirm_erasure", kwargs={"token": status.make_token(application.pk)}),
                       {"confirm": "yes"}).status_code == 404


@pytest.mark.parametrize(
    ("today", "left"),
    [(datetime.date(2026, 11, 2), 30), (datetime.date(2026, 12, 1), 1), (datetime.date(2026, 12, 2), 0),
     (datetime.date(2026, 12, 5), -3)],
    ids=["on-receipt", "day-before", "due-today", "three-days-late"],
)
def test_deadline_is_one_month_from_confirmation_and_days_left(today, left):
    confirmed = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
    deadline = status.erasure_deadline(confirmed)
    assert (deadline, status.days_left(deadline, today=today)) == (
        datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC), left)


@pytest.mark.parametrize("count", [2, 10], ids=["2-requests", "10-requests"])
def test_privacy_overview_costs_the_same_queries_at_2_and_10_requests(hr_client, reference_data, count,
                                                                    django_assert_num_queries):
    now = timezone.now()
    for day in range(count):
        application = ApplicationFactory()
        confirmed = now - datetime.timedelta(days=day)
        ErasureRequest.objects.create(candidate=application.candidate, requested_at=confirmed, confirmed_at=confirmed,
                                      deadline=status.erasure_deadline(confirmed))
    hr_client.get(reverse("staff:privacy"))
    with django_assert_num_queries(8):
        body = _text(hr_client.get(reverse("staff:privacy")))
    assert body.count("data-erasure-request=") == count


def test_erasure_requests_are_sorted_by_deadline(hr_client, reference_data):
    now = timezone.now()
    pks = []
    for days_ago in (3, 10, 1):
        application = ApplicationFactory()
        confirmed = now - datetime.timedelta(days=days_ago)
        pks.append(ErasureRequest.objects.create(
            candidate=application.candidate, requested_at=confirmed, confirmed_at=confirmed,
            deadline=status.erasure_deadline(confirmed)).pk)
    body = _text(hr_client.get(reverse("staff:privacy")))
    positions = [body.index(f'data-erasure-request="{pk}"') for pk in (pks[1], pks[0], pks[2])]
    assert positions == sorted(positions)
    assert [f'data-days-left="{d}"' in body for d in (20, 27, 29)] == [True, True, True]


def test_interviewer_does_not_see_the_overview(client, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("staff:privacy")).status_code == 404


# ---------------------------------------------------------------------------
# A fresh link by e-mail address
# ---------------------------------------------------------------------------
SAME_ANSWER = "If we have an application from this address, we have sent a new link."


def test_fresh_links_same_answer_and_an_email_only_for_an_address_that_applied(client, application,
                                                                               django_capture_on_commit_callbacks):
    second = ApplicationFactory(candidate=application.candidate, position=OpenPositionFactory(title="Archivista"))
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("Chiara@Example.invalid", "nobody@example.invalid"):
            response = client.post(reverse("status:new_link"), {"email": address})
            page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", _text(client.get(response["Location"])))
            answers.append((response.status_code, response["Location"], page))
    assert answers[0] == answers[1]
    assert (answers[0][:2], SAME_ANSWER in answers[0][2]) == ((302, "/status/new-link/?sent=1"), True)
    [message] = mail.outbox
    links = [word for word in message.body.split() if "/status/" in word]
    assert (message.to, message.subject, len(links)) == (
        ["chiara@example.invalid"], "Your links to follow your applications", 2)
    opened = {status.application_from_token(link.rstrip("/").rsplit("/", 1)[1]).pk for link in links}
    assert opened == {application.pk, second.pk}


def test_fresh_link_requests_are_limited_per_address_and_email(client, application, django_capture_on_commit_callbacks):
    codes = {}
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("chiara@example.invalid", "nobody@example.invalid"):
            codes[address] = [client.post(reverse("status:new_link"), {"email": address}).status_code for _ in range(4)]
    assert codes == {"chiara@example.invalid": [302, 302, 302, 429], "nobody@example.invalid": [302, 302, 302, 429]}
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("typed", ["", "not-an-address", "a@b"], ids=["empty", "no-at", "no-domain-dot"])
def test_fresh_link_form_refuses_a_bad_address_and_keeps_it(client, typed):
    response = client.post(reverse("status:new_link"), {"email": typed})
    assert (response.status_code, f'value="{typed}"' in _text(response) if typed else True, len(mail.outbox)) == (
        200, True, 0)


# ---------------------------------------------------------------------------
# Every candidate e-mail carries the link
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("language", "line"), [
    ("en", "Follow your application, or withdraw it, here (the link is valid for 30 days): "),
    ("it", "Segui la tua candidatura, o ritirala, qui (il link è valido 30 giorni): "),
], ids=["english", "italian"])
def test_confirmation_email_ends_with_the_status_link(reference_data, language, line,
                                                      django_capture_on_commit_callbacks):
    position = OpenPositionFactory(title="Impiegato contabile")
    with django_capture_on_commit_callbacks(execute=True):
        application, _created = services.application_submit(
            position=position, data=services.ApplicationData(first_name="Chiara", last_name="Bianchi",
                                                             email="chiara@example.invalid", education_level=2,
                                                             years_experience=3),
            resume=services.ResumeUpload(name="cv.pdf", data=files.pdf(), kind="pdf"), language=language,
            token=__import__("uuid").uuid4())
    [message] = [m for m in mail.outbox if m.to == ["chiara@example.invalid"]]
    last = message.body.rstrip().splitlines()[-1]
    assert last.startswith(line)
    token = last[len(line):].rstrip("/").rsplit("/", 1)[1]
    assert status.application_from_token(token).pk == application.pk
    assert CandidateEmail.objects.get().body in message.body  # the recorded text, then the line


def test_status_link_function_gives_the_full_address(application, settings):
    settings.SITE_URL = "https://jobs.example.invalid"
    link = status.status_link(application)
    assert link.startswith("https://jobs.example.invalid/status/")
    assert status.application_from_token(link.rstrip("/").rsplit("/", 1)[1]).pk == application.pk


def test_pages_answer_bad_methods_and_never_fail(application):
    client = Client(raise_request_exception=False)
    token = status.make_token(application.pk)
    answers = [
        client.get(reverse("status:update", kwargs={"token": token})).status_code,
        client.post(reverse("status:update", kwargs={"token": token}), {"what": "resume"}).status_code,
        client.post(reverse("status:withdraw", kwargs={"token": token}), {"reason": "x"}).status_code,
        client.post(reverse("status:withdraw", kwargs={"token": token}), {"reason": "99999", "confirm": "yes"}).status_code,
        client.get(f"/status/{token}/interviews/99999999999999999999.ics").status_code,
    ]
    assert answers == [405, 200, 200, 200, 404]
