"""The close-expired task through a real Celery worker on the real Redis broker."""

import datetime

import pytest
from django.utils import timezone

from conftest import wait_for
from positions import tasks
from positions.models import Position
from positions.tests.factories import OpenPositionFactory


# The worker runs in another thread, so the data must be committed; serialized
# rollback restores the roles and competencies that migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_close_expired_positions_runs_on_a_real_worker(celery_worker):
    expired = OpenPositionFactory(closing_date=timezone.localdate() - datetime.timedelta(days=2))
    current = OpenPositionFactory()
    tasks.close_expired_positions.delay()
    assert wait_for(lambda: Position.objects.get(pk=expired.pk).status == Position.Status.CLOSED)
    current.refresh_from_db()
    assert current.status == Position.Status.OPEN
