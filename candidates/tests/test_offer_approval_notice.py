"""The hiring manager hears of an offer waiting for their approval: one e-mail per request, in their language,
with the terms and the pay flag; never to themselves, nor to someone who left or has no address."""

import datetime
from decimal import Decimal

import pytest

from candidates import offers
from candidates.models import Offer, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core.models import StaffEmail, profile_for
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TERMS = offers.Terms(pay=Decimal("31000.00"), start_date=datetime.date(2027, 3, 1),
                     contract_type=Offer.ContractType.PERMANENT, weekly_hours=Decimal("40"))


@pytest.fixture
def manager(reference_data):
    user = UserFactory(username="elena", first_name="Elena", last_name="Rossi", role="interviewer")
    profile = profile_for(user)
    profile.language = "en"
    profile.save()
    return user


@pytest.fixture
def offer(manager, hr):
    position = OpenPositionFactory(title="Bookkeeper", hiring_manager=manager, pay_min=24000, pay_max=30000)
    application = ApplicationFactory(position=position, stage=Stage.OFFER,
                                     candidate=CandidateFactory(first_name="Chiara", last_name="Bianchi"))
    return offers.offer_save_draft(application=application, user=hr, terms=TERMS)


def test_asking_for_approval_emails_the_hiring_manager_the_terms(offer, hr, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        offers.offer_request_approval(offer=offer, user=hr, comment="  She asked for 31k; worth it.  ")
    [email] = StaffEmail.objects.all()
    assert (email.key, email.recipient, email.to, email.payload, len(callbacks)) == (
        f"offer-approval:{offer.pk}:1:{manager.pk}", manager, manager.email, {"offer": offer.pk}, 1)
    assert email.subject == "Offer to approve: Chiara Bianchi for Bookkeeper"
    assert email.body == (
        "Dear Elena,\n\n"
        "Giulia Ferri asks you to approve the offer to Chiara Bianchi for Bookkeeper: Permanent (tempo indeterminato), "
        "from 1 March 2027, €31,000.00 gross a year, 40 hours (full time).\n\n"
        "Pay: above the posted range.\n\n"
        "She asked for 31k; worth it.\n\n"
        f"Approve it, or send it back saying what to change: http://127.0.0.1:8000/staff/offers/{offer.pk}/\n\n"
        "Studio Demo S.r.l."
    )


def test_the_hiring_manager_reads_it_in_their_language(offer, hr, manager):
    profile = profile_for(manager)
    profile.language = "it"
    profile.save()
    offers.offer_request_approval(offer=offer, user=hr)
    email = StaffEmail.objects.get()
    assert email.subject == "Offerta da approvare: Chiara Bianchi per Bookkeeper"
    assert email.body.startswith("Gentile Elena,\n\nGiulia Ferri ti chiede di approvare l'offerta a Chiara Bianchi "
                                 "per Bookkeeper: Tempo indeterminato, dal 1° marzo 2027")


def test_a_double_click_and_a_second_request_after_a_send_back(offer, hr, manager):
    offers.offer_request_approval(offer=offer, user=hr)
    offers.offer_request_approval(offer=offer, user=hr)  # already waiting: nothing new
    assert StaffEmail.objects.count() == 1
    offers.offer_send_back(offer=offer, user=manager, comment="Start in April.")
    offers.offer_request_approval(offer=offer, user=hr)
    assert list(StaffEmail.objects.order_by("pk").values_list("key", flat=True)) == [
        f"offer-approval:{offer.pk}:1:{manager.pk}", f"offer-approval:{offer.pk}:2:{manager.pk}"]


@pytest.mark.parametrize("who", ["asks-themselves", "left", "no-address"])
def test_nobody_is_emailed_when_the_manager_cannot_or_need_not_read_it(offer, hr, manager, who):
    asker = hr
    if who == "asks-themselves":
        asker = manager
    elif who == "left":
        manager.is_active = False
        manager.save()
    else:
        manager.email = ""
        manager.save()
    offers.offer_request_approval(offer=offer, user=asker)
    assert StaffEmail.objects.count() == 0
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.AWAITING_APPROVAL


def test_the_dashboard_lists_the_offers_waiting_for_the_managers_approval(client, offer, hr, manager):
    other = ApplicationFactory(position=offer.application.position, stage=Stage.OFFER,
                               candidate=CandidateFactory(first_name="Bruno", last_name="Neri"))
    offers.offer_save_draft(application=other, user=hr, terms=TERMS)  # a draft: not waiting yet
    client.force_login(manager)
    assert "offers-to-approve" not in client.get("/staff/").content.decode()
    offers.offer_request_approval(offer=offer, user=hr)
    html = client.get("/staff/").content.decode()
    assert f'<a href="/staff/offers/{offer.pk}/">Chiara Bianchi — Bookkeeper</a>' in html
    assert "Bruno Neri" not in html
    assert [o.pk for o in offers.awaiting_approval(manager)] == [offer.pk]
    assert offers.awaiting_approval(hr) == []
