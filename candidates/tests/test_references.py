"""Structured references: asking, naming, the signed link, one answer only, e-mails once, reminders, scoring reads."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates import references
from candidates.models import (
    Application,
    CandidateEmail,
    Referee,
    RefereeEmail,
    ReferenceRating,
    ReferenceRequest,
    Stage,
)
from candidates.references import Answer, RefereeData
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.models import Competency
from positions.tests.factories import OpenPositionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _send_at_once(monkeypatch):
    """These tests run in one transaction that never commits: what the services enqueue on commit runs at once."""
    from core.tasking import enqueue

    monkeypatch.setattr(references, "enqueue_on_commit", enqueue)


@pytest.fixture
def application(reference_data):
    candidate = CandidateFactory(first_name="Anna", last_name="Bianchi", email="anna@example.it", language="it")
    position = OpenPositionFactory(title="Impiegata amministrativa", competencies=["communication", "teamwork"])
    return ApplicationFactory(candidate=candidate, position=position, stage=Stage.INTERVIEW)


def _franco(**overrides):
    values = {"name": "Franco Moretti", "email": "franco@rossi-spa.it", "relationship": "manager",
              "period": "2019–2024", "language": "en"}
    return RefereeData(**(values | overrides))


def _named(application, hr, *people, now=None):
    references.reference_ask(application=application, user=hr, how_many=max(len(people), 1), now=now)
    return references.referees_name(application=application, referees=list(people) or [_franco()], consent=True,
                                    now=now)


def _answer(application, scores=(3, 4), work_again="yes"):
    competencies = list(application.position.competencies.order_by("order", "slug"))
    return Answer(scores={c.pk: (s, f"Example {s}") for c, s in zip(competencies, scores, strict=True)},
                  would_work_again=work_again, comments="Reliable")


# ---------------------------------------------------------------------------
# HR asks
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("stage", "allowed"), [
    (Stage.APPLIED, False), (Stage.SCREENING, False), (Stage.INTERVIEW, True), (Stage.OFFER, True),
    (Stage.HIRED, False),
])
def test_references_are_asked_at_the_interview_or_offer_stage(application, hr, stage, allowed):
    Application.objects.filter(pk=application.pk).update(stage=stage)
    application.refresh_from_db()
    if allowed:
        references.reference_ask(application=application, user=hr, how_many=2)
        assert ReferenceRequest.objects.filter(application=application, how_many=2, status="open").count() == 1
    else:
        with pytest.raises(ValidationError):
            references.reference_ask(application=application, user=hr, how_many=2)
        assert ReferenceRequest.objects.count() == 0


@pytest.mark.parametrize(("how_many", "allowed"), [(0, False), (1, True), (3, True), (4, False)])
def test_one_to_three_referees_may_be_asked_for(application, hr, how_many, allowed):
    if allowed:
        assert references.reference_ask(application=application, user=hr, how_many=how_many).how_many == how_many
    else:
        with pytest.raises(ValidationError):
            references.reference_ask(application=application, user=hr, how_many=how_many)


def test_asking_twice_records_one_request_and_one_email_to_the_candidate(application, hr):
    first = references.reference_ask(application=application, user=hr, how_many=2)
    second = references.reference_ask(application=application, user=hr, how_many=3)
    assert first.pk == second.pk
    assert ReferenceRequest.objects.count() == 1
    [email] = CandidateEmail.objects.filter(key__startswith="references-asked:")
    assert email.to == "anna@example.it"
    assert (email.language, email.kind) == ("it", "status_links")  # the candidate's language; no footer added
    assert "[link sent only to the candidate]" in email.body  # the stored copy holds no signed link
    assert "/status/" not in email.body
    [sent] = [m for m in mail.outbox if m.to == ["anna@example.it"]]
    assert re.search(r"http://\S+/status/[^/\s]+/", sent.body)


# ---------------------------------------------------------------------------
# The candidate names referees
# ---------------------------------------------------------------------------
def test_naming_needs_an_open_request_and_consent(application, hr):
    with pytest.raises(ValidationError) as error:
        references.referees_name(application=application, referees=[_franco()], consent=True)
    assert error.value.code == "not_asked"
    references.reference_ask(application=application, user=hr, how_many=1)
    with pytest.raises(ValidationError) as error:
        references.referees_name(application=application, referees=[_franco()], consent=False)
    assert error.value.code == "consent"
    assert Referee.objects.count() == 0


@pytest.mark.parametrize(("count", "allowed"), [(0, False), (1, True), (2, True), (3, False)])
def test_the_candidate_names_at_most_as_many_as_asked(application, hr, count, allowed):
    references.reference_ask(application=application, user=hr, how_many=2)
    people = [_franco(email=f"ref{i}@rossi-spa.it") for i in range(count)]
    if allowed:
        assert len(references.referees_name(application=application, referees=people, consent=True)) == count
    else:
        with pytest.raises(ValidationError):
            references.referees_name(application=application, referees=people, consent=True)


def test_naming_twice_invites_once(application, hr):
    [referee] = _named(application, hr, _franco())
    with pytest.raises(ValidationError):
        references.referees_name(application=application, referees=[_franco()], consent=True)
    assert Referee.objects.count() == 1
    assert list(RefereeEmail.objects.values_list("key", "to", "language")) == [
        (f"reference-invite:{referee.pk}:1", "franco@rossi-spa.it", "en")]
    assert len([m for m in mail.outbox if m.to == ["franco@rossi-spa.it"]]) == 1


def test_the_invitation_is_in_the_referees_language_and_its_stored_copy_has_no_link(application, hr):
    [referee] = _named(application, hr, _franco(language="en"))
    email = RefereeEmail.objects.get(referee=referee)
    assert email.subject == "A reference for Anna Bianchi"
    assert "[link sent only to the referee]" in email.body
    assert "/reference/" not in email.body
    [sent] = [m for m in mail.outbox if m.to == ["franco@rossi-spa.it"]]
    assert sent.subject == "A reference for Anna Bianchi"
    link = re.search(r"http://\S+/reference/([^/\s]+)/", sent.body)
    assert references.referee_from_token(link.group(1)).pk == referee.pk


def test_a_resend_and_a_retry_of_the_same_email_send_once(application, hr):
    [referee] = _named(application, hr, _franco())
    email = RefereeEmail.objects.get(referee=referee)
    assert references.deliver(email.pk) == "skipped"  # already sent when the naming committed
    assert len([m for m in mail.outbox if m.to == ["franco@rossi-spa.it"]]) == 1


# ---------------------------------------------------------------------------
# The signed link
# ---------------------------------------------------------------------------
def test_a_tampered_link_is_invalid(application, hr):
    [referee] = _named(application, hr, _franco())
    token = references.make_token(referee)
    for bad in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), "nonsense",
                signing.dumps([referee.pk, 1], salt="candidates.offer-link"),
                signing.dumps(referee.pk, salt=references.LINK_SALT),
                signing.dumps([referee.pk + 1000, 1], salt=references.LINK_SALT)):
        with pytest.raises(references.LinkProblem) as problem:
            references.referee_from_token(bad)
        assert problem.value.code == "invalid"


@pytest.mark.parametrize(("age_days", "code"), [(13, None), (15, "expired")])
def test_a_link_expires_after_the_set_days(application, hr, settings, age_days, code):
    settings.REFERENCE_LINK_MAX_AGE_DAYS = 14
    [referee] = _named(application, hr, _franco())
    signer = signing.TimestampSigner(salt=references.LINK_SALT)
    old = timezone.now() - age_days * DAY
    # A link signed `age_days` ago.
    signer.timestamp = lambda: signing.b62_encode(int(old.timestamp()))
    token = signer.sign_object([referee.pk, 1], compress=False)
    if code is None:
        assert references.referee_from_token(token).pk == referee.pk
    else:
        with pytest.raises(references.LinkProblem) as problem:
            references.referee_from_token(token)
        assert (problem.value.code, problem.value.referee.pk) == (code, referee.pk)


def test_sending_a_new_link_replaces_the_old_one(application, hr):
    [referee] = _named(application, hr, _franco())
    old = references.make_token(referee)
    referee = references.referee_send_again(referee=referee, user=hr)
    with pytest.raises(references.LinkProblem) as problem:
        references.referee_from_token(old)
    assert problem.value.code == "replaced"
    assert references.referee_from_token(references.make_token(referee)).pk == referee.pk
    assert list(RefereeEmail.objects.order_by("pk").values_list("key", "status")) == [
        (f"reference-invite:{referee.pk}:1", "sent"), (f"reference-invite:{referee.pk}:2", "sent")]


# ---------------------------------------------------------------------------
# One answer only
# ---------------------------------------------------------------------------
def test_the_answer_is_recorded_once_and_asks_for_a_rescore(application, hr):
    [referee] = _named(application, hr, _franco())
    Application.objects.filter(pk=application.pk).update(rescore_requested_at=None)
    assert references.reference_answer(referee=referee, answer=_answer(application), address="192.0.2.10",
                                       started=references.form_started_token(timezone.now().timestamp() - 300))
    assert not references.reference_answer(referee=referee, answer=_answer(application, scores=(1, 1), work_again="no"),
                                           address="192.0.2.11")
    assert not references.reference_decline(referee=referee, reason="no", address="192.0.2.11")
    referee.refresh_from_db()
    assert (referee.would_work_again, referee.comments, referee.declined_at) == ("yes", "Reliable", None)
    assert 299 <= referee.answer_seconds <= 302
    assert referee.answer_address_hash == references.address_hash("192.0.2.10") != "192.0.2.10"
    assert sorted(ReferenceRating.objects.values_list("score", "example")) == [(3, "Example 3"), (4, "Example 4")]
    assert Application.objects.get(pk=application.pk).rescore_requested_at is not None


def test_a_decline_is_final(application, hr):
    [referee] = _named(application, hr, _franco())
    assert references.reference_decline(referee=referee, reason="I hardly knew her", address="192.0.2.10")
    assert not references.reference_answer(referee=referee, answer=_answer(application), address="192.0.2.10")
    referee.refresh_from_db()
    assert (referee.state, referee.decline_reason, referee.answered_at) == ("declined", "I hardly knew her", None)
    assert ReferenceRating.objects.count() == 0


@pytest.mark.parametrize("scores", [(3,), (3, 4, 2), (0, 4), (3, 5)])
def test_every_competency_is_rated_from_1_to_4(application, hr, scores):
    [referee] = _named(application, hr, _franco())
    competencies = list(application.position.competencies.order_by("order", "slug")) + list(
        Competency.objects.exclude(positions=application.position)[:1])
    answer = Answer(scores={c.pk: (s, "") for c, s in zip(competencies, scores, strict=False)}, would_work_again="yes")
    with pytest.raises(ValidationError):
        references.reference_answer(referee=referee, answer=answer, address="192.0.2.10")
    assert Referee.objects.get(pk=referee.pk).answered_at is None


def test_a_cancelled_referee_cannot_answer_and_gets_no_more_emails(application, hr):
    [referee] = _named(application, hr, _franco())
    assert references.referee_cancel(referee=referee, user=hr)
    assert not references.referee_cancel(referee=referee, user=hr)
    with pytest.raises(ValidationError):
        references.reference_answer(referee=referee, answer=_answer(application), address="192.0.2.10")
    referee.invited_at = timezone.now() - 4 * DAY
    Referee.objects.filter(pk=referee.pk).update(invited_at=referee.invited_at)
    assert references.queue_due_reminders() == []


def test_exclusion_needs_a_reason_and_asks_for_a_rescore_both_ways(application, hr):
    [referee] = _named(application, hr, _franco())
    with pytest.raises(ValidationError):
        references.reference_exclude(referee=referee, user=hr, reason="Same company as the candidate")  # not answered
    references.reference_answer(referee=referee, answer=_answer(application), address="192.0.2.10")
    with pytest.raises(ValidationError):
        references.reference_exclude(referee=referee, user=hr, reason="  ")
    Application.objects.filter(pk=application.pk).update(rescore_requested_at=None)
    assert references.reference_exclude(referee=referee, user=hr, reason="A relative of the candidate")
    assert Application.objects.get(pk=application.pk).rescore_requested_at is not None
    assert references.competency_ratings([application.pk]) == {}
    Application.objects.filter(pk=application.pk).update(rescore_requested_at=None)
    assert references.reference_include(referee=referee, user=hr)
    assert not references.reference_include(referee=referee, user=hr)
    assert Application.objects.get(pk=application.pk).rescore_requested_at is not None
    assert Referee.objects.get(pk=referee.pk).exclusion_reason == ""


# ---------------------------------------------------------------------------
# Reminders: at most two, never twice
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("scan_days", "keys"), [
    ([2], []),
    ([3], [1]),
    ([3, 3, 4, 6], [1]),
    ([3, 7], [1, 2]),
    ([3, 7, 8, 14, 30], [1, 2]),
    ([8], [2]),
    ([8, 9], [2]),
])
def test_reminders_after_3_and_7_days_at_most_two_never_twice(application, hr, scan_days, keys):
    start = timezone.now() - 40 * DAY
    [referee] = _named(application, hr, _franco(), now=start)
    Referee.objects.filter(pk=referee.pk).update(invited_at=start)
    mail.outbox.clear()
    for day in scan_days:
        references.queue_due_reminders(now=start + day * DAY)
    assert list(RefereeEmail.objects.filter(kind="reminder").order_by("pk").values_list("key", flat=True)) == [
        f"reference-reminder:{referee.pk}:{n}" for n in keys]
    assert len(mail.outbox) == len(keys)
    assert Referee.objects.get(pk=referee.pk).reminders_sent == (keys[-1] if keys else 0)


@pytest.mark.parametrize("closing", ["answered", "declined", "cancelled", "rejected"])
def test_no_reminder_once_the_referee_answered_or_the_reference_is_closed(application, hr, closing):
    start = timezone.now() - 10 * DAY
    [referee] = _named(application, hr, _franco(), now=start)
    Referee.objects.filter(pk=referee.pk).update(invited_at=start)
    if closing == "answered":
        references.reference_answer(referee=referee, answer=_answer(application), address="192.0.2.1")
    elif closing == "declined":
        references.reference_decline(referee=referee, reason="", address="192.0.2.1")
    elif closing == "cancelled":
        references.referee_cancel(referee=referee, user=hr)
    else:
        from candidates.models import RejectionReason

        reason = RejectionReason.objects.filter(kind="we_rejected").first()
        Application.objects.filter(pk=application.pk).update(stage=Stage.REJECTED, rejection_reason=reason)
    assert references.queue_due_reminders(now=start + 8 * DAY) == []


def test_a_reminder_recorded_before_the_answer_is_not_sent_after_it(application, hr):
    start = timezone.now() - 10 * DAY
    [referee] = _named(application, hr, _franco(), now=start)
    Referee.objects.filter(pk=referee.pk).update(invited_at=start)
    reminder = RefereeEmail.objects.create(referee=referee, kind="reminder", key="reference-reminder:x", to=referee.email,
                                           language="en", subject="s", body="b")
    references.reference_answer(referee=referee, answer=_answer(application), address="192.0.2.1")
    mail.outbox.clear()
    assert references.deliver(reminder.pk) == "obsolete: already answered"
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# What the lead's scoring reads
# ---------------------------------------------------------------------------
def test_competency_ratings_come_from_answered_counted_references_in_one_query(application, hr, django_assert_num_queries):
    manager, colleague, declined, excluded = _named(
        application, hr, _franco(email="m@x.it"), _franco(email="c@x.it", relationship="colleague"),
        _franco(email="d@x.it"))[:3] + [None]
    references.reference_answer(referee=manager, answer=_answer(application, scores=(3, 4)), address="192.0.2.1")
    references.reference_answer(referee=colleague, answer=_answer(application, scores=(2, 1)), address="192.0.2.2")
    references.reference_decline(referee=declined, reason="", address="192.0.2.3")
    other = ApplicationFactory(position=application.position, stage=Stage.OFFER)
    [ignored] = _named(other, hr, _franco(email="x@x.it"))
    references.reference_answer(referee=ignored, answer=_answer(other, scores=(1, 1)), address="192.0.2.4")
    references.reference_exclude(referee=ignored, user=hr, reason="Relative")
    communication, teamwork = application.position.competencies.order_by("order", "slug")
    with django_assert_num_queries(1):
        ratings = references.competency_ratings([application.pk, other.pk])
    assert ratings == {application.pk: {communication.pk: [("manager", 3), ("colleague", 2)],
                                        teamwork.pk: [("manager", 4), ("colleague", 1)]}}
    assert excluded is None


def test_reference_summary_counts_and_means_in_two_queries(application, hr, django_assert_num_queries):
    a, b, c = _named(application, hr, _franco(email="a@x.it"), _franco(email="b@x.it"), _franco(email="c@x.it"))
    references.reference_answer(referee=a, answer=_answer(application, scores=(3, 4)), address="192.0.2.1")
    references.reference_answer(referee=b, answer=_answer(application, scores=(2, 4)), address="192.0.2.1")
    references.reference_decline(referee=c, reason="", address="192.0.2.1")
    empty = ApplicationFactory(position=application.position, stage=Stage.INTERVIEW)
    communication, teamwork = application.position.competencies.order_by("order", "slug")
    with django_assert_num_queries(2):
        summary = references.reference_summary([application.pk, empty.pk])
    assert summary == {
        application.pk: {"asked": 3, "answered": 2, "declined": 1, "pending": 0, "cancelled": 0, "excluded": 0,
                         "competencies": {communication.pk: 2.5, teamwork.pk: 4.0}},
        empty.pk: {"asked": 0, "answered": 0, "declined": 0, "pending": 0, "cancelled": 0, "excluded": 0,
                   "competencies": {}},
    }


# ---------------------------------------------------------------------------
# The periodic task, and two submits at the same moment
# ---------------------------------------------------------------------------
def test_the_periodic_task_sends_due_reminders_and_invitations_left_pending(application, hr, monkeypatch):
    from candidates import tasks

    start = timezone.now() - 4 * DAY
    monkeypatch.setattr(references, "enqueue_on_commit", lambda *args: None)  # the broker is down
    first, second = _named(application, hr, _franco(email="a@x.it"), _franco(email="b@x.it"), now=start)
    Referee.objects.filter(pk=first.pk).update(invited_at=start)
    Referee.objects.filter(pk=second.pk).update(invited_at=timezone.now())
    RefereeEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    mail.outbox.clear()
    tasks.send_reference_emails()
    tasks.send_reference_emails()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("a@x.it", "A reference for Anna Bianchi"), ("b@x.it", "A reference for Anna Bianchi")]
    RefereeEmail.objects.filter(kind="reminder").update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    tasks.send_reference_emails()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("a@x.it", "A reference for Anna Bianchi"), ("a@x.it", "Reminder: a reference for Anna Bianchi"),
        ("b@x.it", "A reference for Anna Bianchi")]


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_record_one_answer(application, hr):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    [referee] = _named(application, hr, _franco())
    barrier = threading.Barrier(2)

    def submit(work_again):
        try:
            barrier.wait(timeout=10)
            return references.reference_answer(referee=referee, address="192.0.2.1",
                                               answer=_answer(application, work_again=work_again))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(submit, ["yes", "no"]))
    assert results == [False, True]
    assert ReferenceRating.objects.filter(referee=referee).count() == 2
