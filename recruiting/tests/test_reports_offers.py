"""The offer acceptance rate: accepted / (accepted + declined) of the offers sent in the period."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Offer, Stage
from candidates.tests.factories import ApplicationFactory
from positions.tests.factories import OpenPositionFactory
from recruiting import reports

D = datetime.timedelta(days=1)


def _offers(hr, statuses, *, sent_days_ago=3, position=None):
    """One offer per status on its own application; sent `sent_days_ago` unless a draft."""
    position = position or OpenPositionFactory(function="accounting")
    for status in statuses:
        application = ApplicationFactory(position=position, stage=Stage.OFFER)
        Offer.objects.create(
            application=application, status=status, pay=Decimal("28000"), start_date=datetime.date(2027, 3, 1),
            contract_type="permanent", weekly_hours=Decimal("40"), created_by=hr,
            sent_at=None if status in ("draft", "awaiting", "approved") else timezone.now() - sent_days_ago * D,
            decline_reason="pay" if status == "declined" else "",
        )
    return position


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], (0, 0, 0, 0, 0, None)),
        (["draft", "approved"], (0, 0, 0, 0, 0, None)),
        (["accepted", "accepted", "declined", "sent", "withdrawn"], (5, 2, 1, 1, 1, Decimal("66.7"))),
        (["accepted"] + ["declined"] * 7, (8, 1, 7, 0, 0, Decimal("12.5"))),
        (["accepted", "sent"], (2, 1, 0, 1, 0, Decimal("100.0"))),
        (["sent", "sent"], (2, 0, 0, 2, 0, None)),
        (["declined", "declined", "accepted"], (3, 1, 2, 0, 0, Decimal("33.3"))),
    ],
    ids=["none-sent", "only-unsent", "two-of-three", "one-of-eight", "all-answered-accepted", "none-answered",
         "one-of-three"],
)
def test_offer_acceptance_rate(hr, statuses, expected):
    _offers(hr, statuses)
    row = reports.offer_acceptance(reports.Filters())
    assert (row["sent"], row["accepted"], row["declined"], row["waiting"], row["withdrawn"], row["rate"]) == expected


def test_offer_rate_counts_offers_sent_in_the_period_and_the_position(hr):
    position = _offers(hr, ["accepted", "declined"], sent_days_ago=3)
    _offers(hr, ["declined"], sent_days_ago=20, position=position)  # before the period
    _offers(hr, ["declined"], sent_days_ago=3)  # another position
    today = timezone.localdate()
    row = reports.offer_acceptance(reports.Filters(date_from=today - 10 * D, date_to=today, position_id=position.pk))
    assert (row["sent"], row["accepted"], row["declined"], row["rate"]) == (2, 1, 1, Decimal("50.0"))


@pytest.mark.parametrize(("statuses", "shown"), [([], "—"), (["accepted", "accepted", "declined"], "66.7%")],
                         ids=["dash-when-none-sent", "rate"])
def test_reports_page_shows_the_offer_rate(hr_client, hr, statuses, shown):
    _offers(hr, statuses)
    page = hr_client.get(reverse("staff:reports")).content.decode()
    start = page.index('id="offer-rate"')
    assert f"<strong>{shown}</strong>" in page[start:start + 300]
