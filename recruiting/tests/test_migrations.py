"""The integrity migrations apply to a database holding rows written before the rules, repairing
them as documented, on the real database (PostgreSQL in CI: constraints and deferred foreign keys);
the data migrations' frozen reference data is what the live sync functions write today."""

import importlib

import pytest
from django.apps import apps as live_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from candidates.models import EmailTemplate, RejectionReason
from candidates.reference_data import sync_reference_data
from core.roles import sync_roles
from positions.competencies import sync_competencies
from positions.models import Competency

BEFORE = [
    ("positions", "0006_ranking_weights"),
    ("candidates", "0005_email_sending_state"),
    ("evaluations", "0004_reminder_sending_state"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_messy_rows_are_repaired_and_the_constraints_hold(reference_data):
    old = _migrate(BEFORE)
    User = old.get_model("auth", "User")
    Position = old.get_model("positions", "Position")
    Candidate = old.get_model("candidates", "Candidate")
    Application = old.get_model("candidates", "Application")
    RejectionReason = old.get_model("candidates", "RejectionReason")
    Interview = old.get_model("evaluations", "Interview")
    Scorecard = old.get_model("evaluations", "Scorecard")
    ScreeningQuestion = old.get_model("positions", "ScreeningQuestion")
    Answer = old.get_model("candidates", "Answer")

    users = [User.objects.create(username=f"iv{i}") for i in range(3)]
    common = {"function": "accounting", "location": "Milano", "summary": "s", "education_min": 2, "status": "open"}
    half_pay = Position.objects.create(title="P1", slug="p1", experience_min_years=3, experience_preferred_years=1,
                                       substitution="experience", years_per_level=None, pay_min=30000, **common)
    Position.objects.create(title="P2", slug="p2", experience_min_years=1, substitution="none", years_per_level=2,
                            pay_max=50000, **common)
    question = ScreeningQuestion.objects.create(position=half_pay, text="Where?", kind="text")
    apps_by_stage = {}
    real_reason = RejectionReason.objects.filter(kind="we_rejected").first()
    for i, (stage, reason) in enumerate([("rejected", None), ("withdrawn", None), ("screening", real_reason)]):
        candidate = Candidate.objects.create(first_name="A", last_name="B", email=f"{i}@x.test", email_normalized=f"{i}@x.test")
        apps_by_stage[stage] = Application.objects.create(
            candidate=candidate, position=half_pay, stage=stage, rejection_reason=reason, education_level=2,
            years_experience=1, resume="r.pdf", resume_name="r.pdf", privacy_acknowledged_at="2026-01-01T00:00Z",
            privacy_notice_version="1", submission_token=f"00000000-0000-0000-0000-00000000000{i}",
        )
    Answer.objects.create(application=apps_by_stage["screening"], question=question, question_text="Where?", value="Via Roma 1")
    interview = Interview.objects.create(application=apps_by_stage["screening"], starts_at="2026-01-01T10:00Z", location="x")
    no_recommendation = Scorecard.objects.create(interview=interview, interviewer=users[0], status="submitted",
                                                 submitted_at="2026-01-01T11:00Z")
    untimed = Scorecard.objects.create(interview=interview, interviewer=users[1], status="submitted", recommendation="yes")
    timed_draft = Scorecard.objects.create(interview=interview, interviewer=users[2], status="draft",
                                           submitted_at="2026-01-01T11:00Z")

    call_command("migrate", verbosity=0)

    from candidates.models import Answer as NewAnswer
    from candidates.models import Application as NewApplication
    from evaluations.models import Scorecard as NewScorecard
    from positions.models import Position as NewPosition

    p1, p2 = NewPosition.objects.get(slug="p1"), NewPosition.objects.get(slug="p2")
    assert (p1.substitution, p1.years_per_level, p1.experience_preferred_years, p1.pay_min, p1.pay_max) == (
        "none", None, 3, 30000, 30000)
    assert (p2.substitution, p2.years_per_level, p2.pay_min, p2.pay_max) == ("none", None, 50000, 50000)
    assert p1.recompute_requested_at is not None and p2.recompute_requested_at is not None
    reasons = {a.stage: (a.rejection_reason.name_en if a.rejection_reason else None, a.rejection_reason.active
                         if a.rejection_reason else None) for a in NewApplication.objects.select_related("rejection_reason")}
    assert reasons == {"rejected": ("Not recorded", False), "withdrawn": ("Not recorded", False), "screening": (None, None)}
    assert NewAnswer.objects.get().question_kind == "text"
    cards = {c.pk: (c.status, c.submitted_at is not None) for c in NewScorecard.objects.all()}
    assert cards == {no_recommendation.pk: ("draft", False), untimed.pk: ("submitted", True),
                     timed_draft.pk: ("draft", False)}
    assert NewApplication.objects.get(stage="screening").rescore_requested_at is not None


def _reference_rows():
    """The rows the data migrations write, without their ids: roles with their permissions, competencies
    with their anchors, rejection reasons and e-mail templates."""
    def rows(model, order):
        return [{k: v for k, v in row.items() if k != "id"} for row in model.objects.order_by(*order).values()]

    return {
        "roles": {group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
                  for group in Group.objects.all()},
        "competencies": rows(Competency, ["slug"]),
        "rejection_reasons": rows(RejectionReason, ["kind", "name_en"]),
        "email_templates": rows(EmailTemplate, ["kind", "language"]),
    }


# Each data migration's own function, in the order `migrate` runs them.
FROZEN_DATA_MIGRATIONS = [
    ("recruiting.migrations.0001_roles", "grant"),
    ("positions.migrations.0002_competencies", "create_competencies"),
    ("candidates.migrations.0002_reference_data", "create_reference_data"),
    ("recruiting.migrations.0002_candidate_roles", "grant"),
    ("recruiting.migrations.0004_evaluation_roles", "grant"),
    ("positions.migrations.0005_competency_anchors_data", "fill_anchors"),
    ("candidates.migrations.0007_offer", "create_offer_templates"),
]


def _empty_reference_tables():
    Group.objects.all().delete()
    Competency.objects.all().delete()
    RejectionReason.objects.all().delete()
    EmailTemplate.objects.all().delete()


def test_a_fresh_migration_writes_the_reference_data_the_live_sync_functions_write(db):
    """The data migrations carry frozen copies of core.roles, positions.competencies and
    candidates.reference_data, so that replaying them later writes what they wrote then. Today the
    copies and the live lists agree. When a live list changes on purpose, this fails: add a new data
    migration with its own copy of the change (existing databases need it too), never edit an old one."""
    _empty_reference_tables()
    for module, function in FROZEN_DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(live_apps, None)
    migrated = _reference_rows()
    _empty_reference_tables()

    sync_roles(live_apps)
    sync_competencies(live_apps)
    sync_reference_data(live_apps)

    assert ({name: len(perms) for name, perms in migrated["roles"].items()},
            len(migrated["competencies"]), len(migrated["rejection_reasons"]), len(migrated["email_templates"])) == (
        {"HR manager": 38, "Interviewer": 1}, 8, 10, 6)
    assert _reference_rows() == migrated
