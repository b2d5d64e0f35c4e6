"""Applying on the public job page, with real files, as an anonymous candidate."""

import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Application, Candidate, CandidateEmail, Stage
from candidates.tests import files
from positions.models import ScreeningQuestion
from positions.tests.factories import OpenPositionFactory, PositionFactory


@pytest.fixture
def position(reference_data):
    position = OpenPositionFactory(title="Accounts payable clerk", skills=["Accounts payable", "SAP"])
    ScreeningQuestion.objects.create(position=position, text="Do you have a driving licence?", kind="yes_no", knockout="no")
    ScreeningQuestion.objects.create(position=position, text="Years with SAP?", kind="number", knockout="2", order=1)
    return position


def form_data(position, **overrides):
    skills = list(position.position_skills.values_list("skill_id", flat=True))
    questions = list(position.screening_questions.all())
    data = {
        "first_name": "Giulia",
        "last_name": "Bianchi",
        "email": "Giulia.Bianchi@Example.invalid ",
        "phone": "+39 333 1234567",
        "town": "Monza",
        "education_level": "2",
        "field_of_study": "Ragioneria",
        "years_experience": "4",
        "skills": [str(pk) for pk in skills],
        "other_skills": "TeamSystem",
        "cover_letter": "I have run supplier payments for four years.",
        "privacy": "on",
        "future_roles_consent": "on",
        "submission_token": str(uuid.uuid4()),
        "source": "linkedin",
        "resume": SimpleUploadedFile("Giulia CV.pdf", files.pdf(), content_type="application/pdf"),
    }
    # The usual two questions answered; a position with more leaves the rest to the test.
    for question, answer in zip(questions, ["yes", "3"], strict=False):
        data[f"question_{question.pk}"] = answer
    data.update(overrides)
    return data


def apply_url(position):
    return reverse("jobs:apply", kwargs={"slug": position.slug})


def test_the_form_shows_skills_questions_and_privacy_link(client, position):
    html = client.get(apply_url(position)).content.decode()
    assert "Do you have a driving licence?" in html and "Years with SAP?" in html
    assert "Accounts payable" in html and "SAP" in html
    assert reverse("privacy") in html
    assert 'name="website"' in html  # the honeypot


def test_applying_creates_one_candidate_one_application_and_a_confirmation(client, position, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(position), form_data(position), HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:applied", kwargs={"slug": position.slug})
    application = Application.objects.get()
    candidate = application.candidate
    assert candidate.email_normalized == "giulia.bianchi@example.invalid"
    assert candidate.language == "it"
    assert application.stage == Stage.APPLIED
    assert application.stage_changes.count() == 1
    assert application.source == "linkedin"
    assert application.future_roles_consent is True
    assert application.privacy_notice_version == "2026-11"
    assert application.declared_skills.count() == 2
    assert application.meets_requirements is True
    assert application.resume_text_status == Application.TextStatus.EXTRACTED
    assert "Contabilità fornitori" in application.resume_text
    assert application.resume_name == "Giulia CV.pdf"
    with pytest.raises(ValueError, match="no public URL"):
        application.resume.url  # noqa: B018
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Giulia.Bianchi@Example.invalid"]
    assert mail.outbox[0].subject == "Abbiamo ricevuto la tua candidatura per Accounts payable clerk"
    assert CandidateEmail.objects.get().status == CandidateEmail.Status.SENT
    thanks = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Giulia.Bianchi@Example.invalid" in thanks


def test_knockout_answer_and_missing_skill_flag_but_do_not_reject(client, position):
    questions = list(position.screening_questions.all())
    data = form_data(position, skills=[], **{f"question_{questions[0].pk}": "no"})
    client.post(apply_url(position), data)
    application = Application.objects.get()
    assert application.meets_requirements is False
    assert application.stage == Stage.APPLIED
    assert application.answers.get(question=questions[0]).is_knockout


def test_double_submit_creates_exactly_one_application(client, position):
    data = form_data(position)
    token = data["submission_token"]
    first = client.post(apply_url(position), data)
    second = client.post(apply_url(position), form_data(position, submission_token=token))
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1


def test_applying_again_says_already_applied(client, position):
    client.post(apply_url(position), form_data(position))
    response = client.post(apply_url(position), form_data(position, email="giulia.bianchi@example.invalid"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jobs:already_applied", kwargs={"slug": position.slug})
    assert "You have already applied for this position" in response.content.decode()
    assert Application.objects.count() == 1 and Candidate.objects.count() == 1


def test_the_same_person_applying_elsewhere_is_one_candidate(client, position):
    other = OpenPositionFactory(title="Bookkeeper")
    client.post(apply_url(position), form_data(position))
    client.post(apply_url(other), form_data(other, email="GIULIA.bianchi@example.invalid", phone="+39 02 999"))
    candidate = Candidate.objects.get()
    assert candidate.applications.count() == 2
    assert candidate.phone == "+39 02 999"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("cv.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "not a PDF"),
        ("cv.pdf", b"", "The submitted file is empty."),
        ("cv.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 10), "limit is 5.0"),
        ("cv.pdf", files.broken_pdf(), "seems damaged"),
        ("cv.pdf", files.HTML, "web page"),
        ("cv.html", files.HTML, "web page"),
        ("cv.pdf", files.encrypted_pdf(), "password-protected"),
        ("cv.docx", files.EXE, "program"),
    ],
    ids=["wrong-type", "empty", "too-large", "broken", "html-as-pdf", "html", "encrypted", "exe"],
)
def test_refused_uploads_save_nothing_and_keep_what_was_typed(client, position, name, data, message):
    response = client.post(apply_url(position), form_data(position, resume=SimpleUploadedFile(name, data)))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Your application has not been sent yet" in html
    assert 'value="Giulia"' in html and "I have run supplier payments" in html
    assert Application.objects.count() == 0 and Candidate.objects.count() == 0


def test_a_good_resume_is_kept_when_another_field_is_wrong(client, position):
    response = client.post(apply_url(position), form_data(position, email="not-an-email"))
    html = response.content.decode()
    assert "We kept your résumé “Giulia CV.pdf”" in html
    token = response.context["form"].data["resume_token"]
    assert token
    data = form_data(position, resume_token=token)
    del data["resume"]
    response = client.post(apply_url(position), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume_name == "Giulia CV.pdf"
    with application.resume.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")


def test_a_forged_resume_token_is_ignored(client, position):
    data = form_data(position, resume_token="forged:token")
    del data["resume"]
    response = client.post(apply_url(position), data)
    assert "Attach your résumé." in response.content.decode()
    assert Application.objects.count() == 0


def test_honeypot_pretends_success_and_saves_nothing(client, position):
    response = client.post(apply_url(position), form_data(position, website="http://spam.example"))
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert Application.objects.count() == 0


def test_rate_limit_answers_with_a_clear_message(client, position, settings):
    settings.APPLY_RATE_LIMIT = 2
    settings.APPLY_RATE_ADDRESS_LIMIT = 2
    for _ in range(5):  # correcting mistakes does not count
        assert client.post(apply_url(position), form_data(position, email="bad")).status_code == 200
    for n in range(2):
        client.post(apply_url(position), form_data(position, email=f"person{n}@example.invalid"))
    response = client.post(apply_url(position), form_data(position))
    assert response.status_code == 429
    assert "Please wait 10 minutes" in response.content.decode()
    assert 'value="Giulia"' in response.content.decode()
    assert Application.objects.count() == 2


def test_closed_and_draft_positions(client, reference_data):
    closed = OpenPositionFactory(status="closed")
    draft = PositionFactory()
    assert "no longer takes applications" in client.get(apply_url(closed)).content.decode()
    assert client.post(apply_url(closed), {}).status_code == 200
    assert client.get(apply_url(draft)).status_code == 404
    assert Application.objects.count() == 0


def test_the_form_in_italian(client, position):
    html = client.get(apply_url(position), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Invia la mia candidatura" in html
    assert "Titolo di studio più alto conseguito" in html


def test_tampered_skill_ids_and_malformed_posts_do_not_500(client, position):
    response = client.post(apply_url(position), form_data(position, skills=["999999", "abc"]))
    assert response.status_code == 200
    response = client.post(apply_url(position), {"submission_token": "nope", "education_level": "99"})
    assert response.status_code == 200
    assert Application.objects.count() == 0


def test_privacy_notice_page(client, db):
    html = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Informativa sulla privacy per i candidati" in html


@pytest.mark.parametrize(
    "name, data, text",
    [("CV Luca.docx", files.docx(), "Accounts payable clerk, 4 years"), ("CV Anna.odt", files.odt(), "Archivio e protocollo")],
    ids=["docx", "odt"],
)
def test_word_and_opendocument_resumes_are_accepted_and_read(
    client, position, name, data, text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(position), form_data(position, resume=SimpleUploadedFile(name, data)))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume_name == name
    assert text in application.resume_text


def test_resume_uploads_past_the_limit_are_not_opened_and_the_form_keeps_what_was_typed(
    client, position, settings, monkeypatch
):
    from candidates import resume

    settings.RESUME_CHECK_RATE_LIMIT = 3
    opened = []
    real_identify = resume.identify
    monkeypatch.setattr(resume, "identify", lambda *a, **k: opened.append(1) or real_identify(*a, **k))
    statuses = [
        client.post(apply_url(position), form_data(position, email="bad")).status_code  # a file, another error
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert len(opened) == 3
    response = client.post(apply_url(position), form_data(position, email="bad"))
    page = response.content.decode()
    assert "You have sent many résumés in a short time. Please wait 10 minutes" in page
    assert 'value="Giulia"' in page
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("addresses", "statuses"),
    [
        (["2001:db8:1:1::1", "2001:db8:1:1::2", "2001:db8:1:1::3"], [200, 429, 429]),  # one /64
        (["2001:db8:1:1::1", "2001:db8:1:2::1", "2001:db8:1:3::1"], [200, 200, 200]),  # three /64s
        (["192.0.2.1", "192.0.2.1", "192.0.2.2"], [200, 429, 200]),
    ],
)
def test_resume_uploads_count_per_ipv4_address_or_ipv6_64(client, position, settings, addresses, statuses):
    settings.RESUME_CHECK_RATE_LIMIT = 1
    assert [
        client.post(apply_url(position), form_data(position, email="bad"), REMOTE_ADDR=address).status_code
        for address in addresses
    ] == statuses
