"""The admin's log of e-mails to staff: a failed or uncertain one is sent again, a sent one is left alone."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import StaffEmail

pytestmark = pytest.mark.django_db


def _row(key, status, hr):
    return StaffEmail.objects.create(key=key, recipient=hr, to="giulia@example.invalid", subject=f"Subject {key}",
                                     body="Body", status=status, attempts=1)


@pytest.mark.parametrize(
    "status, queued, outbox, after",
    [
        pytest.param("failed", 1, 1, "sent", id="failed-is-sent-again"),
        pytest.param("uncertain", 1, 1, "sent", id="uncertain-is-sent-again"),
        pytest.param("sent", 0, 0, "sent", id="sent-is-left-alone"),
    ],
)
def test_send_again_from_the_admin(admin_client, hr, status, queued, outbox, after):
    row = _row("staff:test:1", status, hr)
    response = admin_client.post(reverse("admin:core_staffemail_changelist"),
                                 {"action": "resend", "index": "0", "_selected_action": [row.pk]}, follow=True)
    assert response.status_code == 200
    row.refresh_from_db()
    assert (len(mail.outbox), row.status) == (outbox, after)
    if outbox:
        assert (mail.outbox[0].subject, mail.outbox[0].to) == ("Subject staff:test:1", ["giulia@example.invalid"])


def test_the_staff_email_log_offers_no_add_or_delete(admin_client, hr):
    row = _row("staff:test:2", "sent", hr)
    assert admin_client.get(reverse("admin:core_staffemail_add")).status_code == 403
    assert admin_client.get(reverse("admin:core_staffemail_delete", args=[row.pk])).status_code == 403
    assert admin_client.get(reverse("admin:core_staffemail_change", args=[row.pk])).status_code == 200
