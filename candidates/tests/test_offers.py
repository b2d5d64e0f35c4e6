"""Offers: the status machine, the pay flag, approval and sending, the letter, the candidate's link and answer."""

import datetime
import io
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from candidates import emails, offers, services
from candidates.models import CandidateEmail, EmailTemplate, Offer, OfferStep, Stage, StageChange
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

S = Offer.Status
ALL = list(S.values)
ALLOWED = {
    ("draft", "awaiting"), ("draft", "withdrawn"),
    ("awaiting", "approved"), ("awaiting", "draft"), ("awaiting", "withdrawn"),
    ("approved", "sent"), ("approved", "draft"), ("approved", "withdrawn"),
    ("sent", "accepted"), ("sent", "declined"), ("sent", "withdrawn"),
}


@pytest.mark.parametrize(
    ("current", "to", "allowed"),
    [(current, to, (current, to) in ALLOWED) for current in ALL for to in ALL],
    ids=[f"{current}->{to}" for current in ALL for to in ALL],
)
def test_status_machine_allows_exactly_these_steps(current, to, allowed):
    assert offers.may_move(current, to) is allowed


@pytest.mark.parametrize(
    ("pay", "pay_min", "pay_max", "currency", "period", "flag"),
    [
        ("24000.00", "24000", "30000", "EUR", "YEAR", "within"),
        ("23999.99", "24000", "30000", "EUR", "YEAR", "below"),
        ("30000.00", "24000", "30000", "EUR", "YEAR", "within"),
        ("30000.01", "24000", "30000", "EUR", "YEAR", "above"),
        ("27000.00", "24000", "30000", "EUR", "YEAR", "within"),
        ("27000.00", None, None, "EUR", "YEAR", "no_range"),
        ("27000.00", "1800", "2200", "EUR", "MONTH", "other_basis"),
        ("27000.00", "24000", "30000", "GBP", "YEAR", "other_basis"),
    ],
    ids=["at-min", "cent-below", "at-max", "cent-above", "middle", "no-range", "monthly-range", "other-currency"],
)
def test_pay_flag_against_the_posted_range(pay, pay_min, pay_max, currency, period, flag):
    bound = (lambda value: Decimal(value) if value is not None else None)
    assert offers.pay_flag(Decimal(pay), pay_min=bound(pay_min), pay_max=bound(pay_max), currency=currency,
                           period=period) == flag


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------
@pytest.fixture
def manager(reference_data):
    return UserFactory(username="elena", first_name="Elena", last_name="Rossi", role="interviewer")


@pytest.fixture
def application(manager):
    position = OpenPositionFactory(title="Impiegato contabile", hiring_manager=manager, pay_min=24000, pay_max=30000)
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid", language="it")
    return ApplicationFactory(position=position, candidate=candidate, stage=Stage.OFFER)


TERMS = offers.Terms(pay=Decimal("28500.00"), start_date=datetime.date(2027, 3, 1),
                     contract_type=Offer.ContractType.PERMANENT, weekly_hours=Decimal("40"))


def _approved(application, hr, manager):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    offers.offer_request_approval(offer=offer, user=hr)
    return offers.offer_approve(offer=offer, user=manager)


def _sent(application, hr, manager, django_capture_on_commit_callbacks):
    offer = _approved(application, hr, manager)
    with django_capture_on_commit_callbacks(execute=True):
        return offers.offer_send(offer=offer, user=hr)


# ---------------------------------------------------------------------------
# Drafting, approval, steps
# ---------------------------------------------------------------------------
def test_draft_is_revised_in_place(application, hr):
    first = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    revised = offers.offer_save_draft(
        application=application, user=hr,
        terms=offers.Terms(pay=Decimal("29000.00"), start_date=datetime.date(2027, 4, 1),
                           contract_type=Offer.ContractType.PERMANENT, weekly_hours=Decimal("40")),
    )
    assert (revised.pk, Offer.objects.count(), Offer.objects.get().pay) == (first.pk, 1, Decimal("29000.00"))
    assert list(OfferStep.objects.values_list("from_status", "to_status")) == [("", "draft")]


def test_offer_is_refused_before_the_offer_stage(hr, manager):
    early = ApplicationFactory(stage=Stage.INTERVIEW, position=OpenPositionFactory(hiring_manager=manager))
    with pytest.raises(ValidationError) as caught:
        offers.offer_save_draft(application=early, user=hr, terms=TERMS)
    assert caught.value.code == "not_offer_stage"


def test_fixed_term_without_end_date_is_refused(application, hr):
    terms = offers.Terms(pay=Decimal("28000"), start_date=datetime.date(2027, 3, 1),
                         contract_type=Offer.ContractType.FIXED_TERM, weekly_hours=Decimal("40"))
    with pytest.raises(ValidationError) as caught:
        offers.offer_save_draft(application=application, user=hr, terms=terms)
    assert list(caught.value.error_dict) == ["end_date"]


def test_sent_offer_terms_cannot_be_changed(application, hr, manager, django_capture_on_commit_callbacks):
    _sent(application, hr, manager, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as caught:
        offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    assert caught.value.code == "not_draft"


def test_a_new_offer_after_a_withdrawal_keeps_the_sent_one(application, hr, manager, django_capture_on_commit_callbacks):
    sent = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    offers.offer_withdraw(offer=sent, user=hr, comment="Budget revised")
    new = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    assert sorted(Offer.objects.values_list("pk", "status")) == [(sent.pk, "withdrawn"), (new.pk, "draft")]


def test_hr_who_is_not_the_hiring_manager_cannot_approve(application, hr):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    offers.offer_request_approval(offer=offer, user=hr)
    with pytest.raises(ValidationError) as caught:
        offers.offer_approve(offer=offer, user=hr)
    assert (caught.value.code, Offer.objects.get().status) == ("not_hiring_manager", "awaiting")


def test_hr_who_is_the_hiring_manager_may_approve_their_own_draft(hr):
    application = ApplicationFactory(stage=Stage.OFFER, position=OpenPositionFactory(hiring_manager=hr))
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    offers.offer_request_approval(offer=offer, user=hr)
    offers.offer_approve(offer=offer, user=hr)
    assert list(OfferStep.objects.values_list("to_status", "by__username")) == [
        ("draft", "giulia"), ("awaiting", "giulia"), ("approved", "giulia")]


def test_approval_needs_a_hiring_manager_on_the_position(hr):
    application = ApplicationFactory(stage=Stage.OFFER, position=OpenPositionFactory(hiring_manager=None))
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    with pytest.raises(ValidationError) as caught:
        offers.offer_request_approval(offer=offer, user=hr)
    assert caught.value.code == "no_hiring_manager"


def test_send_back_needs_a_comment_and_returns_to_draft(application, hr, manager):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    offers.offer_request_approval(offer=offer, user=hr)
    with pytest.raises(ValidationError):
        offers.offer_send_back(offer=offer, user=manager, comment="  ")
    offers.offer_send_back(offer=offer, user=manager, comment="Start on 1 April")
    assert (Offer.objects.get().status, OfferStep.objects.last().comment, OfferStep.objects.last().by) == (
        "draft", "Start on 1 April", manager)


def test_only_an_approved_offer_is_sent(application, hr):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    with pytest.raises(ValidationError) as caught:
        offers.offer_send(offer=offer, user=hr)
    assert (caught.value.code, CandidateEmail.objects.filter(kind="offer").count()) == ("not_approved", 0)


# ---------------------------------------------------------------------------
# The letter
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "subject", "pay"),
    [
        ("it", "La nostra offerta per la posizione di Impiegato contabile", "€ 28.500,00"),
        ("en", "Our offer for the position of Impiegato contabile", "€28,500.00"),
    ],
    ids=["italian", "english"],
)
def test_offer_email_in_the_candidates_language_with_the_pdf(
    application, hr, manager, django_capture_on_commit_callbacks, language, subject, pay
):
    application.candidate.language = language
    application.candidate.save()
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    [(name, content, mimetype)] = message.attachments
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert (message.subject, message.to, name, mimetype, content[:4]) == (
        subject, ["chiara@example.invalid"], f"offer-{offer.pk}.pdf", "application/pdf", b"%PDF")
    assert pay in text
    assert pay in message.body
    assert "http://127.0.0.1:8000/offer/" in message.body  # the signed link (SITE_URL)


def test_offer_email_follows_the_edited_template(application, hr, manager, django_capture_on_commit_callbacks):
    EmailTemplate.objects.update_or_create(kind="offer", language="it", defaults={
        "subject": "Offerta: {position_title}", "body": "Ciao {candidate_name}, {pay} dal {start_date}. {offer_link}"})
    _sent(application, hr, manager, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == "Offerta: Impiegato contabile"
    assert message.body.startswith("Ciao Chiara, € 28.500,00 dal ")


def test_offer_email_is_recorded_and_delivered_once(application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        offers.offer_send(offer=offer, user=hr)  # a double click
    email = CandidateEmail.objects.get(kind="offer")
    assert emails.deliver(email.pk) == "skipped"
    assert (CandidateEmail.objects.filter(kind="offer").count(), email.key, email.status, len(mail.outbox)) == (
        1, f"offer:{offer.pk}", "sent", 1)


def test_offer_withdrawn_before_delivery_is_not_sent(application, hr, manager):
    offer = offers.offer_send(offer=_approved(application, hr, manager), user=hr)  # not delivered: no commit yet
    offers.offer_withdraw(offer=offer, user=hr)
    email = CandidateEmail.objects.get(kind="offer")
    assert (emails.deliver(email.pk), len(mail.outbox)) == ("obsolete: offer withdrawn", 0)


# ---------------------------------------------------------------------------
# The link and the answer
# ---------------------------------------------------------------------------
FOURTEEN_DAYS = 14 * 24 * 3600


@pytest.mark.parametrize(("seconds_later", "valid"), [(FOURTEEN_DAYS, True), (FOURTEEN_DAYS + 1, False)],
                         ids=["exactly-14-days", "one-second-more"])
def test_link_expiry_boundary(application, hr, manager, monkeypatch, seconds_later, valid):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    start = float(int(time.time()))  # signatures carry whole seconds
    monkeypatch.setattr("django.core.signing.time.time", lambda: start)
    token = offers.make_token(offer.pk)
    monkeypatch.setattr("django.core.signing.time.time", lambda: start + seconds_later)
    if valid:
        assert offers.offer_from_token(token).pk == offer.pk
    else:
        with pytest.raises(offers.LinkProblem) as caught:
            offers.offer_from_token(token)
        assert caught.value.code == "expired"


def _link(offer) -> str:
    return offers.response_path(offers.make_token(offer.pk))


def test_accepting_moves_the_application_to_hired(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    response = client.post(_link(offer), {"answer": "accept", "confirm": "yes"})
    application.refresh_from_db()
    change = StageChange.objects.filter(application=application).last()
    assert (response.status_code, application.stage, Offer.objects.get().status) == (302, "hired", "accepted")
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        "offer", "hired", None, "Offer accepted by the candidate through the offer link.")


def test_accept_asks_for_confirmation_first(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    page = client.get(_link(offer) + "?answer=accept")
    unconfirmed = client.post(_link(offer), {"answer": "accept"})
    assert '<input type="hidden" name="confirm" value="yes">' in page.content.decode()
    assert (unconfirmed.status_code, Offer.objects.get().status) == (200, "sent")


def test_double_accept_records_one_hire(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    link = _link(offer)
    client.post(link, {"answer": "accept", "confirm": "yes"})
    second = client.post(link, {"answer": "accept", "confirm": "yes"})
    page = client.get(link)
    assert (second.status_code, StageChange.objects.filter(application=application, to_stage="hired").count()) == (302, 1)
    assert offers.offer_accept(offer=offer) is False
    assert 'data-offer-outcome="accepted"' in page.content.decode()


def test_decline_records_the_reason_and_keeps_the_stage(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    client.post(_link(offer), {"answer": "decline", "reason": "pay", "details": "Troppo lontano da casa <b>"})
    again = client.post(_link(offer), {"answer": "accept", "confirm": "yes"})
    offer.refresh_from_db()
    application.refresh_from_db()
    assert (offer.status, offer.decline_reason, offer.decline_details, application.stage, again.status_code) == (
        "declined", "pay", "Troppo lontano da casa <b>", "offer", 302)


@pytest.mark.parametrize("stage", [Stage.INTERVIEW, Stage.SCREENING])
def test_a_sent_offer_cannot_be_declined_once_the_application_left_the_offer_stage(
        application, hr, manager, django_capture_on_commit_callbacks, stage):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    services.application_move(application=application, to_stage=stage, user=hr)
    with pytest.raises(ValidationError) as refused:
        offers.offer_decline(offer=Offer.objects.get(pk=offer.pk), reason="pay")
    assert (refused.value.code, Offer.objects.get().status) == ("not_open", "sent")


def test_decline_without_a_reason_shows_the_form_again(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    response = client.post(_link(offer), {"answer": "decline", "reason": "bogus", "details": "kept text"})
    assert (response.status_code, Offer.objects.get().status) == (200, "sent")
    assert "kept text" in response.content.decode()


@pytest.mark.parametrize(
    ("mangle", "status", "problem"),
    [(lambda token: token[:-2] + "xx", 404, "invalid"), (lambda token: "nonsense", 404, "invalid"),
     (lambda token: token + "%00", 404, "invalid")],
    ids=["tampered-signature", "not-a-token", "extra-bytes"],
)
def test_tampered_link_gives_a_clear_page(client, application, hr, mangle, status, problem):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    response = client.get(f"/offer/{mangle(offers.make_token(offer.pk))}/")
    assert (response.status_code, f'data-link-problem="{problem}"' in response.content.decode()) == (status, True)


def test_expired_link_gives_a_clear_page(client, application, hr, monkeypatch):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    token = offers.make_token(offer.pk)
    later = time.time() + FOURTEEN_DAYS + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(offers.response_path(token))
    assert (response.status_code, 'data-link-problem="expired"' in response.content.decode()) == (410, True)


def test_public_page_is_in_the_candidates_language(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    response = client.get(_link(offer), HTTP_ACCEPT_LANGUAGE="en")
    assert (response["Content-Language"], '<html lang="it">' in response.content.decode()) == ("it", True)
    assert "€ 28.500,00" in response.content.decode()


def test_withdrawn_offer_link_says_so(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    offers.offer_withdraw(offer=offer, user=hr)
    response = client.post(_link(offer), {"answer": "accept", "confirm": "yes"})
    page = client.get(_link(offer))
    assert (response.status_code, Offer.objects.get().status, 'data-offer-outcome="withdrawn"' in page.content.decode()) == (
        302, "withdrawn", True)


# ---------------------------------------------------------------------------
# Pages and permissions
# ---------------------------------------------------------------------------
def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "draft", "detail", "letter"),
    [("hr", 200, 200, 200), ("manager", 404, 200, 200), ("interviewer", 404, 404, 404), ("anonymous", 302, 302, 302)],
    ids=["hr", "hiring-manager", "interviewer-on-the-panel", "anonymous"],
)
def test_who_opens_the_offer_pages(client, application, hr, manager, interviewer, who, draft, detail, letter):
    schedule(interviewers=[interviewer], application=application, hr=hr)
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    users = {"hr": hr, "manager": manager, "interviewer": interviewer, "anonymous": None}
    if users[who]:
        client.force_login(users[who])
    answers = (client.get(reverse("candidates:offer_draft", args=[application.pk])).status_code,
               client.get(reverse("candidates:offer", args=[offer.pk])).status_code,
               client.get(reverse("candidates:offer_letter", args=[offer.pk])).status_code)
    assert answers == (draft, detail, letter)


def test_interviewer_never_sees_the_pay_on_the_candidate_page(client, application, hr, interviewer):
    schedule(interviewers=[interviewer], application=application, hr=hr)
    offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    page = _login(client, interviewer).get(application.get_absolute_url()).content.decode()
    assert ("28,500" in page, "28.500" in page, "data-offer-panel" in page) == (False, False, False)


def test_hr_sees_the_offer_panel_with_the_flag(client, application, hr):
    offers.offer_save_draft(application=application, user=hr, terms=offers.Terms(
        pay=Decimal("30000.01"), start_date=datetime.date(2027, 3, 1), contract_type="permanent",
        weekly_hours=Decimal("40")))
    page = _login(client, hr).get(application.get_absolute_url()).content.decode()
    assert ("data-offer-panel" in page, "€30,000.01" in page, "Above the posted range" in page) == (True, True, True)


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [("hr", "approve", "awaiting"), ("manager", "approve", "approved"), ("manager", "withdraw", "awaiting"),
     ("interviewer", "approve", "awaiting"), ("hr", "withdraw", "withdrawn"), ("hr", "bogus", "awaiting")],
    ids=["hr-cannot-approve", "manager-approves", "manager-cannot-withdraw", "interviewer-cannot-approve",
         "hr-withdraws", "unknown-action"],
)
def test_who_takes_which_step(client, application, hr, manager, interviewer, who, action, status):
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    offers.offer_request_approval(offer=offer, user=hr)
    client.force_login({"hr": hr, "manager": manager, "interviewer": interviewer}[who])
    client.post(reverse("candidates:offer_step", args=[offer.pk]), {"action": action})
    assert Offer.objects.get().status == status


def test_hiring_manager_cannot_send(client, application, hr, manager):
    offer = _approved(application, hr, manager)
    response = _login(client, manager).post(reverse("candidates:offer_send", args=[offer.pk]))
    assert (response.status_code, Offer.objects.get().status) == (404, "approved")


def test_hr_sends_from_the_preview(client, application, hr, manager, django_capture_on_commit_callbacks):
    offer = _approved(application, hr, manager)
    _login(client, hr)
    preview = client.get(reverse("candidates:offer_send", args=[offer.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("candidates:offer_send", args=[offer.pk]))
    assert "La nostra offerta per la posizione di Impiegato contabile" in preview
    assert (response.status_code, Offer.objects.get().status, len(mail.outbox)) == (302, "sent", 1)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"pay": "", "contract_type": "permanent", "start_date": "2099-03-01", "weekly_hours": "40"}, "pay"),
        ({"pay": "abc", "contract_type": "permanent", "start_date": "2099-03-01", "weekly_hours": "40"}, "pay"),
        ({"pay": "28000", "contract_type": "permanent", "start_date": "2000-01-01", "weekly_hours": "40"}, "start_date"),
        ({"pay": "28000", "contract_type": "fixed_term", "start_date": "2099-03-01", "weekly_hours": "40"}, "end_date"),
        ({"pay": "28000", "contract_type": "fixed_term", "start_date": "2099-03-01", "end_date": "2099-02-01",
          "weekly_hours": "40"}, "end_date"),
        ({"pay": "28000", "contract_type": "permanent", "start_date": "2099-03-01", "weekly_hours": "49"}, "weekly_hours"),
        ({"pay": "28000", "contract_type": "zero_hours", "start_date": "2099-03-01", "weekly_hours": "40"}, "contract_type"),
    ],
    ids=["no-pay", "pay-not-a-number", "start-in-the-past", "fixed-term-no-end", "end-before-start", "too-many-hours",
         "unknown-contract"],
)
def test_bad_draft_input_is_refused_and_kept(client, application, hr, data, field):
    response = _login(client, hr).post(reverse("candidates:offer_draft", args=[application.pk]),
                                       {**data, "notes": "Negotiated <script>"})
    assert (response.status_code, list(response.context["form"].errors), Offer.objects.count()) == (200, [field], 0)
    assert "Negotiated &lt;script&gt;" in response.content.decode()


def test_hr_drafts_through_the_form(client, application, hr):
    response = _login(client, hr).post(reverse("candidates:offer_draft", args=[application.pk]), {
        "pay": "27500.50", "contract_type": "fixed_term", "start_date": "2099-03-01", "end_date": "2100-02-28",
        "weekly_hours": "37.5", "notes": "Agreed by phone"})
    offer = Offer.objects.get()
    assert (response.status_code, offer.pay, offer.end_date, offer.weekly_hours, offer.created_by) == (
        302, Decimal("27500.50"), datetime.date(2100, 2, 28), Decimal("37.5"), hr)


def test_tampered_offer_id_is_404(client, hr):
    assert _login(client, hr).get(reverse("candidates:offer", args=[987654])).status_code == 404


def test_anonymising_scrubs_offer_texts(application, hr, manager, django_capture_on_commit_callbacks):
    from candidates import privacy

    offer = _sent(application, hr, manager, django_capture_on_commit_callbacks)
    offers.offer_decline(offer=offer, reason="other", details="Mi trasferisco a Torino")
    privacy.application_anonymise(application, now=timezone.now())
    offer.refresh_from_db()
    assert (offer.decline_details, bytes(offer.letter_pdf), offer.decline_reason, offer.pay) == (
        "", b"", "other", Decimal("28500.00"))


def _withdrawn_offers(application, hr, count):
    for _number in range(count):
        Offer.objects.create(application=application, status="withdrawn", pay=Decimal("25000"), created_by=hr,
                             start_date=datetime.date(2027, 3, 1), contract_type="permanent", weekly_hours=Decimal("40"))


def test_offer_panel_costs_the_same_queries_at_2_and_10_offers(client, application, hr):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _login(client, hr)
    counts = []
    for total in (2, 10):
        _withdrawn_offers(application, hr, total - Offer.objects.count())
        with CaptureQueriesContext(connection) as captured:
            page = client.get(application.get_absolute_url()).content.decode()
        counts.append(len(captured))
        assert f"{total} earlier offers" in page
    assert counts[0] == counts[1]


def test_draft_form_shows_the_posted_range(client, application, hr):
    page = _login(client, hr).get(reverse("candidates:offer_draft", args=[application.pk])).content.decode()
    assert "Posted range: 24,000–30,000 EUR per year" in page
