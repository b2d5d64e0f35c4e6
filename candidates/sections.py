"""What the candidates app adds to the positions app's pages, through positions.hooks (plugged in by apps.py)."""

from django.template.loader import get_template

from . import selectors
from .models import Stage


def position_list_applicants(request, positions) -> dict[int, str]:
    """The "Applicants" cell of each position on one page of the staff list: the total and the count per stage."""
    counts = selectors.position_applicant_counts([position.pk for position in positions])
    cell = get_template("candidates/partials/position_applicants.html")  # rendered per row without the request
    may_open_board = request.user.has_perm("candidates.view_application")  # (no context processors per row)
    cells = {}
    for position in positions:
        by_stage = counts.get(position.pk, {})
        cells[position.pk] = cell.render({
            "position": position,
            "total": sum(by_stage.values()),
            "stages": [(stage.label, by_stage.get(stage.value, 0)) for stage in Stage],
            "may_open_board": may_open_board,
        })
    return cells
