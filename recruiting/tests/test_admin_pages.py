"""Every admin page of every app opens with real rows (résumé attached, hostile names), and
nothing that history hangs on can be deleted from it."""

import re
from collections import Counter
from html import unescape
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from candidates import privacy, services
from candidates.models import Application, CandidateEmail, RejectionReason, ResumeAccess, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.models import ScreeningQuestion
from positions.tests.factories import OpenPositionFactory
from recruiting.tests import world as hiring_world
from recruiting.tests.world import SCRIPT

HOSTILE = SCRIPT


@pytest.fixture
def root(client, reference_data):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(user)
    return user


@pytest.fixture
def rows(root, hr, django_capture_on_commit_callbacks):
    position = OpenPositionFactory(title=f"Clerk {HOSTILE}")
    ScreeningQuestion.objects.create(position=position, text=f"Licence {HOSTILE}?", kind="yes_no", knockout="no")
    candidate = CandidateFactory(first_name=HOSTILE, last_name=HOSTILE)
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(candidate=candidate, position=position, cover_letter=HOSTILE)
        services.application_move(application=application, to_stage=Stage.SCREENING, user=hr, note=HOSTILE)
        services.note_add(application=application, author=hr, body=HOSTILE)
        services.application_reject(
            application=application, reason=RejectionReason.objects.filter(kind="we_rejected").first(), user=hr,
            send_email=True, email_subject=HOSTILE, email_body=HOSTILE,
        )
        ResumeAccess.objects.create(application=application, user=hr, action=ResumeAccess.Action.VIEW)
        erased = ApplicationFactory(position=position)
        privacy.candidate_erase(candidate=erased.candidate, user=hr)
    return application


OUR_APPS = {"auth", "core", "positions", "candidates", "evaluations", "recruiting"}


def _registered():
    """Every model in the admin, ours and third-party: a new registration is swept without a change here."""
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def world(root, hr, interviewer, other_interviewer, django_capture_on_commit_callbacks):
    return hiring_world.build(hr=hr, interviewer=interviewer, other_interviewer=other_interviewer,
                              capture=django_capture_on_commit_callbacks)


def _changelist_variants(client, url, model_admin, html):
    """The changelist searched for markup, sorted by every column, and through every filter link it offers."""
    variants = [f"?o={number}" for number in range(1, len(model_admin.list_display) + 1)]
    if model_admin.search_fields:
        variants.append("?" + urlencode({"q": SCRIPT}))
    sidebar = re.search(r'id="changelist-filter".*?</nav>', html, re.S)
    links = re.findall(r'href="(\?[^"]*)"', sidebar.group(0)) if sidebar else []
    variants += sorted({unescape(link) for link in links})
    return [url + variant for variant in variants]


def _one_row_per_kind(model):
    """One row for each combination of choice values (stage, status, kind…) and of empty or filled optional
    fields (anonymised or not, with or without a reason…): every kind of row, not every row."""
    fields = [f for f in model._meta.concrete_fields if f.choices or f.null]
    rows = {}
    for obj in model._default_manager.all():
        kind = tuple(getattr(obj, f.attname) if f.choices else getattr(obj, f.attname) is None for f in fields)
        rows.setdefault(kind, obj)
    return list(rows.values())


def test_every_admin_page_of_every_registered_model_opens_with_real_rows_and_escapes_them(client, root, world):
    """Changelists (sorted, searched, filtered), add, change, history and delete pages of every row of
    every registered model: 200, or 403 exactly where the admin refuses adding or deleting."""
    request = RequestFactory().get("/admin/")
    request.user = root
    problems, opened, empty = [], Counter(), []

    def visit(url, expected, label):
        response = client.get(url)
        opened[label] += 1
        if response.status_code != expected:
            problems.append(f"{url}: {response.status_code}, expected {expected}")
        elif SCRIPT in response.content.decode():
            problems.append(f"{url}: unescaped markup")
        return response

    for model, model_admin in _registered():
        meta = model._meta
        label, prefix = meta.label, f"admin:{meta.app_label}_{meta.model_name}"
        changelist = visit(reverse(f"{prefix}_changelist"), 200, label)
        if changelist.status_code == 200:
            for url in _changelist_variants(client, reverse(f"{prefix}_changelist"), model_admin,
                                            changelist.content.decode()):
                visit(url, 200, label)
        visit(reverse(f"{prefix}_add"), 200 if model_admin.has_add_permission(request) else 403, label)
        rows = _one_row_per_kind(model)
        if not rows and meta.app_label in OUR_APPS:
            empty.append(label)
        for obj in rows:
            key = quote(obj.pk)
            visit(reverse(f"{prefix}_change", args=[key]), 200, label)
            visit(reverse(f"{prefix}_history", args=[key]), 200, label)
            visit(reverse(f"{prefix}_delete", args=[key]),
                  200 if model_admin.has_delete_permission(request, obj) else 403, label)
    assert problems == []
    # Every model of ours was opened with rows of its own: a new model needs rows in recruiting/tests/world.py.
    assert empty == []
    assert set(opened) == {model._meta.label for model, _admin in _registered()}


def test_the_swept_rows_cover_every_stage_status_resume_kind_and_an_anonymised_person(world):
    from evaluations.models import Interview, Reminder, Scorecard
    from positions.models import Position

    def values(model, field):
        return sorted(set(model.objects.values_list(field, flat=True)))

    assert values(Application, "stage") == sorted(Stage.values)
    assert values(Position, "status") == sorted(Position.Status.values)
    assert values(CandidateEmail, "status") == sorted(CandidateEmail.Status.values)
    assert values(Reminder, "status") == sorted(Reminder.Status.values)
    assert values(Reminder, "kind") == sorted(Reminder.Kind.values)
    assert values(Interview, "status") == sorted(Interview.Status.values)
    assert values(Scorecard, "status") == sorted(Scorecard.Status.values)
    assert values(Application, "resume_text_status") == sorted(Application.TextStatus.values)
    suffixes = {a.resume.name.rsplit(".", 1)[-1] for a in Application.objects.exclude(resume="")}
    assert suffixes == {"pdf", "docx", "odt"}
    assert Application.objects.exclude(anonymised_at=None).count() == 1


@pytest.mark.parametrize("changelist", ["admin:candidates_candidateemail_changelist",
                                       "admin:evaluations_reminder_changelist"])
def test_an_uncertain_message_has_a_short_status_badge_with_the_full_status_as_its_tooltip(client, world, changelist):
    # "⚠ Uncertain: may not have been sent" on one unbreakable line pushed the columns past a 1280 px screen.
    page = client.get(reverse(changelist), {"status__exact": "uncertain"}).content.decode()
    assert ('<span class="send-status send-status-uncertain" title="Uncertain: may not have been sent">⚠ Uncertain</span>'
            in page)


def test_the_application_page_links_the_resume_through_the_checked_view(client, rows):
    page = client.get(reverse("admin:candidates_application_change", args=[rows.pk])).content.decode()
    assert reverse("candidates:resume", args=[rows.pk]) in page
    assert "private" not in page and rows.resume.name not in page


@pytest.mark.parametrize("model", ["candidate", "application", "candidateemail", "stagechange", "resumeaccess",
                                   "erasurerecord"])
def test_history_cannot_be_deleted_from_the_admin(client, rows, model):
    obj = {
        "candidate": rows.candidate, "application": rows, "candidateemail": CandidateEmail.objects.first(),
        "stagechange": rows.stage_changes.first(), "resumeaccess": ResumeAccess.objects.first(),
        "erasurerecord": privacy.ErasureRecord.objects.first(),
    }[model]
    assert client.get(reverse(f"admin:candidates_{model}_delete", args=[obj.pk])).status_code == 403
    changelist = client.get(reverse(f"admin:candidates_{model}_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_an_admin_edit_of_an_application_rescreens_it(client, rows, django_capture_on_commit_callbacks):
    application = ApplicationFactory(education_level=2, years_experience=3)
    Application.objects.filter(pk=application.pk).update(meets_requirements=True)
    url = reverse("admin:candidates_application_change", args=[application.pk])
    data = {"education_level": "0", "field_of_study": "", "years_experience": "0", "other_skills": "",
            "cover_letter": "", "resume_name": "cv.pdf", "source": "job_board", "declared_skills": [],
            "resume_text_status": "extracted",
            "answers-TOTAL_FORMS": "0", "answers-INITIAL_FORMS": "0",
            "stage_changes-TOTAL_FORMS": "0", "stage_changes-INITIAL_FORMS": "0",
            "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert (application.meets_requirements, application.rescore_requested_at) == (False, None)


def test_an_answered_questions_type_cannot_change_in_the_admin(client, rows):
    from candidates.models import Answer

    question = ScreeningQuestion.objects.get(text__startswith="Licence")
    Answer.objects.create(application=rows, question=question, question_text=question.text, question_kind="yes_no",
                          value="yes")
    url = reverse("admin:positions_screeningquestion_change", args=[question.pk])
    response = client.post(url, {"position": question.position_id, "order": 0, "text": question.text,
                                 "kind": "number", "required": "on", "knockout": "2"})
    assert response.status_code == 200
    assert "Candidates have already answered this question" in response.content.decode()
    question.refresh_from_db()
    assert (question.kind, question.knockout) == ("yes_no", "no")


def test_interviews_are_read_only_in_the_admin_and_cancelled_through_the_service(client, rows, hr, interviewer):
    import datetime

    from django.utils import timezone

    from evaluations import scheduling

    active = ApplicationFactory(stage=Stage.INTERVIEW)
    active.position.panel.add(interviewer)
    interview = scheduling.interview_schedule(
        application=active, kind="competency", starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=45, location="Room 1", interviewers=[interviewer], user=hr,
    )
    page = client.get(reverse("admin:evaluations_interview_change", args=[interview.pk])).content.decode()
    assert 'name="starts_at' not in page and 'name="status"' not in page and 'name="application"' not in page
    assert client.get(reverse("admin:evaluations_interview_add")).status_code == 403
    response = client.post(reverse("admin:evaluations_interview_changelist"),
                           {"action": "cancel", "_selected_action": [interview.pk]}, follow=True)
    assert "1 interview cancelled." in response.content.decode()
    interview.refresh_from_db()
    active.refresh_from_db()
    # Cancelled through the service: a new calendar sequence, and the ranking marked to drop its ratings.
    assert (interview.status, interview.sequence) == ("cancelled", 1)
    assert active.rescore_requested_at is not None


def test_an_anonymised_application_takes_no_notes_in_the_admin(client, rows):
    erased = Application.objects.exclude(anonymised_at=None).get()
    page = client.get(reverse("admin:candidates_application_change", args=[erased.pk])).content.decode()
    assert 'name="notes-TOTAL_FORMS"' in page and 'id="notes-empty"' not in page
    assert 'name="anonymised_at' not in page


def test_deactivating_ones_own_account_is_refused_with_a_message(client, rows, root):
    response = client.post(reverse("admin:auth_user_changelist"),
                           {"action": "deactivate", "_selected_action": [root.pk]}, follow=True)
    body = response.content.decode()
    assert "Your own account was left active: ask another admin." in body and "0 accounts deactivated." in body
    root.refresh_from_db()
    assert root.is_active


def test_competencies_cannot_be_deleted(client, rows):
    from positions.models import Competency

    competency = Competency.objects.first()
    assert client.get(reverse("admin:positions_competency_delete", args=[competency.pk])).status_code == 403
