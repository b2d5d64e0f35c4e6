"""What the candidates app adds to the positions app's pages, through positions.hooks (plugged in by apps.py)."""

from django.template.loader import render_to_string

from . import selectors
from .models import Stage


def position_list_applicants(request, positions) -> dict[int, str]:
    """The "Applicants" cell of each position on one page of the staff list: the total and the count per stage."""
    counts = selectors.position_applicant_counts([position.pk for position in positions])
    cells = {}
    for position in positions:
        by_stage = counts.get(position.pk, {})
        context = {
            "position": position,
            "total": sum(by_stage.values()),
            "stages": [(stage.label, by_stage.get(stage.value, 0)) for stage in Stage],
        }
        cells[position.pk] = render_to_string("candidates/partials/position_applicants.html", context, request=request)
    return cells
