"""The hiring pipeline's stages and what may happen at each: plain rules on stage values, no database, no request.

- The active stages run in order: applied → screening → interview → offer → hired. Rejected and
  withdrawn close an application; closing needs a reason (the service checks which).
- A plain move goes to any other active stage. A closed application reopens at any active stage
  but hired. A hire is undone only back to offer, saying why; it cannot be closed before that.
- Hiring is confirmed on its own page. The usual next step is offered first, so one careless
  click never moves someone backwards.
- The pages offer a rejection, and interviews are scheduled, only while an application is undecided
  (neither hired nor closed); interviews also wait until blind screening no longer masks the person.
  An anonymised application does nothing more.

candidates.models.Stage is the Django choices type built on these values. Pages get the booleans
of ``actions`` and never compare stage names; permissions stay with the views and templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

APPLIED = "applied"
SCREENING = "screening"
INTERVIEW = "interview"
OFFER = "offer"
HIRED = "hired"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

ACTIVE = (APPLIED, SCREENING, INTERVIEW, OFFER, HIRED)  # in pipeline order
CLOSED = (REJECTED, WITHDRAWN)
ALL = ACTIVE + CLOSED

LABELS: dict[str, StrOrPromise] = {
    APPLIED: _("Applied"),
    SCREENING: _("Screening"),
    INTERVIEW: _("Interview"),
    OFFER: _("Offer"),
    HIRED: _("Hired"),
    REJECTED: _("Rejected"),
    WITHDRAWN: _("Withdrawn"),
}


def is_closed(stage: str) -> bool:
    return stage in CLOSED


def allowed_moves(stage: str) -> list[str]:
    """Stages reachable by a plain move, in pipeline order (closing needs a reason: never listed)."""
    if stage == HIRED:
        return [OFFER]
    if is_closed(stage):
        return [s for s in ACTIVE if s != HIRED]
    return [s for s in ACTIVE if s != stage]


def next_stage(stage: str) -> str | None:
    """The usual next step: the first later active stage, else the first move; never undoing a hire."""
    if stage == HIRED:
        return None
    moves = allowed_moves(stage)
    if stage in ACTIVE:
        for later in ACTIVE[ACTIVE.index(stage) + 1 :]:
            if later in moves:
                return later
    return moves[0] if moves else None


def is_hire(current: str, to: str) -> bool:
    """The one move confirmed on its own page before it is recorded."""
    return to == HIRED and current != HIRED


def undoes_hire(current: str, to: str) -> bool:
    """A move that needs a note saying why."""
    return current == HIRED and to != HIRED


def is_undecided(stage: str) -> bool:
    """Neither hired nor closed: only then do the pages offer a rejection, and interviews get scheduled."""
    return stage in ACTIVE and stage != HIRED


def accepts_drops(stage: str) -> bool:
    """Whether the board's column for `stage` takes a card dropped on it (closing asks for a reason first)."""
    return not is_closed(stage)


def refusal(current: str, to: str, *, confirmed: bool, noted: bool) -> str | None:
    """Why the pipeline refuses a move between two different stages, as an error code; None if it allows it.

    `confirmed`: the hire was confirmed; `noted`: a note says why. Closing is allowed from any stage but
    hired ("hired_final"); the service checks its reason.
    """
    if is_closed(to):
        return "hired_final" if current == HIRED else None
    if to not in allowed_moves(current):
        return "bad_move"
    if is_hire(current, to) and not confirmed:
        return "confirm_hire"
    if undoes_hire(current, to) and not noted:
        return "undo_hire_note"
    return None


class Move(NamedTuple):
    stage: str
    label: StrOrPromise  # translated when shown
    is_next: bool  # preselected in the move form


@dataclass(frozen=True)
class Actions:
    """What the pages offer for an application at one stage; the user's permissions are checked besides."""

    moves: tuple[Move, ...]  # the move form's choices, in pipeline order
    can_move: bool  # the candidate page's move form (which may undo a hire)
    undo_hire: bool  # that form undoes a hire: it asks why and says so on its button
    quick_move: bool  # moved in one step, without a note: dragged or moved on the board, moved from the ranking
    can_reject: bool  # "Reject or withdraw…"
    can_schedule: bool  # "Schedule an interview"


NOTHING = Actions(moves=(), can_move=False, undo_hire=False, quick_move=False, can_reject=False, can_schedule=False)


def actions(stage: str, *, anonymised: bool = False, blind: bool = False) -> Actions:
    """The actions at `stage`; `anonymised`: the application was anonymised; `blind`: blind screening masks it."""
    if anonymised:
        return NOTHING
    following = next_stage(stage)
    moves = tuple(Move(s, LABELS[s], s == following) for s in allowed_moves(stage))
    return Actions(
        moves=moves,
        can_move=bool(moves),
        undo_hire=stage == HIRED,
        quick_move=bool(moves) and stage != HIRED,
        can_reject=is_undecided(stage),
        can_schedule=is_undecided(stage) and not blind,
    )
