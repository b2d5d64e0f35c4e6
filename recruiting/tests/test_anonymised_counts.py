"""An anonymised application leaves the staff counts and lists that name people: the positions list's applicant
counts and the ranking agree with the pipeline, which never counted it."""

import pytest

from candidates import privacy, selectors
from candidates.tests.factories import ApplicationFactory
from evaluations import ranking
from evaluations import selectors as evaluation_selectors
from positions.tests.factories import OpenPositionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("anonymised, counted", [(0, 3), (1, 2), (3, 0)])
def test_the_positions_list_and_the_ranking_leave_anonymised_applications_out(reference_data, anonymised, counted):
    position = OpenPositionFactory()
    applications = [ApplicationFactory(position=position) for _ in range(3)]
    ranking.rescore(position_id=position.pk)
    for application in applications[:anonymised]:
        privacy.application_anonymise(application)
    assert sum(selectors.position_applicant_counts([position.pk]).get(position.pk, {}).values()) == counted
    ranked = evaluation_selectors.ranking(position, filters={})
    assert sorted(score.application_id for score in ranked) == sorted(a.pk for a in applications[anonymised:])
