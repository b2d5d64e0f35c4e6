"""Staff lists count at most CAP rows: the same cost at any length, and a bounded last page."""

import pytest
from django.urls import reverse

from candidates.models import Application
from candidates.tests.factories import ApplicationFactory
from core.paging import CappedPaginator
from positions.tests.factories import OpenPositionFactory


@pytest.mark.parametrize(
    ("rows", "count", "capped", "pages"),
    [(0, 0, False, 1), (2, 2, False, 1), (3, 3, False, 2), (4, 4, True, 2), (10, 4, True, 2)],
)
def test_the_count_stops_one_past_the_cap(reference_data, monkeypatch, rows, count, capped, pages):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    position = OpenPositionFactory()
    for _n in range(rows):
        ApplicationFactory(position=position)
    paginator = CappedPaginator(Application.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (count, capped, pages)


def test_the_table_says_more_than_the_cap_and_asks_to_filter(hr_client, reference_data, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    position = OpenPositionFactory()
    for _n in range(5):
        ApplicationFactory(position=position)
    url = reverse("candidates:table", kwargs={"pk": position.pk})
    html = hr_client.get(url).content.decode()
    assert "More than 3 applications: filter to narrow the list." in html
    far = hr_client.get(url, {"page": "999"})
    assert far.status_code == 200 and far.context["page_obj"].number == 1  # 4 rows counted: one page of 25


def test_the_table_counts_exactly_up_to_the_cap(hr_client, reference_data, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    position = OpenPositionFactory()
    for _n in range(3):
        ApplicationFactory(position=position)
    html = hr_client.get(reverse("candidates:table", kwargs={"pk": position.pk})).content.decode()
    assert "3 applications" in html and "More than" not in html


@pytest.mark.parametrize(("rows", "said"), [(3, "3 applications"), (4, "More than 3 applications: filter to narrow the list.")])
def test_the_ranking_counts_up_to_its_own_cap(hr_client, reference_data, monkeypatch, rows, said):
    from evaluations import ranking, ranking_list

    monkeypatch.setattr(ranking_list, "CAP", 3)
    position = OpenPositionFactory()
    for _n in range(rows):
        ApplicationFactory(position=position)
    ranking.rescore(position_id=position.pk)
    response = hr_client.get(reverse("evaluations:ranking", kwargs={"position_pk": position.pk}))
    html = response.content.decode()
    assert (said in html, "More than" in html, response.context["page_obj"].paginator.count, CappedPaginator.CAP) == (
        True, rows > 3, min(rows, 4), 5000
    )
