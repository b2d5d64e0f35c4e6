"""E-mails and résumé text through a real Celery worker on the real Redis broker."""

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from candidates import services, tasks
from candidates.models import Application, CandidateEmail
from candidates.tests import files
from candidates.tests.factories import ApplicationFactory
from conftest import wait_for
from positions.tests.factories import OpenPositionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _submit(position, email="anna.neri@example.invalid", resume=None, kind="docx"):
    data = services.ApplicationData(
        first_name="Anna", last_name="Neri", email=email, education_level=2, years_experience=3
    )
    return services.application_submit(
        position=position, data=data, language="en", token=uuid.uuid4(),
        resume=services.ResumeUpload(name=f"cv.{kind}", data=resume or files.docx(), kind=kind),
    )[0]


def test_confirmation_email_and_text_extraction_run_on_a_real_worker(celery_worker, reference_data):
    position = OpenPositionFactory(title="Records clerk")
    application = _submit(position)
    assert wait_for(lambda: CandidateEmail.objects.filter(application=application, status="sent").exists())
    assert wait_for(lambda: Application.objects.get(pk=application.pk).resume_text_status == "extracted")
    assert "Accounts payable clerk" in Application.objects.get(pk=application.pk).resume_text
    assert [m.subject for m in mail.outbox] == ["We have received your application for Records clerk"]


def test_a_retried_send_never_sends_twice(celery_worker, reference_data):
    application = _submit(OpenPositionFactory())
    assert wait_for(lambda: CandidateEmail.objects.filter(status="sent").count() == 1)
    email = CandidateEmail.objects.get()
    tasks.send_candidate_email.delay(email.pk)
    tasks.send_candidate_email.delay(email.pk)
    tasks.send_pending_emails.delay()
    # A marker e-mail queued after them on the same queue: once it is sent, the duplicates have been processed.
    marker = _marker_email(application)
    tasks.send_candidate_email.delay(marker.pk)
    assert wait_for(lambda: CandidateEmail.objects.get(pk=marker.pk).status == "sent")
    assert [m.subject for m in mail.outbox] == [email.subject, "Marker"]


def _marker_email(application) -> CandidateEmail:
    return CandidateEmail.objects.create(
        application=application, kind="confirmation", key=f"marker:{uuid.uuid4()}", to="marker@example.invalid",
        language="en", subject="Marker", body="Sent after the others.",
    )


def test_an_application_saved_while_the_broker_is_down_is_sent_later(reference_data, monkeypatch):
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", broker_down)
    application = _submit(OpenPositionFactory())
    assert Application.objects.filter(pk=application.pk).exists()
    email = CandidateEmail.objects.get()
    assert email.status == CandidateEmail.Status.PENDING
    assert mail.outbox == []

    # Redis is back: the periodic scan finds what is due and sends it once.
    monkeypatch.undo()
    CandidateEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert tasks.send_pending_emails() == 1
    assert tasks.send_pending_emails() == 0
    assert len(mail.outbox) == 1


def test_a_resume_whose_text_cannot_be_read_is_flagged_and_kept(reference_data):
    application = ApplicationFactory(resume_text="", resume_text_status="pending")
    with application.resume.open("wb") as handle:
        handle.write(b"%PDF-1.4 garbage")
    assert tasks.extract_resume_text(application.pk) == "failed"
    application.refresh_from_db()
    assert application.resume_text_status == Application.TextStatus.FAILED
    assert Application.objects.filter(pk=application.pk).exists()
