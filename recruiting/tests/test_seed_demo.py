"""The demo's positions are their role templates' positions (role_templates.position_fields)."""

import io

import pytest
from django.core.management import call_command

from positions import role_templates
from positions.models import Position
from recruiting.management.commands.seed_demo import POSITIONS


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("slug, language", [(slug, language) for slug, language, *_rest in POSITIONS])
def test_seed_demo_position_equals_its_templates_position_fields(seeded, slug, language):
    expected = role_templates.position_fields(role_templates.get_template(slug), language)
    position = Position.objects.get(slug=f"{slug}-{language}")
    assert {name: getattr(position, name) for name in expected.fields} == expected.fields
    assert sorted(position.competencies.values_list("slug", flat=True)) == sorted(expected.competencies)
    assert list(position.duties.values_list("description", "time_share", "essential")) == expected.duties
    assert list(position.position_skills.values_list("skill__name", "importance", "weight")) == expected.skills
