"""Where later apps plug into positions' rules (see core/hooks.py)."""

from core.hooks import Hook

blind_screening_switch = Hook(
    "positions.blind_screening_switch",
    """(position, *, blind_screening) -> why blind screening cannot be switched to `blind_screening` on this
    saved position now, in words, or None. The candidates app knows who is masked; it answers here.""",
    required=True,
)

position_list_applicants = Hook(
    "positions.position_list_applicants",
    """(request, positions) -> {position pk: HTML of the "Applicants" cell} for one page of the staff list of
    positions, in a fixed number of queries. The candidates app answers with the counts by stage.""",
)
