"""Résumés in S3-compatible object storage (settings.OBJECT_STORAGE), against a real S3 server on loopback:
written private, served only through the checked view, read for text and exports, swept and erased."""

import io
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from candidates import files as resume_files
from candidates import privacy
from candidates.models import Application, private_storage
from candidates.tasks import extract_resume_text
from candidates.tests import files
from candidates.tests.test_apply import apply_url, form_data
from positions.tests.factories import OpenPositionFactory


@pytest.fixture
def position(reference_data):
    return OpenPositionFactory(title="Accounts payable clerk", skills=["Accounts payable", "SAP"])


@pytest.fixture
def applied(client, position, object_store, django_capture_on_commit_callbacks):
    """Giulia applied with a real PDF through the public form; the résumé went to the bucket."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(position), form_data(position))
    assert response.status_code == 302
    return Application.objects.get()


def test_an_application_writes_its_resume_to_the_bucket_as_a_private_object_and_nothing_to_disk(
    applied, object_store, settings
):
    assert object_store.keys() == [applied.resume.name]
    assert applied.resume.name.startswith(f"resumes/{applied.position_id}/") and applied.resume.name.endswith(".pdf")
    body = object_store.client.get_object(Bucket=object_store.bucket, Key=applied.resume.name)["Body"].read()
    assert body == files.pdf()
    grants = object_store.client.get_object_acl(Bucket=object_store.bucket, Key=applied.resume.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)  # no AllUsers, no URL
    assert not os.path.exists(os.path.join(settings.PRIVATE_MEDIA_ROOT, "resumes"))


def test_the_resume_has_no_url_at_all(applied):
    with pytest.raises(ValueError, match="no URL"):
        applied.resume.url  # noqa: B018


def test_hr_gets_the_resume_streamed_through_the_checked_view(client, hr, applied):
    client.force_login(hr)
    response = client.get(reverse("candidates:resume", kwargs={"pk": applied.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()
    assert (response["Content-Type"], response["Cache-Control"]) == ("application/pdf", "private, no-store")


@pytest.mark.parametrize("who", ["anonymous", "interviewer"])
def test_no_one_else_gets_it(client, interviewer, applied, who):
    if who == "interviewer":
        client.force_login(interviewer)  # not on any of this candidate's interviews
    response = client.get(reverse("candidates:resume", kwargs={"pk": applied.pk}))
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert b"%PDF" not in response.content


def test_the_text_is_read_from_the_object(applied):
    Application.objects.filter(pk=applied.pk).update(resume_text="", resume_text_status=Application.TextStatus.PENDING)
    assert extract_resume_text(applied.pk) == Application.TextStatus.EXTRACTED
    assert "Contabilità fornitori" in Application.objects.get(pk=applied.pk).resume_text


def test_the_privacy_export_holds_the_resume_from_the_bucket(admin_client, applied):
    response = admin_client.post(reverse("staff:candidate_privacy", kwargs={"pk": applied.candidate_id}),
                                 {"action": "export"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read(f"files/{applied.pk}-Giulia CV.pdf") == files.pdf()


def test_erasure_deletes_the_object_once_committed(applied, hr, object_store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        privacy.candidate_erase(candidate=applied.candidate, user=hr)
    assert object_store.keys() == []


def test_the_orphan_sweep_deletes_old_objects_no_application_points_at(applied, object_store):
    stray = private_storage.save(f"resumes/{applied.position_id}/stray.pdf", ContentFile(files.pdf()))
    assert object_store.keys() == sorted([applied.resume.name, stray])
    assert resume_files.remove_orphan_resumes(min_age_seconds=3600) == 0  # both younger than an hour
    assert resume_files.remove_orphan_resumes(min_age_seconds=0) == 1
    assert object_store.keys() == [applied.resume.name]


def test_a_storage_prefix_keeps_resumes_under_it_and_the_sweep_reads_names_without_it(
    client, position, object_store, settings, django_capture_on_commit_callbacks
):
    from django.utils.functional import empty

    settings.OBJECT_STORAGE = {**settings.OBJECT_STORAGE, "prefix": "ats"}
    private_storage._wrapped = empty
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(position), form_data(position))
    application = Application.objects.get()
    assert object_store.keys() == [f"ats/{application.resume.name}"]
    assert [name for name, _modified in resume_files._resume_files()] == [application.resume.name]
    assert resume_files.remove_orphan_resumes(min_age_seconds=0) == 0
