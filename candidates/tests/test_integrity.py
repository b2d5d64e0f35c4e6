"""Rules that hold on every path (service, view, admin, database), history that deletes cannot
destroy, and résumé files that stay in step with their rows."""

import os
import re
import uuid
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from candidates import files, privacy, services
from candidates.models import Application, Candidate, Note, RejectionReason, Stage, StageChange, private_storage
from candidates.services import ApplicationData, ResumeUpload
from candidates.tests import files as test_files
from candidates.tests.factories import ApplicationFactory
from positions.tests.factories import OpenPositionFactory, PositionFactory

User = get_user_model()


def reason(kind="we_rejected", active=True):
    return RejectionReason.objects.filter(kind=kind, active=active).first() or RejectionReason.objects.create(
        kind=kind, name_en="Old reason", name_it="Motivo vecchio", active=active
    )


def _resume_files():
    root = os.path.join(private_storage.location, files.RESUME_FOLDER)
    return sorted(
        os.path.relpath(os.path.join(folder, name), private_storage.location)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


# ---------------------------------------------------------------------------
# Row-local rules in the database (whatever the path: admin, shell, a bug)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "stage, kind, refused",
    [
        (Stage.REJECTED, None, True),
        (Stage.WITHDRAWN, None, True),
        (Stage.APPLIED, "we_rejected", True),
        (Stage.HIRED, "they_withdrew", True),
        (Stage.REJECTED, "we_rejected", False),
        (Stage.WITHDRAWN, "they_withdrew", False),
        (Stage.SCREENING, None, False),
    ],
)
def test_the_database_ties_a_rejection_reason_to_closed_stages(reference_data, stage, kind, refused):
    application = ApplicationFactory()
    update = {"stage": stage, "rejection_reason": reason(kind) if kind else None}
    if refused:
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(**update)
    else:
        assert Application.objects.filter(pk=application.pk).update(**update) == 1


@pytest.mark.parametrize(
    "fields, constraint",
    [
        ({"substitution": "experience", "years_per_level": None}, "position_substitution_has_years_per_level"),
        ({"substitution": "none", "years_per_level": 2}, "position_substitution_has_years_per_level"),
        ({"experience_min_years": 3, "experience_preferred_years": 2}, "position_experience_preferred_gte_min"),
        ({"pay_min": Decimal("20000"), "pay_max": None}, "position_pay_both_or_neither"),
        ({"pay_min": None, "pay_max": Decimal("30000")}, "position_pay_both_or_neither"),
    ],
)
def test_the_database_refuses_an_inconsistent_position(reference_data, fields, constraint):
    position = PositionFactory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(position).objects.filter(pk=position.pk).update(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"substitution": "both", "years_per_level": 2},
        {"substitution": "none", "years_per_level": None},
        {"experience_min_years": 3, "experience_preferred_years": 3},
        {"pay_min": None, "pay_max": None},
    ],
)
def test_the_database_accepts_a_consistent_position(reference_data, fields):
    position = PositionFactory()
    assert type(position).objects.filter(pk=position.pk).update(**fields) == 1


# ---------------------------------------------------------------------------
# Pipeline rules in the service, and what the pages offer
# ---------------------------------------------------------------------------
@pytest.fixture
def anonymised(reference_data, django_capture_on_commit_callbacks):
    application = ApplicationFactory(stage=Stage.SCREENING)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.application_anonymise(application)
    application.refresh_from_db()
    return application


ANONYMISED = "This application has been anonymised: it can no longer change."


def test_an_anonymised_application_cannot_be_moved_rejected_or_noted(anonymised, hr):
    with pytest.raises(ValidationError, match=ANONYMISED):
        services.application_move(application=anonymised, to_stage=Stage.INTERVIEW, user=hr)
    with pytest.raises(ValidationError, match=ANONYMISED):
        services.application_reject(application=anonymised, reason=reason(), user=hr, send_email=True,
                                    email_subject="S", email_body="B")
    with pytest.raises(ValidationError, match=ANONYMISED):
        services.note_add(application=anonymised, author=hr, body="Still here?")
    anonymised.refresh_from_db()
    assert (anonymised.stage, anonymised.emails.count(), Note.objects.count()) == (Stage.SCREENING, 0, 0)


def test_the_pages_answer_an_anonymised_application_with_a_message(hr_client, anonymised):
    move = hr_client.post(reverse("candidates:move", args=[anonymised.pk]), {"to_stage": "interview"}, follow=True)
    note = hr_client.post(reverse("candidates:add_note", args=[anonymised.pk]), {"body": "x"}, follow=True)
    assert move.status_code == note.status_code == 200
    assert ANONYMISED in move.content.decode() and ANONYMISED in note.content.decode()


def test_erased_people_leave_the_board_and_the_table(hr_client, anonymised):
    active = ApplicationFactory(position=anonymised.position, stage=Stage.SCREENING)
    board = hr_client.get(reverse("candidates:board", args=[anonymised.position_id]))
    table = hr_client.get(reverse("candidates:table", args=[anonymised.position_id]))
    shown_on_board = [a.pk for column in board.context["columns"] for a in column.applications]
    assert shown_on_board == [active.pk]
    assert [a.pk for a in table.context["page_obj"]] == [active.pk]


def test_an_inactive_reason_is_refused(reference_data, hr):
    application = ApplicationFactory()
    old = reason(active=False)
    with pytest.raises(ValidationError, match="is no longer in use"):
        services.application_reject(application=application, reason=old, user=hr)
    application.refresh_from_db()
    assert (application.stage, application.rejection_reason) == (Stage.APPLIED, None)


@pytest.mark.parametrize(
    "stage, offered",
    [
        (Stage.APPLIED, ["screening", "interview", "offer", "hired"]),
        (Stage.OFFER, ["applied", "screening", "interview", "hired"]),
        (Stage.REJECTED, ["applied", "screening", "interview", "offer"]),
        (Stage.HIRED, ["offer"]),
    ],
)
def test_the_board_offers_exactly_the_moves_the_service_allows(hr_client, reference_data, stage, offered):
    kind = {"rejected": "we_rejected"}.get(stage)
    application = ApplicationFactory(stage=stage, rejection_reason=reason(kind) if kind else None)
    response = hr_client.get(reverse("candidates:board", args=[application.position_id]))
    html = response.content.decode()
    select = re.search(rf'<select[^>]*id="move-{application.pk}">(.*?)</select>', html, re.S)
    shown = re.findall(r'<option value="(\w+)"', select.group(1)) if select else []
    # A hired card has no move control on the board: undoing a hire is done on the candidate's page.
    assert shown == ([] if stage == Stage.HIRED else offered)
    cards = [a for column in response.context["columns"] for a in column.applications]
    assert [move.stage for move in cards[0].actions.moves] == offered


def test_hiring_is_confirmed_and_undone_with_a_reason_and_history(hr_client, reference_data, hr):
    application = ApplicationFactory(stage=Stage.OFFER)
    move_url = reverse("candidates:move", args=[application.pk])
    response = hr_client.post(move_url, {"to_stage": "hired"})
    assert response.status_code == 302 and response.url == reverse("candidates:confirm_hire", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == Stage.OFFER  # nothing recorded until confirmed
    page = hr_client.get(response.url)
    assert page.status_code == 200 and "Confirm the hire" in page.content.decode()
    hr_client.post(response.url, {"to_stage": "hired", "note": "Signed"})
    hr_client.post(response.url, {"to_stage": "hired", "note": "Signed"})  # double submit
    application.refresh_from_db()
    assert application.stage == Stage.HIRED

    refused = hr_client.post(move_url, {"to_stage": "offer", "note": "  "}, follow=True)
    assert "Say why the hire is being undone." in refused.content.decode()
    hr_client.post(move_url, {"to_stage": "offer", "note": "Candidate declined the contract"})
    application.refresh_from_db()
    assert application.stage == Stage.OFFER
    history = list(application.stage_changes.values_list("from_stage", "to_stage", "note", "changed_by"))
    assert history[-2:] == [("offer", "hired", "Signed", hr.pk), ("hired", "offer", "Candidate declined the contract", hr.pk)]


def test_the_service_refuses_an_unconfirmed_hire_and_a_rejection_of_a_hire(reference_data, hr):
    application = ApplicationFactory(stage=Stage.OFFER)
    with pytest.raises(ValidationError, match="Confirm the hire"):
        services.application_move(application=application, to_stage=Stage.HIRED, user=hr)
    services.application_move(application=application, to_stage=Stage.HIRED, user=hr, confirm_hire=True)
    with pytest.raises(ValidationError, match="undo the hire first"):
        services.application_reject(application=application, reason=reason(), user=hr)


def test_a_bulk_move_to_hired_is_refused_per_row_not_recorded(hr_client, reference_data):
    application = ApplicationFactory(stage=Stage.OFFER)
    url = reverse("candidates:bulk", args=[application.position_id])
    response = hr_client.post(url, {"action": "move", "to_stage": "hired", "applications": [application.pk]}, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == Stage.OFFER


# ---------------------------------------------------------------------------
# Deleting never destroys history
# ---------------------------------------------------------------------------
def test_a_candidate_with_applications_cannot_be_deleted(reference_data):
    application = ApplicationFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        application.candidate.delete()
    assert Candidate.objects.filter(pk=application.candidate_id).exists()


def test_a_user_with_decisions_on_record_cannot_be_deleted_and_the_name_stays(reference_data, hr):
    application = ApplicationFactory()
    services.application_move(application=application, to_stage=Stage.SCREENING, user=hr)
    with pytest.raises(ProtectedError), transaction.atomic():
        hr.delete()
    change = StageChange.objects.get(application=application, to_stage=Stage.SCREENING)
    assert change.changed_by.get_full_name() == "Giulia Ferri"


@pytest.fixture
def superuser_client(client, reference_data):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x-pass-2026"))
    return client


def test_the_user_admin_deactivates_instead_of_deleting(superuser_client, hr, interviewer):
    url = reverse("admin:auth_user_changelist")
    assert superuser_client.get(reverse("admin:auth_user_delete", args=[hr.pk])).status_code == 403
    response = superuser_client.post(
        url, {"action": "deactivate", "_selected_action": [hr.pk, interviewer.pk]}, follow=True
    )
    assert "2 accounts deactivated." in response.content.decode()
    assert list(User.objects.filter(pk__in=[hr.pk, interviewer.pk]).values_list("is_active", flat=True)) == [False, False]
    response = superuser_client.post(url, {"action": "delete_selected", "_selected_action": [hr.pk]})
    assert User.objects.filter(pk=hr.pk).exists()


# ---------------------------------------------------------------------------
# Files and rows agree
# ---------------------------------------------------------------------------
def _submit(position, email="lia@example.invalid"):
    return services.application_submit(
        position=position,
        data=ApplicationData(first_name="Lia", last_name="Neri", email=email, education_level=2, years_experience=3),
        resume=ResumeUpload(name="cv.pdf", data=test_files.pdf(), kind="pdf"),
        language="it",
        token=uuid.uuid4(),
    )


def test_a_failed_application_leaves_no_resume_file(reference_data):
    position = OpenPositionFactory()
    with (
        mock.patch.object(StageChange.objects, "create", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        _submit(position)
    assert (Application.objects.count(), _resume_files()) == (0, [])
    application, created = _submit(position)
    assert created and _resume_files() == [application.resume.name]


def test_an_erasure_rolled_back_keeps_the_file_the_row_still_points_at(reference_data, hr):
    application = ApplicationFactory()
    name = application.resume.name
    with pytest.raises(RuntimeError), transaction.atomic():
        privacy.candidate_erase(candidate=application.candidate, user=hr)
        raise RuntimeError("the request failed after the erasure")
    application.refresh_from_db()
    assert (application.resume.name, application.anonymised_at) == (name, None)
    assert private_storage.exists(name)


def test_an_erasure_committed_removes_the_file(reference_data, hr, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    name = application.resume.name
    with django_capture_on_commit_callbacks(execute=True):
        privacy.candidate_erase(candidate=application.candidate, user=hr)
    assert not private_storage.exists(name)
    assert _resume_files() == []


def test_the_orphan_sweep_removes_only_old_files_no_row_points_at(reference_data):
    kept = ApplicationFactory()
    stray_old = private_storage.save("resumes/999/stray-old.pdf", ContentFile(b"%PDF-1.4"))
    stray_new = private_storage.save("resumes/999/stray-new.pdf", ContentFile(b"%PDF-1.4"))
    two_hours_ago = os.path.getmtime(private_storage.path(stray_new)) - 7200
    for name in (stray_old, kept.resume.name):
        os.utime(private_storage.path(name), (two_hours_ago, two_hours_ago))
    assert files.remove_orphan_resumes(min_age_seconds=3600) == 1
    assert _resume_files() == sorted([kept.resume.name, stray_new])


def test_no_email_goes_to_an_anonymised_application_whoever_asks(anonymised, hr):
    from django.core import mail as outbox

    from candidates import emails
    from candidates.models import CandidateEmail

    email = CandidateEmail.objects.create(
        application=anonymised, kind="rejection", key="late", to="anonymised@invalid", language="it",
        subject="S", body="B", status="uncertain",
    )
    ids, left = emails.emails_send_again(emails=CandidateEmail.objects.filter(pk=email.pk), user=hr)
    email.refresh_from_db()
    assert (ids, left, email.status, len(outbox.outbox)) == ([email.pk], 0, "failed", 0)


@pytest.mark.django_db(transaction=True)
def test_an_error_after_the_commit_keeps_the_saved_application_and_its_file(reference_data, client):
    # A real commit (no test transaction around the request), so the after-commit hooks really run.
    import redis

    from candidates.tests.test_apply import apply_url, form_data

    position = OpenPositionFactory()
    refuse = redis.exceptions.ResponseError("MISCONF Redis is configured to save RDB snapshots")
    with (
        mock.patch("candidates.tasks.send_candidate_email.delay", side_effect=refuse),
        mock.patch("recruiting.tasks.recompute_pending.delay", side_effect=RuntimeError("a bug")),
    ):
        response = client.post(apply_url(position), form_data(position))
    assert response.status_code == 302
    application = Application.objects.get()
    assert _resume_files() == [application.resume.name]
    assert application.emails.get().status == "pending"  # the minute scan sends it


def test_the_note_typed_with_a_hire_reaches_the_confirmation_without_entering_the_address(hr_client, reference_data):
    application = ApplicationFactory(stage=Stage.OFFER)
    response = hr_client.post(reverse("candidates:move", args=[application.pk]),
                              {"to_stage": "hired", "note": "Accepted: 42k"})
    assert response.url == reverse("candidates:confirm_hire", args=[application.pk])
    page = hr_client.get(response.url).content.decode()
    assert 'value="Accepted: 42k"' in page


def test_the_cron_command_sends_pending_emails_once(reference_data):
    import datetime
    import io

    from django.core import mail as outbox
    from django.core.management import call_command
    from django.utils import timezone

    from candidates.models import CandidateEmail

    application = ApplicationFactory()
    for key in ("a", "b"):
        CandidateEmail.objects.create(application=application, kind="confirmation", key=key, to="x@example.invalid",
                                      language="it", subject="S", body="B")
    CandidateEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    out = io.StringIO()
    call_command("send_pending_emails", stdout=out)
    call_command("send_pending_emails", stdout=out)
    assert out.getvalue().splitlines() == [
        "2 sent, 0 skipped, 0 retry later, 0 failed, 0 uncertain",
        "0 sent, 0 skipped, 0 retry later, 0 failed, 0 uncertain",
    ]
    assert len(outbox.outbox) == 2
