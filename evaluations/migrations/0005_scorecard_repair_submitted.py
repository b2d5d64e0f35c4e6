"""Repair scorecards that break the rule the next migration puts in the database.

Submitted ⇔ submission time and recommendation set. A "submitted" scorecard missing either goes back to
draft (its interviewer completes it again); a draft with a submission time loses it. Run
`manage.py rescore` afterwards if any submitted scorecard was reverted (the migration logs the ids).
"""

import logging

from django.db import migrations
from django.db.models import Q

logger = logging.getLogger(__name__)


def repair(apps, schema_editor):
    Scorecard = apps.get_model("evaluations", "Scorecard")
    broken_submitted = Scorecard.objects.filter(status="submitted").filter(
        Q(submitted_at__isnull=True) | Q(recommendation="")
    )
    reverted = list(broken_submitted.values_list("pk", flat=True))
    if reverted:
        logger.warning("scorecards back to draft (submitted without recommendation or time): %s", reverted)
        Scorecard.objects.filter(pk__in=reverted).update(status="draft", submitted_at=None)
    # Anything neither submitted nor draft is a draft; drafts have no submission time.
    Scorecard.objects.exclude(status__in=["submitted", "draft"]).update(status="draft", submitted_at=None)
    Scorecard.objects.filter(status="draft", submitted_at__isnull=False).update(submitted_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_reminder_sending_state"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
    ]
