"""Repair scorecards that break the rule the next migration puts in the database.

Submitted ⇔ submission time and recommendation set. A "submitted" scorecard with a recommendation but
no time keeps its submission, timed at its last change; one without a recommendation goes back to draft
(its interviewer completes it again); a draft with a submission time loses it. Every application whose
scorecards changed is marked for re-scoring, which beat does within a minute.
"""

import logging

from django.db import migrations
from django.db.models.functions import Now

logger = logging.getLogger(__name__)


def repair(apps, schema_editor):
    Scorecard = apps.get_model("evaluations", "Scorecard")
    Application = apps.get_model("candidates", "Application")
    touched = set()
    untimed = Scorecard.objects.filter(status="submitted", submitted_at__isnull=True).exclude(recommendation="")
    for scorecard in untimed.only("pk", "updated_at", "interview__application_id").select_related("interview"):
        Scorecard.objects.filter(pk=scorecard.pk).update(submitted_at=scorecard.updated_at)
        touched.add(scorecard.interview.application_id)
    broken_submitted = Scorecard.objects.filter(status="submitted", recommendation="")
    reverted = list(broken_submitted.values_list("pk", flat=True))
    if reverted:
        logger.warning("scorecards back to draft (submitted without a recommendation): %s", reverted)
        touched.update(broken_submitted.values_list("interview__application_id", flat=True))
        Scorecard.objects.filter(pk__in=reverted).update(status="draft", submitted_at=None)
    # Anything neither submitted nor draft is a draft; drafts have no submission time.
    Scorecard.objects.exclude(status__in=["submitted", "draft"]).update(status="draft", submitted_at=None)
    Scorecard.objects.filter(status="draft", submitted_at__isnull=False).update(submitted_at=None)
    if touched:
        Application.objects.filter(pk__in=touched).update(rescore_requested_at=Now())


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_reminder_sending_state"),
        ("candidates", "0006_integrity_rules"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
    ]
