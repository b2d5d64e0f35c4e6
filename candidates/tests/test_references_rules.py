"""The pure rules of structured references: reminder timing and the signals' boundaries."""

import datetime

import pytest

from candidates.reference_rules import RefereeFacts, is_free_mail, reminder_due, signals

T0 = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


@pytest.mark.parametrize(("after", "sent", "due"), [
    (3 * DAY - SECOND, 0, None),
    (3 * DAY, 0, 1),
    (3 * DAY, 1, None),
    (7 * DAY - SECOND, 1, None),
    (7 * DAY, 1, 2),
    (7 * DAY, 2, None),
    (8 * DAY, 0, 2),  # a late scan sends only the latest reminder due, not two in a row
    (30 * DAY, 2, None),
])
def test_reminder_due_after_3_and_7_days_at_most_two(after, sent, due):
    assert reminder_due(invited_at=T0, reminders_sent=sent, now=T0 + after) == due


@pytest.mark.parametrize(("email", "free"), [
    ("anna@gmail.com", True),
    ("Anna@GMAIL.com", True),
    ("anna@libero.it", True),
    ("anna@virgilio.it", True),
    ("anna@alice.it", True),
    ("anna@tiscali.it", True),
    ("anna@icloud.com", True),
    ("anna@hotmail.it", True),
    ("anna@outlook.fr", True),
    ("anna@yahoo.co.uk", True),
    ("anna@rossi-spa.it", False),
    ("anna@gmail.com.example.it", False),
    ("anna@mygmail.com", False),
])
def test_free_mail_domains(email, free):
    assert is_free_mail(email) is free


def _facts(key=1, email="franco@rossi-spa.it", relationship="colleague", responded=True, address_hash="", seconds=None):
    return RefereeFacts(key=key, email=email, relationship=relationship, responded=responded,
                        address_hash=address_hash, answer_seconds=seconds)


def _codes(referees, candidate_email="anna@example.it", fast_seconds=60):
    found = signals(referees, candidate_email=candidate_email, fast_seconds=fast_seconds)
    return {key: [s.code for s in items] for key, items in found.items()}


@pytest.mark.parametrize(("referee_email", "codes"), [
    ("anna@example.it", {1: ["same_email"]}),
    (" Anna@Example.IT ", {1: ["same_email"]}),
    ("anna2@example.it", {}),
])
def test_same_email_as_the_candidate(referee_email, codes):
    assert _codes([_facts(email=referee_email)]) == codes


@pytest.mark.parametrize(("relationship", "email", "codes"), [
    ("manager", "franco@gmail.com", {1: ["free_mail_manager"]}),
    ("manager", "franco@hotmail.it", {1: ["free_mail_manager"]}),
    ("manager", "franco@rossi-spa.it", {}),
    ("colleague", "franco@gmail.com", {}),
    ("client", "franco@libero.it", {}),
])
def test_manager_on_a_free_mail_domain(relationship, email, codes):
    assert _codes([_facts(relationship=relationship, email=email)]) == codes


@pytest.mark.parametrize(("seconds", "codes"), [
    (0, {1: ["fast_answer"]}),
    (59, {1: ["fast_answer"]}),
    (60, {}),
    (600, {}),
    (None, {}),
])
def test_answered_in_under_the_set_seconds(seconds, codes):
    assert _codes([_facts(seconds=seconds)], fast_seconds=60) == codes


def test_fast_answer_reads_the_setting_it_is_given():
    assert _codes([_facts(seconds=100)], fast_seconds=120) == {1: ["fast_answer"]}


def test_shared_address_flags_every_referee_sharing_it_and_counts_the_others():
    referees = [_facts(key=1, email="a@x.it", address_hash="h1"), _facts(key=2, email="b@x.it", address_hash="h1"),
                _facts(key=3, email="c@x.it", address_hash="h1"), _facts(key=4, email="d@x.it", address_hash="h2")]
    found = signals(referees, candidate_email="anna@example.it", fast_seconds=60)
    assert {key: [s.text for s in items] for key, items in found.items()} == {
        1: ["Answered from the same network address as 2 other referees of this candidate."],
        2: ["Answered from the same network address as 2 other referees of this candidate."],
        3: ["Answered from the same network address as 2 other referees of this candidate."],
    }


@pytest.mark.parametrize(("second", "codes"), [
    (_facts(key=2, email="b@x.it", address_hash="h1"), {1: ["shared_address"], 2: ["shared_address"]}),
    (_facts(key=2, email="b@x.it", address_hash="h2"), {}),
    (_facts(key=2, email="b@x.it", address_hash=""), {}),
    (_facts(key=2, email="b@x.it", address_hash="h1", responded=False), {}),
])
def test_shared_address_needs_two_responses_from_one_address(second, codes):
    assert _codes([_facts(key=1, email="a@x.it", address_hash="h1"), second]) == codes


def test_signals_are_worded_without_accusing():
    found = signals([_facts(email="anna@example.it", relationship="manager", seconds=12)],
                    candidate_email="anna@example.it", fast_seconds=60)
    assert [s.text for s in found[1]] == [
        "The referee's e-mail address is the same as the candidate's.",
        "The form was completed in 12 seconds.",
    ]
    found = signals([_facts(email="franco@gmail.com", relationship="manager")], candidate_email="", fast_seconds=60)
    assert [s.text for s in found[1]] == [
        "Named as a manager, with an address on a personal e-mail service (gmail.com): you may want to confirm "
        "the role."]
