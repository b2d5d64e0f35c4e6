"""The pipeline board shows a bounded number of cards per column, whatever the number of applications: the
column's count, the most relevant first, "show more" and a link to the table; searching narrows every column."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application, Candidate, RejectionReason, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory

START = timezone.make_aware(datetime.datetime(2026, 10, 1, 9, 0))


def _fill(position, count: int, *, stage: str = Stage.APPLIED, meets: bool = True, tag: str = "p") -> list[int]:
    """`count` applications in one go (bulk rows: the board reads no résumé), the later the newer."""
    kind = {Stage.REJECTED: "we_rejected", Stage.WITHDRAWN: "they_withdrew"}.get(stage)
    reason = RejectionReason.objects.filter(kind=kind).first() if kind else None
    candidates = Candidate.objects.bulk_create(
        Candidate(first_name=f"{tag}{n}", last_name="Bulk", email=f"{tag}{n}-{uuid.uuid4().hex[:8]}@example.invalid",
                  email_normalized=f"{tag}{n}-{uuid.uuid4().hex}@example.invalid") for n in range(count)
    )
    rows = Application.objects.bulk_create(
        Application(candidate=c, position=position, stage=stage, education_level=2, years_experience=3,
                    resume_name="cv.pdf", privacy_acknowledged_at=START, privacy_notice_version="2026-11",
                    submission_token=uuid.uuid4(), meets_requirements=meets, rejection_reason=reason)
        for c in candidates
    )
    for n, row in enumerate(rows):  # applied_at is auto_now_add: set it afterwards
        Application.objects.filter(pk=row.pk).update(applied_at=START + datetime.timedelta(minutes=n))
    return [row.pk for row in rows]


def _column(html: str, stage: str) -> str:
    return html.split(f'data-column="{stage}"')[1].split("</section>")[0]


def _cards(column: str) -> int:
    return column.count('class="board-card')


@pytest.fixture
def position(reference_data):
    return OpenPositionFactory()


@pytest.mark.parametrize(
    ("count", "asked", "shown", "more"),
    [
        (25, None, 25, None),  # all of them: no footer
        (26, None, 25, "50"),
        (26, "50", 26, None),
        (60, "50", 50, "75"),
        (60, "abc", 25, "50"),  # a tampered length is the default
        (60, "-5", 25, "50"),
        (60, "100000", 60, None),  # capped at 200, and 60 is all of them
        (210, "200", 200, ""),  # the most a column shows: only the table link
        (210, "175", 175, "200"),
    ],
)
def test_a_column_shows_its_count_and_a_bounded_number_of_cards(hr_client, position, count, asked, shown, more):
    _fill(position, count)
    url = reverse("candidates:board", kwargs={"pk": position.pk})
    html = hr_client.get(url, {"n_applied": asked} if asked is not None else {}).content.decode()
    column = _column(html, Stage.APPLIED)
    assert _cards(column) == shown
    assert re.search(r"data-count[^>]*>(\d+)<", column).group(1) == str(count)
    if more is None:
        assert "data-more" not in column
        return
    assert f"Showing {shown} of {count}" in column
    assert f'href="{reverse("candidates:table", kwargs={"pk": position.pk})}?stage=applied"' in column
    if more:
        assert f'href="{url}?n_applied={more}"' in column
    else:
        assert "Show more" not in column


def test_cards_come_most_relevant_first_meeting_the_requirements_then_newest(hr_client, position):
    meets = _fill(position, 3, meets=True, tag="yes")
    misses = _fill(position, 2, meets=False, tag="no")
    Application.objects.filter(pk__in=misses).update(applied_at=START + datetime.timedelta(days=5))  # the newest
    response = hr_client.get(reverse("candidates:board", kwargs={"pk": position.pk}))
    [applied] = [c for c in response.context["columns"] if c.stage == Stage.APPLIED]
    assert [a.pk for a in applied.applications] == [meets[2], meets[1], meets[0], misses[1], misses[0]]


def test_a_column_length_is_kept_by_show_more_on_the_other_columns(hr_client, position):
    _fill(position, 30, tag="a")
    _fill(position, 30, stage=Stage.SCREENING, tag="s")
    url = reverse("candidates:board", kwargs={"pk": position.pk})
    html = hr_client.get(url, {"n_applied": "50", "q": "Bulk"}).content.decode()
    assert _cards(_column(html, Stage.APPLIED)) == 30
    assert f'href="{url}?q=Bulk&amp;n_applied=50&amp;n_screening=50"' in _column(html, Stage.SCREENING)


def test_the_search_narrows_every_column_and_its_count(hr_client, position):
    ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Ottavia", last_name="Rinaldi"))
    ApplicationFactory(position=position, stage=Stage.SCREENING,
                       candidate=CandidateFactory(first_name="Bruno", last_name="Rinaldi"))
    ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Carla", last_name="Fontana"))
    response = hr_client.get(reverse("candidates:board", kwargs={"pk": position.pk}), {"q": "rinaldi"})
    counts = {c.stage: c.count for c in response.context["columns"]}
    assert counts == {**dict.fromkeys(Stage.values, 0), Stage.APPLIED: 1, Stage.SCREENING: 1}
    html = response.content.decode()
    assert "Ottavia" in html and "Bruno" in html and "Carla" not in html
    assert 'value="rinaldi"' in html
    assert html.count("No one here matches the search.") == len(Stage.values) - 2


def test_the_board_search_does_not_find_a_masked_person_by_name(hr_client, reference_data):
    blind = OpenPositionFactory(blind_screening=True)
    masked = ApplicationFactory(position=blind, candidate=CandidateFactory(first_name="Ottavia", last_name="Rinaldi"))
    url = reverse("candidates:board", kwargs={"pk": blind.pk})
    by_name = hr_client.get(url, {"q": "Rinaldi"})
    assert sum(c.count for c in by_name.context["columns"]) == 0
    by_number = hr_client.get(url, {"q": f"#{masked.pk}"})
    assert sum(c.count for c in by_number.context["columns"]) == 1
    assert "Rinaldi" not in by_number.content.decode()


def test_a_card_moved_from_a_searched_longer_board_comes_back_on_the_same_board(hr_client, position):
    ids = _fill(position, 40)
    url = reverse("candidates:move", kwargs={"pk": ids[-1]})
    response = hr_client.post(f"{url}?n_applied=50&q=Bulk", {"to_stage": Stage.SCREENING}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert _cards(_column(html, Stage.APPLIED)) == 39 and _cards(_column(html, Stage.SCREENING)) == 1
    assert 'data-state="q=Bulk&amp;n_applied=50"' in html


def test_the_move_button_returns_to_the_board_as_it_was(hr_client, position):
    ids = _fill(position, 30)
    board = reverse("candidates:board", kwargs={"pk": position.pk})
    html = hr_client.get(board, {"n_applied": "50"}).content.decode()
    assert f'name="next" value="{board}?n_applied=50"' in html
    response = hr_client.post(reverse("candidates:move", kwargs={"pk": ids[0]}),
                              {"to_stage": Stage.SCREENING, "next": f"{board}?n_applied=50"})
    assert response["Location"] == f"{board}?n_applied=50"


def test_board_queries_are_the_same_at_30_and_3000_applications(hr_client, position, django_assert_num_queries):
    for stage in Stage.values:
        _fill(position, 30 // len(Stage.values) + 1, stage=stage, tag=f"{stage}-a")
    url = reverse("candidates:board", kwargs={"pk": position.pk})
    # Session, user and its two permission reads, the position, one count for every column, one query per
    # column's cards (7), the menu's groups; nothing per card.
    with django_assert_num_queries(QUERIES):
        hr_client.get(url)
    for stage in Stage.values:
        _fill(position, 3000 // len(Stage.values), stage=stage, tag=f"{stage}-b")
    with django_assert_num_queries(QUERIES):
        response = hr_client.get(url)
    stages = len(Stage.values)
    assert sum(c.count for c in response.context["columns"]) == stages * (30 // stages + 1 + 3000 // stages)
    assert sum(len(c.applications) for c in response.context["columns"]) == stages * 25


QUERIES = 6 + len(Stage.values) + 1
