"""The close-expired task through a real Celery worker on the real Redis broker."""

import datetime

import pytest
from django.utils import timezone

from positions import tasks
from positions.models import Position
from positions.tests.factories import OpenPositionFactory


# The worker runs in another thread, so the data must be committed; serialized
# rollback restores the roles and competencies that migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_close_expired_positions_runs_on_a_real_worker(celery_worker):
    expired = OpenPositionFactory(closing_date=timezone.localdate() - datetime.timedelta(days=2))
    current = OpenPositionFactory()
    result = tasks.close_expired_positions.apply_async(ignore_result=False)
    assert result.get(timeout=30) == 1
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.status == Position.Status.CLOSED
    assert current.status == Position.Status.OPEN
    assert tasks.close_expired_positions.apply_async(ignore_result=False).get(timeout=30) == 0
