"""Stage rules and their history, through the service."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from candidates import services
from candidates.models import CandidateEmail, RejectionReason, Stage
from candidates.tests.factories import ApplicationFactory


@pytest.fixture
def application(reference_data):
    return ApplicationFactory()


def reason(kind="we_rejected"):
    return RejectionReason.objects.filter(kind=kind).first()


def test_every_move_is_recorded(application, hr):
    services.application_move(application=application, to_stage=Stage.SCREENING, user=hr, note="Strong CV")
    services.application_move(application=application, to_stage=Stage.INTERVIEW, user=hr)
    history = list(application.stage_changes.values_list("from_stage", "to_stage", "changed_by__username", "note"))
    assert history == [
        ("", "applied", None, ""),
        ("applied", "screening", "giulia", "Strong CV"),
        ("screening", "interview", "giulia", ""),
    ]
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW


def test_moving_to_the_same_stage_twice_is_harmless(application, hr):
    assert services.application_move(application=application, to_stage=Stage.SCREENING, user=hr) is not None
    assert services.application_move(application=application, to_stage=Stage.SCREENING, user=hr) is None
    assert application.stage_changes.count() == 2


@pytest.mark.parametrize(
    "to_stage, kind, message",
    [
        (Stage.REJECTED, None, "Choose a reason."),
        (Stage.REJECTED, "they_withdrew", "is not a reason for this kind of decision"),
        (Stage.WITHDRAWN, "we_rejected", "is not a reason for this kind of decision"),
        ("archived", None, "Unknown stage."),
    ],
)
def test_rejections_need_the_right_kind_of_reason(application, hr, to_stage, kind, message):
    with pytest.raises(ValidationError, match=message):
        services.application_move(application=application, to_stage=to_stage, user=hr, reason=reason(kind) if kind else None)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_hired_is_final(reference_data, hr):
    application = ApplicationFactory(stage=Stage.HIRED)
    with pytest.raises(ValidationError):
        services.application_move(application=application, to_stage=Stage.SCREENING, user=hr)
    with pytest.raises(ValidationError):
        services.application_reject(application=application, reason=reason(), user=hr)


def test_a_rejected_application_can_be_reconsidered(reference_data, hr):
    application = ApplicationFactory(stage=Stage.REJECTED, rejection_reason=reason())
    services.application_move(application=application, to_stage=Stage.SCREENING, user=hr, note="Second look")
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING and application.rejection_reason is None


def test_rejection_sends_only_the_text_hr_saw_and_only_when_asked(application, hr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(application=application, reason=reason(), user=hr)
    assert mail.outbox == []
    other = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            application=other, reason=reason(), user=hr, send_email=True,
            email_subject="Your application", email_body="Dear Anna, thank you — we will not continue.",
        )
    assert len(mail.outbox) == 1
    # What HR saw, then the link to the candidate's status page that every e-mail to a candidate ends with.
    text, footer = mail.outbox[0].body.split("\n\n")
    assert text == "Dear Anna, thank you — we will not continue."
    assert re.fullmatch(r"Segui la tua candidatura, o ritirala, qui \(il link è valido 30 giorni\): "
                        r"http://127\.0\.0\.1:8000/status/[\w:-]+/", footer)
    email = CandidateEmail.objects.get(application=other)
    assert email.kind == "rejection" and email.created_by == hr and email.status == "sent"


def test_withdrawal_is_recorded_as_theirs(application, hr):
    services.application_reject(application=application, reason=reason("they_withdrew"), user=hr, note="Took another job")
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert application.stage_changes.last().rejection_reason.kind == "they_withdrew"


def test_rejection_email_is_rendered_in_the_candidates_language(application):
    subject, body = services.render_email("rejection", application)
    assert subject.startswith("La tua candidatura per")
    assert application.candidate.first_name in body


def test_changing_the_requirement_rescreens_applications(application, hr, django_capture_on_commit_callbacks):
    from positions import services as position_services
    from positions.models import Position

    position = application.position
    application.refresh_from_db()
    services.position_rescreen(position_id=position.pk)
    application.refresh_from_db()
    assert application.meets_requirements is False  # declares no skills, and both are required
    position.position_skills.all().delete()
    Position.objects.filter(pk=position.pk).update(education_min=1, experience_min_years=0)
    position.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        position_services.position_save(
            position=position, duties=[position_services.DutyData("Record invoices")],
            skills=[position_services.SkillData("Excel", "preferred")], competencies=position.competencies.all(),
            panel=[], user=hr,
        )
    application.refresh_from_db()
    assert application.meets_requirements is True
