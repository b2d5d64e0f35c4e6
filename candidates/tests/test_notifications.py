"""New applications told to HR and the position's hiring manager: instant, daily digest or nothing; once each."""

import datetime
import uuid
import zoneinfo

import pytest
from django.core import mail

from candidates import notifications, services, tasks
from candidates.models import Application
from candidates.tests import fakemail, files
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core.models import StaffEmail, StaffProfile
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
fake_mail = fakemail.fake_mail


def _prefer(user, choice, *, language="en", time_zone="Europe/Rome"):
    StaffProfile.objects.update_or_create(
        user=user, defaults={"new_applications": choice, "language": language, "time_zone": time_zone}
    )
    user.__dict__.pop("_staff_profile_cache", None)


@pytest.fixture
def people(hr, interviewer, other_interviewer):
    """HR (Giulia), the position's manager (Lucia), another position's manager (Paolo), a panel member (Marco)."""
    manager = UserFactory(username="lucia", first_name="Lucia", last_name="Rossi", role="interviewer")
    other_manager = UserFactory(username="paolo", first_name="Paolo", last_name="Greco", role="interviewer")
    position = OpenPositionFactory(title="Payroll clerk", hiring_manager=manager)
    position.panel.add(interviewer)
    OpenPositionFactory(title="Front desk", hiring_manager=other_manager)
    for user in (hr, manager, other_manager, interviewer):
        _prefer(user, "digest")  # the default choice, in English
    return {"hr": hr, "manager": manager, "other_manager": other_manager, "interviewer": interviewer,
            "position": position}


def _apply(position, *, first="Anna", last="Bianchi", at=None):
    application = ApplicationFactory(position=position, candidate=CandidateFactory(first_name=first, last_name=last))
    if at is not None:
        Application.objects.filter(pk=application.pk).update(applied_at=at)
        application.refresh_from_db()
    return application


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ({"hr": "instant", "manager": "instant", "other_manager": "instant", "interviewer": "instant"},
         ["giulia@example.invalid", "lucia@example.invalid"]),
        ({"hr": "instant", "manager": "digest", "other_manager": "instant", "interviewer": "instant"},
         ["giulia@example.invalid"]),
        ({"hr": "none", "manager": "instant", "other_manager": "instant", "interviewer": "instant"},
         ["lucia@example.invalid"]),
        ({"hr": "digest", "manager": "none", "other_manager": "instant", "interviewer": "instant"}, []),
    ],
    ids=["hr-and-manager-not-others", "manager-on-digest", "hr-chose-none", "nobody-instant"],
)
def test_who_gets_an_instant_notice(people, choices, expected):
    for name, choice in choices.items():
        _prefer(people[name], choice)
    application = _apply(people["position"])
    assert tasks.notify_new_application(application.pk) == len(expected)
    assert sorted(m.to[0] for m in mail.outbox) == expected


def test_the_instant_notice_reads(people, settings):
    settings.SITE_URL = "https://jobs.example.com"
    _prefer(people["manager"], "instant")
    _prefer(people["hr"], "none")
    application = _apply(people["position"], at=datetime.datetime(2030, 1, 8, 9, 5, tzinfo=ROME))
    tasks.notify_new_application(application.pk)
    [message] = mail.outbox
    assert message.subject == "New application: Anna Bianchi for Payroll clerk"
    assert message.body.startswith("Hello,\n\nAnna Bianchi has applied for Payroll clerk.\nReceived: ")
    assert f"https://jobs.example.com/staff/applications/{application.pk}/" in message.body
    assert "https://jobs.example.com/staff/settings/" in message.body


def test_the_instant_notice_goes_once_per_person_and_application(people):
    _prefer(people["hr"], "instant")
    _prefer(people["manager"], "none")
    application = _apply(people["position"])
    sent = [tasks.notify_new_application(application.pk) for _ in range(3)]
    now = datetime.datetime.now(tz=datetime.UTC)
    notifications.catch_up_instant(now=now)
    assert sent == [1, 0, 0]
    assert len(mail.outbox) == 1
    assert list(StaffEmail.objects.values_list("key", "status")) == [
        (f"new-application:{people['hr'].pk}:{application.pk}", "sent")]


def test_a_masked_application_is_named_by_its_number(people):
    position = OpenPositionFactory(title="Archive clerk", blind_screening=True, hiring_manager=people["manager"])
    _prefer(people["manager"], "instant")
    _prefer(people["hr"], "none")
    application = _apply(position, first="Nascosta", last="Persona")
    tasks.notify_new_application(application.pk)
    [message] = mail.outbox
    assert message.subject == f"New application: Candidate #{application.pk} for Archive clerk"
    assert "Nascosta" not in message.body and "Persona" not in message.body


def test_the_notice_is_in_the_recipients_language(people):
    _prefer(people["hr"], "instant", language="it")
    _prefer(people["manager"], "none")
    tasks.notify_new_application(_apply(people["position"]).pk)
    assert mail.outbox[0].subject == "Nuova candidatura: Anna Bianchi per Payroll clerk"


def test_submitting_an_application_sends_the_notice_after_commit(people, django_capture_on_commit_callbacks):
    _prefer(people["hr"], "instant")
    _prefer(people["manager"], "none")
    data = services.ApplicationData(first_name="Anna", last_name="Neri", email="anna.neri@example.invalid",
                                    education_level=2, years_experience=3)
    with django_capture_on_commit_callbacks(execute=True):
        application, _created = services.application_submit(
            position=people["position"], data=data, language="en", token=uuid.uuid4(),
            resume=services.ResumeUpload(name="cv.docx", data=files.docx(), kind="docx"),
        )
        assert StaffEmail.objects.count() == 0  # nothing before the commit
    notices = [m for m in mail.outbox if m.to == ["giulia@example.invalid"]]
    assert [m.subject for m in notices] == ["New application: Anna Neri for Payroll clerk"]


# ---------------------------------------------------------------------------
# Digests
# ---------------------------------------------------------------------------
def _run_digests(now):
    """What the beat task does, at a given time."""
    notifications.record_digests(now=now)
    return [notifications.deliver(pk, now=now) for pk in notifications.pending(now=now)]


@pytest.mark.parametrize(
    ("covered_until", "now", "due"),
    [
        (None, datetime.datetime(2030, 1, 8, 7, 59, tzinfo=ROME), False),
        (None, datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME), True),
        (datetime.datetime(2030, 1, 7, 8, 0, tzinfo=ROME), datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME), True),
        (datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME), datetime.datetime(2030, 1, 8, 8, 5, tzinfo=ROME), False),
        (datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME), datetime.datetime(2030, 1, 8, 23, 59, tzinfo=ROME), False),
        (datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME), datetime.datetime(2030, 1, 9, 7, 59, tzinfo=ROME), False),
        (datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME), datetime.datetime(2030, 1, 9, 8, 0, tzinfo=ROME), True),
        (datetime.datetime(2030, 1, 7, 23, 0, tzinfo=ROME), datetime.datetime(2030, 1, 8, 9, 0, tzinfo=ROME), True),
    ],
    ids=["before-8", "at-8-first-ever", "next-day-at-8", "same-day-again", "same-day-late", "next-day-before-8",
         "next-day-at-8-again", "last-one-late-yesterday"],
)
def test_when_a_digest_is_due(covered_until, now, due):
    assert notifications.digest_due(covered_until=covered_until, now=now, tz=ROME) is due


def test_digest_is_due_at_8_in_the_persons_own_time_zone():
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    # 8:00 in Tokyo is 0:00 in Rome.
    assert notifications.digest_due(covered_until=None, now=datetime.datetime(2030, 1, 8, 0, 0, tzinfo=ROME), tz=tokyo)
    assert not notifications.digest_due(covered_until=None, now=datetime.datetime(2030, 1, 7, 23, 59, tzinfo=ROME), tz=tokyo)


def test_digest_lists_what_arrived_after_the_last_one_and_up_to_now(people):
    _prefer(people["manager"], "none")
    last = datetime.datetime(2030, 1, 7, 8, 0, tzinfo=ROME)
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    StaffProfile.objects.filter(user=people["hr"]).update(digest_covered_until=last)
    position = people["position"]
    _apply(position, first="At", last="Boundary", at=last)  # was in the last digest
    after = _apply(position, first="Just", last="After", at=last + datetime.timedelta(seconds=1))
    at_now = _apply(position, first="Right", last="Now", at=now)
    _apply(position, first="Too", last="Late", at=now + datetime.timedelta(seconds=1))  # the next digest's
    assert _run_digests(now) == ["sent"]
    [message] = mail.outbox
    assert message.to == ["giulia@example.invalid"]
    assert message.subject == "2 new applications"
    assert "\nApplications received since 07/01/2030 08:00:\n" in message.body
    listed = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert [line.split(" — ")[0] for line in listed] == ["- Just After", "- Right Now"]
    email = StaffEmail.objects.get()
    assert email.payload["applications"] == [after.pk, at_now.pk]
    assert StaffProfile.objects.get(user=people["hr"]).digest_covered_until == now


def test_an_application_at_the_boundary_is_in_exactly_one_digest(people):
    _prefer(people["manager"], "none")
    first = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    second = datetime.datetime(2030, 1, 9, 8, 0, tzinfo=ROME)
    StaffProfile.objects.filter(user=people["hr"]).update(digest_covered_until=first - datetime.timedelta(days=1))
    boundary = _apply(people["position"], at=first)
    _run_digests(first)
    later = _apply(people["position"], first="Bruno", last="Verdi", at=first + datetime.timedelta(hours=3))
    _run_digests(second)
    assert [e.payload["applications"] for e in StaffEmail.objects.order_by("pk")] == [[boundary.pk], [later.pk]]


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ({"hr": "digest", "manager": "digest", "other_manager": "digest", "interviewer": "digest"},
         [("giulia@example.invalid", "1 new application"), ("lucia@example.invalid", "1 new application")]),
        ({"hr": "instant", "manager": "digest", "other_manager": "digest", "interviewer": "digest"},
         [("lucia@example.invalid", "1 new application")]),
        ({"hr": "digest", "manager": "none", "other_manager": "digest", "interviewer": "digest"},
         [("giulia@example.invalid", "1 new application")]),
    ],
    ids=["hr-and-manager-by-default", "hr-chose-instant", "manager-chose-none"],
)
def test_who_gets_a_digest(people, choices, expected):
    for name, choice in choices.items():
        _prefer(people[name], choice)
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    _apply(people["position"], at=now - datetime.timedelta(hours=2))
    _run_digests(now)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == expected


def test_without_a_profile_yet_hr_and_the_manager_get_the_digest(people):
    StaffProfile.objects.all().delete()
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    _apply(people["position"], at=now - datetime.timedelta(hours=2))
    _run_digests(now)
    assert sorted(m.to[0] for m in mail.outbox) == ["giulia@example.invalid", "lucia@example.invalid"]


def test_the_digest_task_run_twice_sends_once(people):
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    _apply(people["position"], at=now - datetime.timedelta(hours=2))
    first = _run_digests(now)
    second = _run_digests(now + datetime.timedelta(minutes=5))
    assert (sorted(first), second) == (["sent", "sent"], [])
    assert len(mail.outbox) == 2


def test_nothing_new_sends_no_digest_and_counts_the_day_as_done(people):
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    assert _run_digests(now) == []
    _apply(people["position"], at=now + datetime.timedelta(hours=1))
    assert _run_digests(now + datetime.timedelta(hours=2)) == []  # not a second look the same day
    assert mail.outbox == []
    assert _run_digests(now + datetime.timedelta(days=1)) == ["sent", "sent"]


def test_the_first_digest_covers_the_day_before(people):
    _prefer(people["manager"], "none")
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    _apply(people["position"], first="Old", last="One", at=now - datetime.timedelta(days=1))
    _apply(people["position"], first="New", last="One", at=now - datetime.timedelta(days=1) + datetime.timedelta(seconds=1))
    _run_digests(now)
    assert StaffEmail.objects.get().payload["applications"] == [Application.objects.get(candidate__first_name="New").pk]


def test_a_masked_application_is_numbered_in_the_digest(people):
    _prefer(people["manager"], "none")
    position = OpenPositionFactory(title="Archive clerk", blind_screening=True)
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    application = _apply(position, first="Nascosta", last="Persona", at=now - datetime.timedelta(hours=1))
    _run_digests(now)
    body = mail.outbox[0].body
    assert f"- Candidate #{application.pk} — Archive clerk" in body
    assert "Nascosta" not in body


def test_a_digest_the_mail_server_refused_is_retried_later_and_sent_once(people, fake_mail):
    _prefer(people["manager"], "none")
    now = datetime.datetime(2030, 1, 8, 8, 0, tzinfo=ROME)
    _apply(people["position"], at=now - datetime.timedelta(hours=1))
    fake_mail.on_open = ConnectionRefusedError("down")
    assert _run_digests(now) == ["not delivered: retry later"]
    fake_mail.on_open = None
    assert _run_digests(now + datetime.timedelta(minutes=1)) == []  # the first retry waits 2 minutes
    assert _run_digests(now + datetime.timedelta(minutes=2)) == ["sent"]
    assert _run_digests(now + datetime.timedelta(minutes=10)) == []
    assert (len(fake_mail.sent), StaffEmail.objects.get().attempts) == (1, 2)


# ---------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------
def test_dashboard_shows_what_is_new_since_the_last_visit(client, people):
    hr = people["hr"]
    client.force_login(hr)
    now = datetime.datetime.now(tz=datetime.UTC)
    _apply(people["position"], first="Eight", last="Days", at=now - datetime.timedelta(days=8))
    _apply(people["position"], first="Six", last="Days", at=now - datetime.timedelta(days=6))
    first = client.get("/staff/")
    new = first.context["new_applications"]
    assert (new.first_visit, new.count, [a.candidate.first_name for a in new.applications]) == (True, 1, ["Six"])
    assert "Received in the last 7 days." in first.content.decode()
    seen = now - datetime.timedelta(hours=1)
    StaffProfile.objects.filter(user=hr).update(dashboard_seen_at=seen)
    _apply(people["position"], first="Before", last="Then", at=seen)
    _apply(people["position"], first="Fresh", last="One", at=seen + datetime.timedelta(seconds=1))
    second = client.get("/staff/")
    new = second.context["new_applications"]
    assert (new.first_visit, new.count, [a.candidate.first_name for a in new.applications]) == (False, 1, ["Fresh"])
    assert "Received since your last visit on " in second.content.decode()
    third = client.get("/staff/").context["new_applications"]
    assert (third.count, third.applications) == (0, [])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("hr", ["Front", "Pay"]), ("manager", ["Pay"]), ("other_manager", ["Front"]), ("interviewer", None)],
    ids=["hr-sees-all", "manager-sees-theirs", "other-manager-sees-theirs", "interviewer-has-no-section"],
)
def test_whose_new_applications_the_dashboard_shows(client, people, persona, expected):
    _apply(people["position"], first="Pay", last="Roll")
    _apply(people["other_manager"].managed_positions.get(), first="Front", last="Desk")
    client.force_login(people[persona])
    response = client.get("/staff/")
    new = response.context.get("new_applications")
    assert (None if new is None else sorted(a.candidate.first_name for a in new.applications)) == expected


def test_dashboard_masks_names_under_blind_screening(client, people):
    position = OpenPositionFactory(title="Archive clerk", blind_screening=True)
    application = _apply(position, first="Nascosta", last="Persona")
    client.force_login(people["hr"])
    body = client.get("/staff/").content.decode()
    assert f"Candidate #{application.pk}" in body
    assert "Nascosta" not in body
