"""The scoring settings page of a position (HR): weights, the panel's calibration and a worked example."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import ranking, scoring, scoring_settings
from .views import _hr_position


@require_GET
@login_required
def scoring_settings_page(request, position_pk):
    position = _hr_position(request, position_pk)
    position_skills = list(position.position_skills.select_related("skill"))
    panel = list(position.panel.order_by("first_name", "last_name", "username"))
    calibration = scoring_settings.panel_calibration(panel, ranking.rating_history())
    requirement = position.requirement
    return render(
        request,
        "evaluations/scoring_settings.html",
        {
            "position": position,
            "weights": (
                position.score_weight_skills, position.score_weight_background, position.score_weight_interpersonal
            ),
            "evidence": {
                "skill_lines": 100 - position.evidence_weight_exercises,
                "exercises": position.evidence_weight_exercises,
                "interviews": 100 - position.evidence_weight_references - position.evidence_weight_judgement,
                "references": position.evidence_weight_references,
                "judgement": position.evidence_weight_judgement,
            },
            "skills": scoring_settings.skill_weights(position_skills),
            "requirement": requirement,
            "no_requirement": scoring.explain("background_no_requirement", {}),
            "competencies": list(position.competencies.all()),
            "calibration": calibration,
            "minimum_ratings": scoring.CALIBRATION_MIN_RATINGS,
            "declared_value": round(100 * scoring.DECLARED),
            "text_value": round(100 * scoring.TEXT_MATCH),
            "example": scoring_settings.worked_example(position, position_skills, calibration),
        },
    )
