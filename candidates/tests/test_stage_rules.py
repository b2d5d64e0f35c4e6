"""The pipeline's rules per stage (candidates/stages.py), and the controls the pages show for each stage."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from candidates import privacy, stages
from candidates.models import RejectionReason, Stage
from candidates.tests.factories import ApplicationFactory
from evaluations import ranking
from positions.tests.factories import OpenPositionFactory

A, S, I, O, H, R, W = stages.ALL

# stage: (allowed moves in order, next stage)
MOVES = {
    A: ([S, I, O, H], S),
    S: ([A, I, O, H], I),
    I: ([A, S, O, H], O),
    O: ([A, S, I, H], H),
    H: ([O], None),
    R: ([A, S, I, O], A),
    W: ([A, S, I, O], A),
}

# stage: (can_move, undo_hire, quick_move, can_reject, can_schedule), neither anonymised nor masked
ACTIONS = {
    A: (True, False, True, True, True),
    S: (True, False, True, True, True),
    I: (True, False, True, True, True),
    O: (True, False, True, True, True),
    H: (True, True, False, False, False),
    R: (True, False, True, False, False),
    W: (True, False, True, False, False),
}

# current stage: the refusal of a move to each other stage, neither confirmed nor noted
REFUSALS = {
    A: {S: None, I: None, O: None, H: "confirm_hire", R: None, W: None},
    S: {A: None, I: None, O: None, H: "confirm_hire", R: None, W: None},
    I: {A: None, S: None, O: None, H: "confirm_hire", R: None, W: None},
    O: {A: None, S: None, I: None, H: "confirm_hire", R: None, W: None},
    H: {A: "bad_move", S: "bad_move", I: "bad_move", O: "undo_hire_note", R: "hired_final", W: "hired_final"},
    R: {A: None, S: None, I: None, O: None, H: "bad_move", W: None},
    W: {A: None, S: None, I: None, O: None, H: "bad_move", R: None},
}


def _flags(actions):
    return (actions.can_move, actions.undo_hire, actions.quick_move, actions.can_reject, actions.can_schedule)


def test_the_rules_cover_every_stage_of_the_model_in_its_order():
    assert list(stages.ALL) == Stage.values
    assert [str(label) for label in stages.LABELS.values()] == [str(label) for label in Stage.labels]
    assert list(MOVES) == list(ACTIONS) == list(REFUSALS) == Stage.values


@pytest.mark.parametrize("stage", stages.ALL)
def test_allowed_moves_and_next_stage_per_stage(stage):
    moves, following = MOVES[stage]
    assert stages.allowed_moves(stage) == moves
    assert stages.next_stage(stage) == following


@pytest.mark.parametrize("stage", stages.ALL)
def test_actions_per_stage_offer_the_allowed_moves_with_the_next_one_preselected(stage):
    moves, following = MOVES[stage]
    actions = stages.actions(stage)
    assert _flags(actions) == ACTIONS[stage]
    assert [(move.stage, str(move.label), move.is_next) for move in actions.moves] == [
        (s, str(stages.LABELS[s]), s == following) for s in moves
    ]


@pytest.mark.parametrize("stage", stages.ALL)
def test_blind_screening_withholds_only_scheduling(stage):
    can_move, undo_hire, quick_move, can_reject, _can_schedule = ACTIONS[stage]
    actions = stages.actions(stage, blind=True)
    assert _flags(actions) == (can_move, undo_hire, quick_move, can_reject, False)
    assert actions.moves == stages.actions(stage).moves


@pytest.mark.parametrize("stage", stages.ALL)
def test_an_anonymised_application_is_offered_nothing(stage):
    actions = stages.actions(stage, anonymised=True, blind=False)
    assert (actions.moves, _flags(actions)) == ((), (False, False, False, False, False))


@pytest.mark.parametrize("stage", stages.ALL)
def test_only_the_closed_columns_refuse_dropped_cards(stage):
    assert stages.accepts_drops(stage) is (stage not in (R, W))


@pytest.mark.parametrize("current", stages.ALL)
def test_refusal_codes_for_every_move_unconfirmed_and_without_a_note(current):
    assert {to: stages.refusal(current, to, confirmed=False, noted=False) for to in REFUSALS[current]} == REFUSALS[current]


@pytest.mark.parametrize("current", stages.ALL)
def test_a_confirmation_and_a_note_lift_only_the_confirm_and_note_refusals(current):
    expected = {
        to: None if code in ("confirm_hire", "undo_hire_note") else code for to, code in REFUSALS[current].items()
    }
    assert {to: stages.refusal(current, to, confirmed=True, noted=True) for to in REFUSALS[current]} == expected


def test_the_stage_rules_import_neither_the_orm_nor_the_request():
    code = "import sys, candidates.stages; print(sorted(m for m in sys.modules if m.startswith(('django.db', 'django.http'))))"
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------------------
# The pages: each control shown exactly when the rule's boolean says so
# ---------------------------------------------------------------------------
def _application(stage, **kwargs):
    kind = {R: RejectionReason.Kind.WE_REJECTED, W: RejectionReason.Kind.THEY_WITHDREW}.get(stage)
    reason = RejectionReason.objects.filter(kind=kind).first() if kind else None
    return ApplicationFactory(stage=stage, rejection_reason=reason, **kwargs)


def _card(html, application):
    match = re.search(
        rf'<li class="board-card[^"]*" data-move-url="{reverse("candidates:move", args=[application.pk])}".*?</li>', html, re.S
    )
    return match.group(0)


def _options(html, select_id):
    select = re.search(rf'<select[^>]*id="{select_id}">(.*?)</select>', html, re.S)
    return re.findall(r'<option value="(\w+)"( selected)?>', select.group(1)) if select else []


@pytest.mark.parametrize("stage", stages.ALL)
def test_board_column_accepts_drops_and_card_shows_drag_move_and_reject_per_stage(hr_client, reference_data, stage):
    application = _application(stage)
    html = hr_client.get(reverse("candidates:board", args=[application.position_id])).content.decode()
    column = re.search(rf'data-stage="{stage}"\s+data-accepts="(\w+)"', html).group(1)
    card = _card(html, application)
    _can_move, _undo, quick_move, can_reject, _schedule = ACTIONS[stage]
    moves, following = MOVES[stage]
    assert column == ("no" if stage in (R, W) else "yes")
    assert f'data-draggable="{"yes" if quick_move else "no"}"' in card
    assert _options(card, f"move-{application.pk}") == ([(s, " selected" if s == following else "") for s in moves] if quick_move else [])
    assert ("Reject or withdraw…" in card) is can_reject


@pytest.mark.parametrize("stage", stages.ALL)
def test_detail_page_shows_move_undo_hire_reject_and_schedule_per_stage(hr_client, reference_data, stage):
    application = _application(stage)
    html = hr_client.get(application.get_absolute_url()).content.decode()
    can_move, undo_hire, _quick, can_reject, can_schedule = ACTIONS[stage]
    moves, following = MOVES[stage]
    assert _options(html, "move-to") == [(s, " selected" if s == following else "") for s in moves]
    assert ("Undo the hire" in html, "Why the hire is undone (required)" in html) == (undo_hire, undo_hire)
    assert (reverse("candidates:reject", args=[application.pk]) in html) is can_reject
    assert (reverse("evaluations:schedule", args=[application.pk]) in html) is can_schedule


def test_detail_page_of_a_masked_application_offers_moves_and_rejection_but_no_interview(hr_client, reference_data):
    application = _application(A, position=OpenPositionFactory(blind_screening=True))
    html = hr_client.get(application.get_absolute_url()).content.decode()
    assert [value for value, _selected in _options(html, "move-to")] == MOVES[A][0]
    assert reverse("candidates:reject", args=[application.pk]) in html
    assert reverse("evaluations:schedule", args=[application.pk]) not in html


def test_detail_page_of_an_anonymised_application_offers_no_move_rejection_or_interview(
    hr_client, reference_data, django_capture_on_commit_callbacks
):
    application = _application(I)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.application_anonymise(application)
    html = hr_client.get(application.get_absolute_url()).content.decode()
    assert _options(html, "move-to") == []
    assert reverse("candidates:reject", args=[application.pk]) not in html
    assert reverse("evaluations:schedule", args=[application.pk]) not in html


@pytest.mark.parametrize("stage", stages.ALL)
def test_ranking_bulk_move_to_the_next_stage_follows_the_rules_and_returns_to_the_ranking(hr_client, reference_data, stage):
    application = _application(stage)
    ranking.rescore(position_id=application.position_id)
    url = reverse("evaluations:ranking", kwargs={"position_pk": application.position_id})
    html = hr_client.get(url).content.decode()
    # One form for the page, with the table's stages; no form per row.
    assert (_options(html, "bulk-stage"), html.count("<form")) == ([(s, "") for s in stages.ACTIVE], 4)  # the layout has two
    target = MOVES[stage][1] or O
    response = hr_client.post(reverse("candidates:bulk", args=[application.position_id]), {
        "action": "move", "to_stage": target, "applications": [application.pk], "return_to": "ranking",
        "list_query": "sort=skills",
    })
    application.refresh_from_db()
    assert (response.url, application.stage) == (
        f"{url}?sort=skills", target if REFUSALS[stage][target] is None else stage
    )
