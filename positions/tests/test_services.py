import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from positions import services
from positions.models import Competency, Position, Skill
from positions.tests.factories import OpenPositionFactory, PositionFactory


@pytest.fixture
def draft(db):
    return PositionFactory()


def test_publishing_a_complete_draft_opens_it_and_dates_it(draft, hr):
    position = services.position_publish(position=draft, user=hr)
    assert position.status == Position.Status.OPEN
    assert position.published_at is not None


def test_publishing_twice_is_harmless(draft, hr):
    first = services.position_publish(position=draft, user=hr).published_at
    second = services.position_publish(position=draft, user=hr).published_at
    assert first == second


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda p: p.duties.all().delete(), "Add at least one duty"),
        (lambda p: Position.objects.filter(pk=p.pk).update(education_min=None), "minimum education level"),
        (lambda p: Position.objects.filter(pk=p.pk).update(experience_min_years=None), "minimum years of experience"),
        (lambda p: p.position_skills.all().delete(), "at least one skill"),
        (lambda p: p.competencies.clear(), "interpersonal competency"),
        (lambda p: Position.objects.filter(pk=p.pk).update(pay_min=None, pay_max=None), "pay range"),
        (
            lambda p: Position.objects.filter(pk=p.pk).update(closing_date=timezone.localdate() - datetime.timedelta(days=1)),
            "closing date is in the past",
        ),
    ],
    ids=["duty", "education", "experience", "skill", "competency", "pay", "closing-date"],
)
def test_each_missing_piece_refuses_publishing(draft, hr, change, expected):
    change(draft)
    with pytest.raises(ValidationError) as error:
        services.position_publish(position=draft, user=hr)
    assert len(error.value.messages) == 1
    assert expected in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == Position.Status.DRAFT


def test_a_refused_publish_lists_everything_missing_at_once(db, hr):
    empty = PositionFactory(duties=[], skills=[], competencies=[], pay_min=None, pay_max=None, education_min=None)
    with pytest.raises(ValidationError) as error:
        services.position_publish(position=empty, user=hr)
    assert len(error.value.messages) == 5


def test_status_transitions(db, hr):
    position = OpenPositionFactory()
    services.position_set_status(position=position, status=Position.Status.ON_HOLD, user=hr)
    services.position_set_status(position=position, status=Position.Status.CLOSED, user=hr)
    reopened = services.position_set_status(position=position, status=Position.Status.OPEN, user=hr)
    assert reopened.status == Position.Status.OPEN
    draft = PositionFactory()
    with pytest.raises(ValidationError):
        services.position_set_status(position=draft, status=Position.Status.CLOSED, user=hr)


def test_saving_an_open_position_without_duties_is_refused_and_rolled_back(db, hr):
    position = OpenPositionFactory(title="Bookkeeper")
    position.title = "Renamed"
    with pytest.raises(ValidationError, match="at least one duty"):
        services.position_save(
            position=position, duties=[], skills=[services.SkillData("SAP")],
            competencies=position.competencies.all(), panel=[], user=hr,
        )
    position.refresh_from_db()
    assert position.title == "Bookkeeper"
    assert position.duties.count() == 2


def test_save_creates_skills_once_case_insensitively_and_keeps_order(db, hr):
    Skill.objects.create(name="SAP")
    position = services.position_save(
        position=Position(title="Payroll assistant", function="personnel", location="Torino", summary="Payroll."),
        duties=[services.DutyData("Prepare payslips", 50), services.DutyData("Answer questions", 20, False)],
        skills=[services.SkillData("sap", "preferred", 2), services.SkillData("Excel")],
        competencies=Competency.objects.filter(slug="teamwork"),
        panel=[],
        user=hr,
    )
    assert position.slug == "payroll-assistant"
    assert [d.description for d in position.duties.all()] == ["Prepare payslips", "Answer questions"]
    assert [ps.skill.name for ps in position.position_skills.all()] == ["SAP", "Excel"]
    assert Skill.objects.filter(name__iexact="sap").count() == 1
    assert position.created_by == hr


def test_slugs_are_unique(db):
    PositionFactory(slug="bookkeeper")
    assert services.unique_slug("Bookkeeper") == "bookkeeper-2"


def test_duplicate_is_a_draft_with_the_same_content(db, hr, interviewer):
    original = OpenPositionFactory()
    original.panel.add(interviewer)
    copy = services.position_duplicate(position=original, user=hr)
    assert copy.pk != original.pk and copy.status == Position.Status.DRAFT and copy.published_at is None
    assert copy.title.startswith("Copy of")
    assert list(copy.duties.values_list("description", flat=True)) == list(
        original.duties.values_list("description", flat=True)
    )
    assert set(copy.position_skills.values_list("skill_id", flat=True)) == set(
        original.position_skills.values_list("skill_id", flat=True)
    )
    assert list(copy.panel.all()) == [interviewer]
    assert copy.competencies.count() == 2


def test_expired_positions_are_closed(db):
    today = timezone.localdate()
    expired = OpenPositionFactory(closing_date=today - datetime.timedelta(days=1))
    current = OpenPositionFactory(closing_date=today)
    assert services.positions_close_expired(today=today) == 1
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.status == Position.Status.CLOSED
    assert current.status == Position.Status.OPEN
    assert services.positions_close_expired(today=today) == 0
