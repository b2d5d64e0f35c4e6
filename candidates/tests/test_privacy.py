"""Retention, export, erasure and the résumé access log."""

import datetime
import io
import json
import os
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates import blind, privacy
from candidates.models import Application, Candidate, ErasureRecord, ResumeAccess
from candidates.tests.factories import ApplicationFactory, CandidateFactory

D = datetime.timedelta(days=1)


@pytest.fixture
def old(reference_data):
    """Two applications whose last activity was 13 months ago, one with consent to future roles."""
    plain = ApplicationFactory(candidate=CandidateFactory(first_name="Mara", email="mara@example.invalid"),
                               cover_letter="Mi chiamo Mara", future_roles_consent=False)
    consent = ApplicationFactory(candidate=CandidateFactory(first_name="Ugo", email="ugo@example.invalid"),
                                 future_roles_consent=True)
    plain.notes.create(body="Called Mara on her mobile")
    thirteen_months_ago = timezone.now() - 396 * D
    Application.objects.filter(pk__in=[plain.pk, consent.pk]).update(last_activity_at=thirteen_months_ago)
    plain.refresh_from_db()
    consent.refresh_from_db()
    return plain, consent


def test_retention_before_and_after_expiry_with_and_without_consent(old):
    plain, consent = old
    now = timezone.now()
    assert set(privacy.expired(now=now - 40 * D)) == set()  # before the 12 months were up
    assert set(privacy.expired(now=now)) == {plain}  # 12 months without consent: expired
    assert set(privacy.expiring(now=now - 40 * D, days=30)) == {plain}  # HR sees it coming
    assert privacy.anonymise_expired(now=now) == 1
    assert privacy.anonymise_expired(now=now) == 0  # idempotent
    assert set(privacy.expired(now=now + 365 * D)) == {consent}  # 24 months with consent


def test_anonymising_removes_personal_data_and_files_but_keeps_the_figures(old, django_capture_on_commit_callbacks):
    plain, _consent = old
    path = plain.resume.path
    stage, source, education = plain.stage, plain.source, plain.education_level
    with django_capture_on_commit_callbacks(execute=True):
        privacy.anonymise_expired(now=timezone.now())
        assert os.path.exists(path)  # until the transaction commits, the row may still need it
    plain.refresh_from_db()

    assert not os.path.exists(path)  # the file is really gone from storage
    assert plain.resume_text == "" and plain.cover_letter == "" and plain.notes.count() == 0
    assert plain.anonymised_at is not None
    assert (plain.stage, plain.source, plain.education_level) == (stage, source, education)
    candidate = Candidate.objects.get(pk=plain.candidate_id)
    assert candidate.first_name == Candidate.ANONYMOUS and "mara" not in candidate.email
    record = ErasureRecord.objects.get()
    assert record.reason == "retention" and record.applications == 1


def test_reports_totals_are_unchanged_after_anonymisation(old):
    from recruiting import reports

    before = (reports.funnel(reports.Filters()), reports.sources(reports.Filters()))
    privacy.anonymise_expired(now=timezone.now())
    assert (reports.funnel(reports.Filters()), reports.sources(reports.Filters())) == before


def test_export_contains_everything_and_the_files(hr_client, reference_data):
    application = ApplicationFactory(candidate=CandidateFactory(first_name="Lia", email="lia@example.invalid"),
                                     cover_letter="Lettera di Lia")
    application.answers.create(question_text="Patente?", value="yes")
    application.notes.create(body="Very clear on the phone")
    response = hr_client.post(blind.privacy_page_url(application.candidate_id), {"action": "export"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["candidate"]["email"] == "lia@example.invalid"
    exported = data["applications"][0]
    assert exported["cover_letter"] == "Lettera di Lia"
    assert exported["answers"] == [{"question": "Patente?", "answer": "yes"}]
    assert exported["notes"][0]["text"] == "Very clear on the phone"
    assert archive.read(exported["resume_file"]).startswith(b"%PDF-")
    assert ResumeAccess.objects.filter(action="export").count() == 1


def test_erasure_on_request_keeps_a_record_without_identity(hr_client, hr, reference_data):
    application = ApplicationFactory(candidate=CandidateFactory(first_name="Nives", email="nives@example.invalid"))
    url = blind.privacy_page_url(application.candidate_id)
    response = hr_client.post(url, {"action": "erase"}, follow=True)
    assert "Tick the box" in response.content.decode()
    hr_client.post(url, {"action": "erase", "confirm": "yes"})
    application.refresh_from_db()
    assert application.anonymised_at is not None
    assert not Candidate.objects.filter(email__icontains="nives").exists()
    record = ErasureRecord.objects.get()
    assert record.erased_by == hr and record.reason == "request"
    assert "nives" not in str(record.__dict__).lower()


def test_privacy_pages_are_for_hr_only(client, interviewer, reference_data):
    application = ApplicationFactory()
    client.force_login(interviewer)
    assert client.get(reverse("staff:privacy")).status_code == 404
    assert client.post(reverse("staff:candidate_privacy", kwargs={"pk": application.candidate_id}), {"action": "export"}).status_code == 404


def test_the_access_log_records_views_and_downloads(hr_client, hr, reference_data):
    application = ApplicationFactory()
    url = reverse("candidates:resume", kwargs={"pk": application.pk})
    hr_client.get(url)
    hr_client.get(url + "?download=1")
    assert list(ResumeAccess.objects.order_by("pk").values_list("user", "action")) == [(hr.pk, "view"), (hr.pk, "download")]


def test_expiring_page_lists_what_goes_in_the_next_30_days(hr_client, reference_data):
    application = ApplicationFactory(candidate=CandidateFactory(first_name="Teo"))
    Application.objects.filter(pk=application.pk).update(last_activity_at=timezone.now() - 350 * D)
    html = hr_client.get(reverse("staff:privacy")).content.decode()
    assert "Teo" in html


@pytest.mark.parametrize(
    ("uploaded", "entry"),
    [
        ("CV Lia Rossi (2026).pdf", "CV Lia Rossi (2026).pdf"), ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\evil.pdf", "evil.pdf"), ("a/b/c.docx", "c.docx"), ("..", "resume"), ("", "resume"),
        ("<script>.pdf", "script.pdf"), ("Curriculum è.pdf", "Curriculum è.pdf"), (".bashrc", "bashrc"),
        ("cv:\t*?.pdf", "cv.pdf"), ("Curriculum e\u0300.pdf", "Curriculum \u00e8.pdf"),
    ],
    ids=["spaces-and-brackets", "dot-dot-slash", "backslashes", "folders", "dot-dot", "empty", "markup", "accents",
         "leading-dot", "reserved-characters", "decomposed-accent"],
)
def test_the_export_names_each_resume_inside_its_files_folder(hr_client, reference_data, uploaded, entry):
    application = ApplicationFactory(resume_name=uploaded)
    response = hr_client.post(blind.privacy_page_url(application.candidate_id), {"action": "export"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    exported = json.loads(archive.read("data.json"))["applications"][0]["resume_file"]
    assert (exported, sorted(archive.namelist())) == (
        f"files/{application.pk}-{entry}", sorted(["data.json", f"files/{application.pk}-{entry}"])
    )
