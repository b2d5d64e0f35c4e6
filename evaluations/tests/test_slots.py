"""Self-scheduling: HR offers 2–6 times, the candidate picks one through their status link (evaluations/slots.py)."""

import datetime
import html
import threading
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from candidates import status
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core.models import StaffEmail
from evaluations import scheduling, slots
from evaluations.models import Interview, Reminder, SlotOffer
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
# Mondays to Saturdays in March 2027, 10:00 in Rome (UTC+1 then): far enough ahead for every test.
MON = datetime.datetime(2027, 3, 8, 10, 0, tzinfo=ROME)
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)
ROOM = "Sala riunioni 2, via Roma 1, Milano"


@pytest.fixture
def application(reference_data, interviewer):
    position = OpenPositionFactory(title="Impiegato contabile")
    position.panel.add(interviewer)
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid",
                                 language="en")
    return ApplicationFactory(position=position, candidate=candidate)


def _offer(application, hr, interviewers, starts, **kwargs):
    values = {"kind": Interview.Kind.COMPETENCY, "duration_minutes": 60, "location": ROOM}
    values.update(kwargs)
    return slots.slot_offer_create(application=application, interviewers=interviewers, starts=starts, user=hr, **values)


def _page(application, offer) -> str:
    return reverse("status:slots", kwargs={"token": status.make_token(application.pk), "pk": offer.pk})


def _text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------
# The rules of an offer
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "count, errors",
    [
        (1, {"starts": ["Offer between 2 and 6 times."]}),
        (2, None),
        (6, None),
        (7, {"starts": ["Offer between 2 and 6 times."]}),
    ],
    ids=["1-refused", "2-accepted", "6-accepted", "7-refused"],
)
def test_offer_holds_2_to_6_times(application, hr, interviewer, count, errors):
    starts = [MON + n * D for n in range(count)]
    if errors:
        with pytest.raises(ValidationError) as refused:
            _offer(application, hr, [interviewer], starts)
        assert (refused.value.message_dict, SlotOffer.objects.count()) == (errors, 0)
    else:
        offer = _offer(application, hr, [interviewer], starts)
        assert list(offer.slots.values_list("starts_at", flat=True)) == starts


def test_offer_refuses_a_time_in_the_past(application, hr, interviewer):
    past = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=ROME)
    with pytest.raises(ValidationError) as refused:
        _offer(application, hr, [interviewer], [past, MON])
    assert refused.value.message_dict == {"starts": ["Monday 2 November 2026, 10:00: Choose a time in the future."]}


def test_offer_refuses_the_same_time_twice(application, hr, interviewer):
    with pytest.raises(ValidationError) as refused:
        _offer(application, hr, [interviewer], [MON, MON, MON + D])
    assert refused.value.message_dict == {"starts": ["Each time can be offered only once."]}


def test_offer_refuses_a_time_the_panel_is_busy_with_the_scheduling_message(application, hr, interviewer):
    schedule(interviewers=[interviewer], hr=hr, starts_at=MON + 30 * datetime.timedelta(minutes=1))  # 10:30–11:30
    with pytest.raises(ValidationError) as refused:
        _offer(application, hr, [interviewer], [MON, MON + D])
    assert refused.value.message_dict == {
        "interviewers": ["Marco Conti already has an interview on 08/03/2027 from 10:30 to 11:30."]
    }


def test_offer_refuses_someone_off_the_panel(application, hr, other_interviewer):
    with pytest.raises(ValidationError) as refused:
        _offer(application, hr, [other_interviewer], [MON, MON + D])
    assert refused.value.message_dict == {"interviewers": ["Not on this position's interview panel: Sara Lombardi."]}


def test_a_second_open_offer_is_refused(application, hr, interviewer):
    _offer(application, hr, [interviewer], [MON, MON + D])
    with pytest.raises(ValidationError) as refused:
        _offer(application, hr, [interviewer], [MON + 2 * D, MON + 3 * D])
    assert refused.value.messages == ["This application already has open interview times: withdraw them first."]


def test_offer_emails_the_candidate_the_times_and_the_status_link(application, hr, interviewer,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _offer(application, hr, [interviewer], [MON, MON + D + 4 * H])
    (message,) = mail.outbox
    assert (message.to, message.subject) == (["chiara@example.invalid"],
                                            "Choose a time for your interview: Impiegato contabile")
    assert status.status_link(application).split("/status/")[0] + "/status/" in message.body
    assert ("- Monday 8 March 2027, 10:00\n- Tuesday 9 March 2027, 14:00" in message.body,
            "competency interview of 60 minutes" in message.body) == (True, True)


def test_offer_email_is_in_the_candidates_language(application, hr, interviewer, django_capture_on_commit_callbacks):
    application.candidate.language = "it"
    application.candidate.save()
    with django_capture_on_commit_callbacks(execute=True):
        _offer(application, hr, [interviewer], [MON, MON + D])
    assert "- lunedì 8 marzo 2027, 10:00" in mail.outbox[0].body


# ---------------------------------------------------------------------------
# The candidate picks
# ---------------------------------------------------------------------------
def test_picking_schedules_one_interview_as_hr_would_with_invitations(client, application, hr, interviewer,
                                                                      django_capture_on_commit_callbacks):
    offer = _offer(application, hr, [interviewer], [MON, MON + D, MON + 2 * D], duration_minutes=45)
    chosen = offer.slots.get(starts_at=MON + D)
    mail.outbox.clear()
    token = status.make_token(application.pk)  # once: a token made a second later differs
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("status:slots", kwargs={"token": token, "pk": offer.pk}),
                               {"action": "confirm", "slot": chosen.pk})
    assert (response.status_code, response["Location"]) == (302, status.page_path(token))
    interview = Interview.objects.get()
    assert (interview.application, interview.kind, interview.starts_at, interview.duration_minutes, interview.location,
            list(interview.interviewers.all()), interview.created_by, interview.logged) == (
        application, "competency", MON + D, 45, ROOM, [interviewer], hr, False)
    assert sorted(m.to[0] for m in mail.outbox) == ["chiara@example.invalid", interviewer.email]
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["invitation", "invitation"]
    offer.refresh_from_db()
    assert (offer.status, offer.interview) == ("taken", interview)


def test_choosing_asks_to_confirm_before_booking(client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    response = client.post(_page(application, offer), {"action": "choose", "slot": offer.slots.first().pk})
    assert ("You chose Monday 8 March 2027, 10:00. Shall we book it?" in _text(response),
            Interview.objects.count()) == (True, 0)


def test_a_second_pick_is_refused(client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    first, second = offer.slots.all()
    slots.slot_pick(application=application, offer_id=offer.pk, slot_id=first.pk)
    response = client.post(_page(application, offer), {"action": "confirm", "slot": second.pk})
    assert (response.status_code, "You have already chosen a time for this interview." in _text(response),
            Interview.objects.count()) == (409, True, 1)


def test_a_time_taken_meanwhile_disappears_and_is_refused(client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D, MON + 2 * D])
    taken = offer.slots.get(starts_at=MON + D)
    schedule(interviewers=[interviewer], hr=hr, starts_at=MON + D + 30 * datetime.timedelta(minutes=1))
    page = client.get(_page(application, offer))
    assert [slot.starts_at for slot in page.context["free"]] == [MON, MON + 2 * D]
    response = client.post(_page(application, offer), {"action": "confirm", "slot": taken.pk})
    body = _text(response)
    assert (response.status_code, "This time is no longer free. Please choose another one." in body,
            "Monday 8 March 2027, 10:00" in body, "Wednesday 10 March 2027, 10:00" in body,
            "Tuesday 9 March 2027, 10:00" in body) == (409, True, True, True, False)
    assert Interview.objects.filter(application=application).count() == 0


def test_withdrawn_offer_cannot_be_picked(client, hr_client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    response = hr_client.post(reverse("evaluations:slot_offer_withdraw", args=[offer.pk]))
    assert (response.status_code, SlotOffer.objects.get().status) == (302, "withdrawn")
    refused = client.post(_page(application, offer), {"action": "confirm", "slot": offer.slots.first().pk})
    assert (refused.status_code, "These times are no longer available. Please ask us for other times." in _text(refused),
            Interview.objects.count()) == (409, True, 0)


def test_expired_offer_is_marked_and_cannot_be_picked(client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    SlotOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - H)
    page = client.get(_page(application, offer))
    assert ("These times are no longer available." in _text(page), SlotOffer.objects.get().status) == (True, "expired")
    with pytest.raises(slots.SlotRefused) as refused:
        slots.slot_pick(application=application, offer_id=offer.pk, slot_id=offer.slots.first().pk)
    assert (refused.value.code, Interview.objects.count()) == ("closed", 0)


def test_offer_expires_at_its_last_time_or_after_7_days(application, hr, interviewer):
    soon = timezone.now().replace(microsecond=0) + 2 * D
    now = timezone.now()
    near = _offer(application, hr, [interviewer], [soon, soon + H], now=now)
    assert near.expires_at == soon + H
    slots.slot_offer_withdraw(offer=near, user=hr)
    far = _offer(application, hr, [interviewer], [MON, MON + D], now=now)
    assert far.expires_at == now + 7 * D


@pytest.mark.parametrize(
    "whose, slot, code",
    [("other-application", "own", 404), ("own", "other-offer", 404), ("own", "not-a-number", 404),
     ("own", "missing", 404)],
    ids=["offer-of-another-application", "slot-of-another-offer", "slot-not-a-number", "no-slot"],
)
def test_tampered_ids_give_404(client, application, hr, interviewer, whose, slot, code):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    other_application = ApplicationFactory(position=application.position)
    other = _offer(other_application, hr, [interviewer], [MON + 3 * D, MON + 4 * D])
    token_of = application if whose == "own" else other_application
    value = {"own": offer.slots.first().pk, "other-offer": other.slots.first().pk, "not-a-number": "x",
             "missing": ""}[slot]
    response = client.post(_page(token_of, offer), {"action": "confirm", "slot": value})
    assert (response.status_code, Interview.objects.count()) == (code, 0)


# ---------------------------------------------------------------------------
# Asking for other times
# ---------------------------------------------------------------------------
def test_asking_for_other_times_tells_hr_once(client, hr_client, application, hr, interviewer,
                                             django_capture_on_commit_callbacks):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    mail.outbox.clear()
    note = "Any afternoon <b>after</b> 15:00"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_page(application, offer), {"action": "other", "note": note})
        client.post(_page(application, offer), {"action": "other", "note": "again"})
    assert ([m.to for m in mail.outbox], StaffEmail.objects.count()) == ([[hr.email]], 1)
    # In the HR manager's own language (a staff profile's default is Italian).
    assert (mail.outbox[0].subject, note in mail.outbox[0].body) == (
        "Chiara Bianchi chiede altri orari per il colloquio (Impiegato contabile)", True)
    page = _text(hr_client.get(application.get_absolute_url()))
    assert ("Any afternoon &lt;b&gt;after&lt;/b&gt; 15:00" in page, "<b>after</b>" in page) == (True, False)


def test_asking_for_other_times_needs_words(client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    response = client.post(_page(application, offer), {"action": "other", "note": "   "})
    assert ("Tell us which days and times would suit you." in _text(response),
            SlotOffer.objects.get().requested_at) == (True, None)


# ---------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------
def test_status_page_links_to_the_open_offer(client, application, hr, interviewer):
    application.candidate.language = "en"  # the page speaks the candidate's language
    application.candidate.save()
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    body = _text(client.get(status.page_path(status.make_token(application.pk))))
    assert (_page(application, offer) in body, "Choose a time" in body) == (True, True)


@pytest.mark.parametrize(
    "language, texts",
    [
        ("en", ["Choose a time for your interview", "Monday 8 March 2027, 10:00", "Choose this time",
                "None of these times suits you?", "Ask for other times",
                "Times are shown in the Europe/Rome time zone."]),
        ("it", ["Scegli l’orario del tuo colloquio", "lunedì 8 marzo 2027, 10:00", "Scelgo questo orario",
                "Nessuno di questi orari ti va bene?", "Chiedi altri orari",
                "Gli orari sono indicati nel fuso orario Europe/Rome."]),
    ],
    ids=["english", "italian"],
)
def test_candidate_page_is_in_the_candidates_language(client, application, hr, interviewer, language, texts):
    application.candidate.language = language
    application.candidate.save()
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    body = _text(client.get(_page(application, offer)))
    assert [text for text in texts if text not in body] == []


@pytest.mark.parametrize("count", [2, 6], ids=["2-times", "6-times"])
def test_candidate_page_costs_the_same_queries_at_2_and_6_times(client, application, hr, interviewer, count,
                                                                  django_assert_num_queries):
    offer = _offer(application, hr, [interviewer], [MON + n * D for n in range(count)])
    # The application; the offer; the expiry update; the offer again; its times; the panel's interviews.
    with django_assert_num_queries(6):
        assert client.get(_page(application, offer)).status_code == 200


def test_hr_form_offers_times_and_the_candidate_page_shows_them(hr_client, application, interviewer):
    url = reverse("evaluations:slot_offer_new", args=[application.pk])
    data = {"kind": "phone", "duration_minutes": 30, "location": ROOM, "interviewers": [interviewer.pk],
            "start_1": "2027-03-08T10:00", "start_2": "2027-03-09T11:30"}
    response = hr_client.post(url, data)
    assert (response.status_code, response["Location"]) == (302, application.get_absolute_url())
    offer = SlotOffer.objects.get()
    assert ([s.starts_at for s in offer.slots.all()], offer.kind, offer.duration_minutes) == (
        [MON, MON + D + 90 * datetime.timedelta(minutes=1)], "phone", 30)


def test_hr_form_keeps_what_was_typed_when_refused(hr_client, application, interviewer):
    url = reverse("evaluations:slot_offer_new", args=[application.pk])
    data = {"kind": "phone", "duration_minutes": 30, "location": "Via Torino 5", "interviewers": [interviewer.pk],
            "start_1": "2027-03-08T10:00", "start_3": "not a date"}
    response = hr_client.post(url, data)
    body = _text(response)
    assert (response.status_code, 'value="Via Torino 5"' in body, 'value="2027-03-08T10:00"' in body,
            "Enter a valid date/time." in body, SlotOffer.objects.count()) == (200, True, True, True, 0)
    data.pop("start_3")
    body = _text(hr_client.post(url, data))
    assert ("Offer between 2 and 6 times." in body, 'value="Via Torino 5"' in body) == (True, True)


@pytest.mark.parametrize("who, code", [("anonymous", 302), ("interviewer", 404), ("hr", 200)],
                         ids=["anonymous", "interviewer", "hr"])
def test_only_hr_offers_times(client, application, interviewer, hr, who, code):
    if who != "anonymous":
        client.force_login({"interviewer": interviewer, "hr": hr}[who])
    assert client.get(reverse("evaluations:slot_offer_new", args=[application.pk])).status_code == code


def test_interviewer_cannot_withdraw_an_offer(client, application, hr, interviewer):
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    client.force_login(interviewer)
    response = client.post(reverse("evaluations:slot_offer_withdraw", args=[offer.pk]))
    assert (response.status_code, SlotOffer.objects.get().status) == (404, "open")


# ---------------------------------------------------------------------------
# No double booking under concurrency (PostgreSQL row locks)
# ---------------------------------------------------------------------------
def _race(picks) -> list[str]:
    outcomes, barrier = [], threading.Barrier(len(picks))

    def worker(application, offer_id, slot_id):
        try:
            barrier.wait()
            slots.slot_pick(application=application, offer_id=offer_id, slot_id=slot_id)
            outcomes.append("booked")
        except slots.SlotRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pick) for pick in picks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_picks_of_the_same_time_book_one_interview(application, hr, interviewer):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    slot = offer.slots.first()
    assert _race([(application, offer.pk, slot.pk)] * 2) == ["booked", "taken"]
    assert Interview.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_candidates_picking_the_same_interviewer_at_once_book_one(application, hr, interviewer):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    other_application = ApplicationFactory(position=application.position)
    first = _offer(application, hr, [interviewer], [MON, MON + D])
    second = _offer(other_application, hr, [interviewer], [MON, MON + 2 * D])
    picks = [(application, first.pk, first.slots.get(starts_at=MON).pk),
             (other_application, second.pk, second.slots.get(starts_at=MON).pk)]
    assert _race(picks) == ["booked", "gone"]
    assert list(Interview.objects.values_list("starts_at", flat=True)) == [MON]



# ---------------------------------------------------------------------------
# Suggesting free times
# ---------------------------------------------------------------------------
def test_working_days_skip_the_weekend():
    # Friday 5 March 2027: the next ten working days run from Monday 8 to Friday 19 March.
    days = slots.working_days(datetime.date(2027, 3, 5))
    assert (days[0], days[4], days[5], days[-1], len(days)) == (
        datetime.date(2027, 3, 8), datetime.date(2027, 3, 12), datetime.date(2027, 3, 15),
        datetime.date(2027, 3, 19), 10)


def _at(day, hour, minute=0):
    return datetime.datetime(2027, 3, day, hour, minute, tzinfo=ROME)


@pytest.mark.parametrize(
    "busy, duration, expected",
    [
        ([], 60, [_at(8, 9), _at(9, 9)]),
        ([(_at(8, 9), _at(8, 10))], 60, [_at(8, 10), _at(9, 9)]),
        ([(_at(8, 9, 30), _at(8, 10, 15))], 60, [_at(8, 11), _at(9, 9)]),
        ([(_at(8, 9), _at(8, 17))], 90, [_at(9, 9)]),  # 17:00 + 90 minutes ends after 18:00
        ([(_at(8, 9), _at(8, 17))], 60, [_at(8, 17), _at(9, 9)]),
    ],
    ids=["free-days", "first-hour-busy", "overlap-by-minutes", "no-room-before-six", "last-hour-fits"],
)
def test_first_free_start_of_each_day(busy, duration, expected):
    days = [datetime.date(2027, 3, 8), datetime.date(2027, 3, 9)]
    assert slots.first_free_starts(busy=busy, days=days, duration_minutes=duration, tz=ROME) == expected


def test_suggestions_stop_at_six():
    days = slots.working_days(datetime.date(2027, 3, 5))
    found = slots.first_free_starts(busy=[], days=days, duration_minutes=45, tz=ROME)
    assert found == [_at(day, 9) for day in (8, 9, 10, 11, 12, 15)]


def test_hr_form_suggests_free_times_and_keeps_the_rest(hr_client, application, interviewer):
    url = reverse("evaluations:slot_offer_new", args=[application.pk])
    response = hr_client.post(url, {"kind": "phone", "duration_minutes": 30, "location": "Via Torino 5",
                                    "interviewers": [interviewer.pk], "start_1": "2027-01-01T08:00", "suggest": "1"})
    body = _text(response)
    tomorrow = slots.working_days(timezone.localdate())[0]
    assert (response.status_code, f'value="{tomorrow:%Y-%m-%d}T09:00"' in body, 'value="2027-01-01T08:00"' in body,
            'value="Via Torino 5"' in body, SlotOffer.objects.count()) == (200, True, False, True, 0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hr_booking_and_a_candidate_picking_the_same_interviewer_at_once_book_one(application, hr, interviewer):
    # HR schedules another application by hand at the very time a candidate picks: the panel lock puts the
    # two clash checks one after the other, so exactly one interview is booked.
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    other_application = ApplicationFactory(position=application.position)
    application.position.panel.add(interviewer)
    offer = _offer(application, hr, [interviewer], [MON, MON + D])
    slot_id = offer.slots.get(starts_at=MON).pk
    outcomes, barrier = [], threading.Barrier(2)

    def candidate():
        try:
            barrier.wait()
            slots.slot_pick(application=application, offer_id=offer.pk, slot_id=slot_id)
            outcomes.append("picked")
        except slots.SlotRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    def by_hand():
        try:
            barrier.wait()
            scheduling.interview_schedule(application=other_application, kind="phone", starts_at=MON,
                                          duration_minutes=30, location="Room 1", interviewers=[interviewer], user=hr)
            outcomes.append("scheduled")
        except ValidationError:
            outcomes.append("clash")
        finally:
            connection.close()

    threads = [threading.Thread(target=candidate), threading.Thread(target=by_hand)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) in (["gone", "scheduled"], ["clash", "picked"])
    assert list(Interview.objects.values_list("starts_at", flat=True)) == [MON]


@pytest.mark.parametrize(
    "day, italian",
    [(8, "(fino all'08/03/2027 18:00)"), (11, "(fino all'11/03/2027 18:00)"), (1, "(fino al 01/03/2027 18:00)"),
     (2, "(fino al 02/03/2027 18:00)")],
)
def test_the_application_page_says_until_when_the_times_stay_open_with_the_italian_article(
    hr_client, application, hr, interviewer, day, italian
):
    offer = _offer(application, hr, [interviewer], [MON + 10 * D, MON + 10 * D + 2 * H])
    SlotOffer.objects.filter(pk=offer.pk).update(expires_at=datetime.datetime(2027, 3, day, 18, 0, tzinfo=ROME))
    hr_client.cookies["django_language"] = "it"
    page = _text(hr_client.get(reverse("candidates:detail", kwargs={"pk": application.pk}), HTTP_ACCEPT_LANGUAGE="it"))
    assert italian in html.unescape(page)
