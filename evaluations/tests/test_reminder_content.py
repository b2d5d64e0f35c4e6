"""What the reminder service records and writes, with exact values: each row the scan records (key, recipient,
payload), the bounds of the scan's window, the words of every message in its recipient's language and time
zone, the invitation's calendar part field by field, what a digest lists, the instants at which a reminder
becomes obsolete, an admin's "Send again", and the queries that do not grow with the number of rows.

The clock is passed in (`now`): the interview is in 2099, far from the real clock. Only a scorecard's
submission reads the clock, patched there, and a logged interview is logged relative to it.
Which reasons make a reminder obsolete is pinned in test_reminder_rules.py; retries in test_reminder_delivery.py.
"""

import datetime
import re
import zoneinfo
from collections import Counter
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail as outbox
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from candidates import status
from candidates.tests.factories import ApplicationFactory
from core.models import profile_for
from evaluations import reminder_timing, reminders, scheduling
from evaluations.models import Reminder, Scorecard
from evaluations.reminder_timing import Policy
from evaluations.tests.factories import rate_everything, schedule
from recruiting.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROME = zoneinfo.ZoneInfo("Europe/Rome")
UTC = datetime.timezone.utc
SECOND = datetime.timedelta(seconds=1)
TICK = datetime.timedelta(microseconds=1)
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)
# Friday 5 June 2099, 09:30 in Rome (summer time, UTC+2) = 07:30 UTC = 03:30 in New York (UTC-4).
WHEN = datetime.datetime(2099, 6, 5, 9, 30, tzinfo=ROME)
END = WHEN + datetime.timedelta(minutes=45)
TITLE = "Accounts payable clerk"
WHERE = "Sala riunioni 2, via Roma 1, Milano"  # what tests/factories.schedule books
CANDIDATE_EMAIL = "Anna.Russo@Example.invalid"  # keys use it in lower case; messages go to it as typed
SITE = "https://ats.example.invalid"
ORGANIZATION = "Studio Rossi S.r.l."
SENDER = "colloqui@example.invalid"


@pytest.fixture(autouse=True)
def _installation(settings):
    settings.SITE_URL = SITE
    settings.ORGANIZATION_NAME = ORGANIZATION
    settings.DEFAULT_FROM_EMAIL = SENDER
    settings.INTERVIEW_REMINDER_LEAD_HOURS = 24
    settings.SCORECARD_REMINDER_LIMIT = 3
    settings.SENDING_STALE_AFTER_SECONDS = 600


def _profile(user, language, time_zone="Europe/Rome"):
    profile = profile_for(user)
    profile.language, profile.time_zone = language, time_zone
    profile.save()


@pytest.fixture
def people(hr, interviewer, other_interviewer):
    """HR (English, Rome) manages the position; Marco (English, New York) and Sara (Italian, Rome) interview."""
    hr.email = "giulia@example.invalid"
    hr.save()
    _profile(hr, "en")
    _profile(interviewer, "en", "America/New_York")
    _profile(other_interviewer, "it")
    return hr, interviewer, other_interviewer


def _application(manager, email=CANDIDATE_EMAIL):
    return ApplicationFactory(
        candidate__first_name="Anna", candidate__last_name="Russo", candidate__email=email, position__title=TITLE,
        position__hiring_manager=manager,
    )


@pytest.fixture
def interview(people):
    """Anna Russo (Italian) meets Marco and Sara on Friday 5 June 2099 at 09:30 in Rome, for 45 minutes."""
    hr, marco, sara = people
    return schedule(application=_application(hr), interviewers=[marco, sara], hr=hr, starts_at=WHEN, duration=45)


def _rows():
    """Every recorded message but the invitations (recorded at scheduling), by key."""
    return [
        (r.key, r.kind, r.interview_id, r.scorecard_id, r.to, r.recipient_id, r.payload)
        for r in Reminder.objects.exclude(kind="invitation").order_by("key")
    ]


def _reads(queries):
    """How many SELECTs read each table first: a related row loaded on its own shows up as one more."""
    return Counter(
        re.search(r'FROM "(\w+)"', query["sql"]).group(1) for query in queries if query["sql"].startswith("SELECT")
    )


STATUS_LINK = re.compile(re.escape(SITE) + r"/status/([^/\s]+)/")


def _with_link(message, application):
    """The body with the status-page link as {link}; the link must open this application's page."""
    [token] = STATUS_LINK.findall(message.body)
    assert status.application_from_token(token) == application
    return STATUS_LINK.sub("{link}", message.body)


def _sent_one(reminder, now):
    """Deliver the reminder at `now`; it must go out as the one message in the outbox."""
    outbox.outbox.clear()
    assert reminders.deliver(reminder.pk, now=now) == "sent"
    reminder.refresh_from_db()
    assert (reminder.status, reminder.sent_at) == ("sent", now)
    [message] = outbox.outbox
    return message


# --- policy ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead_hours, limit, expected",
    [
        pytest.param(24, 3, Policy(interview_lead=24 * H, overdue_limit=3), id="defaults"),
        pytest.param(6, 2, Policy(interview_lead=6 * H, overdue_limit=2), id="six-hours-two-reminders"),
        pytest.param(48, 5, Policy(interview_lead=2 * D, overdue_limit=5), id="two-days-five-reminders"),
    ],
)
def test_policy_takes_the_lead_time_and_the_number_of_reminders_from_the_settings(lead_hours, limit, expected, settings):
    settings.INTERVIEW_REMINDER_LEAD_HOURS = lead_hours
    settings.SCORECARD_REMINDER_LIMIT = limit
    assert reminders.policy() == expected
    assert (expected.first_overdue_after, expected.overdue_every) == (H, D)


# --- the scan -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead_hours, before_start, recorded",
    [
        pytest.param(6, 6 * H, True, id="six-hour-lead-exactly-six-hours-before"),
        pytest.param(6, 6 * H + SECOND, False, id="six-hour-lead-one-second-earlier"),
        pytest.param(24, 24 * H, True, id="one-day-lead-exactly-one-day-before"),
        pytest.param(24, 24 * H + SECOND, False, id="one-day-lead-one-second-earlier"),
        pytest.param(48, 30 * H, True, id="two-day-lead-thirty-hours-before"),
    ],
)
def test_interview_reminders_are_recorded_from_the_configured_lead_time(lead_hours, before_start, recorded, interview, settings):
    settings.INTERVIEW_REMINDER_LEAD_HOURS = lead_hours
    reminders.queue_due_reminders(now=WHEN - before_start)
    expected = [
        f"interview:{interview.pk}:0:anna.russo@example.invalid",
        f"interview:{interview.pk}:0:marco@example.invalid",
        f"interview:{interview.pk}:0:sara@example.invalid",
    ]
    assert [row[0] for row in _rows()] == (expected if recorded else [])


# The scan reads the interviews that may need a message now: starting within the lead time, or started since
# the window's start (the first overdue delay plus one day more than the reminders: limit 3, 1 h + 4 days).
@pytest.mark.parametrize(
    "now_from_start, looked_at",
    [
        pytest.param(-24 * H - SECOND, False, id="one-second-before-the-lead-time"),
        pytest.param(-24 * H, True, id="at-the-end-of-the-lead-time"),
        pytest.param(-TICK, True, id="just-before-the-start"),
        pytest.param(datetime.timedelta(0), True, id="at-the-start"),
        pytest.param(H + 4 * D, True, id="at-the-start-of-the-window"),
        pytest.param(H + 4 * D + TICK, False, id="just-after-the-start-of-the-window"),
    ],
)
def test_the_scan_looks_only_at_interviews_within_its_window(now_from_start, looked_at, interview):
    with mock.patch.object(reminders, "interview_reminder_due", wraps=reminder_timing.interview_reminder_due) as due:
        reminders.queue_due_reminders(now=WHEN + now_from_start)
    assert [call.kwargs["starts_at"] for call in due.call_args_list] == ([WHEN] if looked_at else [])


@pytest.mark.parametrize(
    "now_from_start, digest",
    [
        pytest.param(H + 4 * D, True, id="at-the-start-of-the-window"),
        pytest.param(H + 4 * D + TICK, False, id="after-the-window"),
    ],
)
def test_a_digest_is_recorded_each_day_until_the_interview_leaves_the_window(now_from_start, digest, interview):
    hr = interview.application.position.hiring_manager
    cards = sorted(interview.scorecards.values_list("pk", flat=True))
    reminders.queue_due_reminders(now=WHEN + now_from_start)
    # 5 June 09:30 + 4 days 1 hour = 9 June 10:30 in Rome.
    expected = [(f"digest:{hr.pk}:2099-06-09", "digest", None, None, "giulia@example.invalid", hr.pk, {"scorecards": cards})]
    assert _rows() == (expected if digest else [])


def _no_email_on_the_panel(interview):
    """A third interviewer without an e-mail address: a scorecard, but no message of theirs."""
    luca = UserFactory(username="luca", first_name="Luca", last_name="Gallo", email="", role="interviewer")
    interview.application.position.panel.add(luca)
    interview.interviewers.add(luca)
    return Scorecard.objects.create(interview=interview, interviewer=luca).pk


@pytest.mark.parametrize(
    "now, expected",
    [
        pytest.param(WHEN - 2 * H, "interview", id="interview-reminders"),
        pytest.param(END + H, "first-overdue", id="first-overdue"),
        pytest.param(END + H + D - TICK, "first-overdue", id="still-the-first-overdue"),
        pytest.param(END + H + D, "second-overdue", id="second-overdue"),
        pytest.param(END + H + 2 * D, "digest", id="after-the-limit-a-digest"),
        pytest.param(END, "nothing", id="at-the-end-nothing-yet"),
    ],
)
def test_each_message_is_recorded_with_its_recipient_and_payload(now, expected, interview, people, settings):
    settings.SCORECARD_REMINDER_LIMIT = 2
    hr, marco, sara = people
    luca = _no_email_on_the_panel(interview)
    i = interview.pk
    marco_card, sara_card = (interview.scorecards.get(interviewer=u).pk for u in (marco, sara))

    def overdue(number):
        return [
            (f"overdue:{marco_card}:{number}", "overdue", i, marco_card, "marco@example.invalid", marco.pk, {"number": number}),
            (f"overdue:{sara_card}:{number}", "overdue", i, sara_card, "sara@example.invalid", sara.pk, {"number": number}),
        ]

    rows = {
        "interview": [
            (f"interview:{i}:0:anna.russo@example.invalid", "interview", i, None, CANDIDATE_EMAIL, None, {"sequence": 0}),
            (f"interview:{i}:0:marco@example.invalid", "interview", i, None, "marco@example.invalid", marco.pk, {"sequence": 0}),
            (f"interview:{i}:0:sara@example.invalid", "interview", i, None, "sara@example.invalid", sara.pk, {"sequence": 0}),
        ],
        "first-overdue": overdue(1),
        "second-overdue": overdue(2),
        "digest": [
            # 5 June 10:15 + 1 h + 2 days = 7 June 11:15 in Rome.
            (f"digest:{hr.pk}:2099-06-07", "digest", None, None, "giulia@example.invalid", hr.pk,
             {"scorecards": sorted([marco_card, sara_card, luca])}),
        ],
        "nothing": [],
    }
    reminders.queue_due_reminders(now=now)
    assert sorted(_rows(), key=lambda row: row[0]) == sorted(rows[expected], key=lambda row: row[0])


def test_an_interview_reminder_after_a_reschedule_carries_the_new_sequence(interview, people):
    hr, marco, sara = people
    scheduling.interview_reschedule(
        interview=interview, kind=interview.kind, starts_at=WHEN + D, duration_minutes=45, location=WHERE,
        interviewers=[marco], user=hr,
    )
    reminders.queue_due_reminders(now=WHEN + D - H)
    i = interview.pk
    assert _rows() == [
        (f"interview:{i}:1:anna.russo@example.invalid", "interview", i, None, CANDIDATE_EMAIL, None, {"sequence": 1}),
        (f"interview:{i}:1:marco@example.invalid", "interview", i, None, "marco@example.invalid", marco.pk, {"sequence": 1}),
    ]


@pytest.mark.parametrize(
    "manager_email, has_manager, digests",
    [
        pytest.param("giulia@example.invalid", True, 1, id="manager-with-an-address"),
        pytest.param("", True, 0, id="manager-without-an-address"),
        pytest.param("", False, 0, id="no-manager"),
    ],
)
def test_a_digest_goes_only_to_a_hiring_manager_with_an_address(manager_email, has_manager, digests, interview, people):
    hr = people[0]
    hr.email = manager_email
    hr.save()
    if not has_manager:
        interview.application.position.hiring_manager = None
        interview.application.position.save()
    reminders.queue_due_reminders(now=END + H + 3 * D)
    assert Reminder.objects.filter(kind="digest").count() == digests


@pytest.mark.parametrize(
    "after_the_end",
    [
        pytest.param(H, id="when-the-first-overdue-reminders-would-be-due"),
        pytest.param(H + 3 * D, id="when-the-digest-would-be-due"),
    ],
)
def test_a_logged_interview_gets_no_reminder(after_the_end, people):
    hr, marco, sara = people
    application = _application(hr)
    application.position.panel.add(marco, sara)
    # Logged the day after it took place (45 minutes long, yesterday): nobody was invited.
    starts_at = timezone.now() - D
    scheduling.interview_schedule(
        application=application, kind="competency", starts_at=starts_at, duration_minutes=45, location=WHERE,
        interviewers=[marco, sara], user=hr, logged=True,
    )
    reminders.queue_due_reminders(now=starts_at + datetime.timedelta(minutes=45) + after_the_end)
    assert list(Reminder.objects.values_list("key", flat=True)) == []


def test_the_scan_returns_at_most_1000_pending_ids_the_oldest_first():
    rows = Reminder.objects.bulk_create(
        Reminder(key=f"digest:backlog:{n}", kind="digest", to="giulia@example.invalid") for n in range(1001)
    )
    pks = sorted(r.pk for r in rows)
    assert reminders.queue_due_reminders(now=WHEN) == pks[:1000]


@pytest.mark.parametrize(
    "sending_for, status",
    [
        pytest.param(600 * SECOND + TICK, "uncertain", id="longer-than-a-send-can-last"),
        pytest.param(600 * SECOND, "sending", id="exactly-the-limit"),
    ],
)
def test_the_scan_judges_abandoned_sends_by_its_own_clock(sending_for, status):
    row = Reminder.objects.create(
        key="digest:abandoned", kind="digest", to="giulia@example.invalid", status="sending", sending_since=WHEN - sending_for,
    )
    assert reminders.queue_due_reminders(now=WHEN) == []
    row.refresh_from_db()
    assert row.status == status


# --- messages -------------------------------------------------------------------------------------------------

CANDIDATE_REMINDER = (
    "Promemoria: colloquio per Accounts payable clerk",
    "Gentile Anna,\n"
    "\n"
    "ti ricordiamo il colloquio per Accounts payable clerk, fissato per venerdì 5 giugno 2099 alle 09:30 (Europe/Rome).\n"
    "Dove: Sala riunioni 2, via Roma 1, Milano\n"
    "Con: Marco Conti, Sara Lombardi\n"
    "\n"
    "Se non puoi esserci, chiedici un altro orario nella pagina della tua candidatura:\n"
    "{link}\n"
    "\n"
    "Studio Rossi S.r.l.\n",
)
MARCO_REMINDER = (
    "Reminder: interview for Accounts payable clerk",
    "Dear Marco,\n"
    "\n"
    "a reminder of the interview for Accounts payable clerk on Friday 5 June 2099 at 03:30 (America/New_York).\n"
    "Where: Sala riunioni 2, via Roma 1, Milano\n"
    "Candidate: Anna Russo\n"
    "Interview kit and scorecard: https://ats.example.invalid/staff/interviews/mine/\n"
    "\n"
    "Studio Rossi S.r.l.\n",
)
SARA_REMINDER = (
    "Promemoria: colloquio per Accounts payable clerk",
    "Gentile Sara,\n"
    "\n"
    "ti ricordiamo il colloquio per Accounts payable clerk, fissato per venerdì 5 giugno 2099 alle 09:30 (Europe/Rome).\n"
    "Dove: Sala riunioni 2, via Roma 1, Milano\n"
    "Candidato: Anna Russo\n"
    "Kit del colloquio e scheda: https://ats.example.invalid/staff/interviews/mine/\n"
    "\n"
    "Studio Rossi S.r.l.\n",
)


@pytest.mark.parametrize(
    "address, expected",
    [
        pytest.param("anna.russo@example.invalid", CANDIDATE_REMINDER, id="candidate-in-italian-and-the-organisation-time"),
        pytest.param("marco@example.invalid", MARCO_REMINDER, id="interviewer-in-english-in-new-york"),
        pytest.param("sara@example.invalid", SARA_REMINDER, id="interviewer-in-italian-in-rome"),
    ],
)
def test_the_interview_reminder_is_written_in_the_recipients_language_and_time_zone(address, expected, interview):
    now = WHEN - 2 * H
    reminders.queue_due_reminders(now=now)
    reminder = Reminder.objects.get(key=f"interview:{interview.pk}:0:{address}")
    message = _sent_one(reminder, now)
    body = _with_link(message, interview.application) if reminder.recipient is None else message.body
    assert (message.from_email, message.to, message.subject, body, message.attachments) == (
        SENDER, [reminder.to], *expected, []
    )


@pytest.mark.parametrize(
    "who, expected",
    [
        pytest.param(
            "marco",
            (
                "Scorecard due: Anna Russo",
                "Dear Marco,\n"
                "\n"
                "your scorecard for Anna Russo (Accounts payable clerk, interview on 5 June 2099) has not been "
                "submitted yet.\n"
                "Please rate each criterion while the interview is fresh in your mind: "
                "https://ats.example.invalid/staff/scorecards/{card}/\n"
                "\n"
                "Studio Rossi S.r.l.\n",
            ),
            id="english-in-new-york",
        ),
        pytest.param(
            "sara",
            (
                "Scheda di valutazione da compilare: Anna Russo",
                "Gentile Sara,\n"
                "\n"
                "la tua scheda di valutazione per Anna Russo (Accounts payable clerk, colloquio del 5 giugno 2099) "
                "non è ancora stata inviata.\n"
                "Valuta ogni criterio finché il colloquio è fresco nella memoria: "
                "https://ats.example.invalid/staff/scorecards/{card}/\n"
                "\n"
                "Studio Rossi S.r.l.\n",
            ),
            id="italian-in-rome",
        ),
    ],
)
def test_the_overdue_reminder_links_the_scorecard_in_the_interviewers_language(who, expected, interview):
    now = END + H
    reminders.queue_due_reminders(now=now)
    reminder = Reminder.objects.get(kind="overdue", recipient__username=who)
    message = _sent_one(reminder, now)
    subject, body = expected
    assert (message.to, message.subject, message.body) == ([reminder.to], subject, body.format(card=reminder.scorecard_id))


DIGEST_HEAD = "Dear Giulia,\n\nthese scorecards are still missing after every reminder to the interviewer:\n"


def _digest_world(people):
    """Three interviews on three positions; returns Marco's and Sara's scorecards of each, in interview order."""
    hr, marco, sara = people
    cards = []
    for n, (first, last) in enumerate([("Anna", "Russo"), ("Bruno", "Neri"), ("Carla", "Bassi")]):
        application = ApplicationFactory(
            candidate__first_name=first, candidate__last_name=last, position__title=f"Clerk {n + 1}",
            position__hiring_manager=hr,
        )
        interview = schedule(
            application=application, interviewers=[marco, sara], hr=hr, starts_at=WHEN + n * D, duration=45,
        )
        cards.append((interview.scorecards.get(interviewer=marco), interview.scorecards.get(interviewer=sara)))
    return cards


def _digest(hr, scorecards):
    return Reminder.objects.create(
        key="digest:test", kind="digest", to=hr.email, recipient=hr, payload={"scorecards": scorecards} if scorecards is not None else {},
    )


@pytest.mark.parametrize(
    "listed, submitted, lines",
    [
        pytest.param(
            [(0, 0)], [], ["- Marco Conti: Anna Russo — Clerk 1 (05/06/2099 09:30)"], id="one-draft",
        ),
        pytest.param(
            [(2, 1), (0, 0), (1, 1)], [],
            [
                "- Marco Conti: Anna Russo — Clerk 1 (05/06/2099 09:30)",
                "- Sara Lombardi: Bruno Neri — Clerk 2 (06/06/2099 09:30)",
                "- Sara Lombardi: Carla Bassi — Clerk 3 (07/06/2099 09:30)",
            ],
            id="by-interview-time",
        ),
        pytest.param(
            [(0, 0), (0, 1)], [(0, 1)], ["- Marco Conti: Anna Russo — Clerk 1 (05/06/2099 09:30)"],
            id="a-scorecard-submitted-since-is-left-out",
        ),
    ],
)
def test_the_digest_lists_the_scorecards_it_was_recorded_for_that_are_still_drafts(listed, submitted, lines, people):
    hr = people[0]
    cards = _digest_world(people)
    for interview_index, who in submitted:
        with mock.patch("django.utils.timezone.now", return_value=END + interview_index * D + H):
            rate_everything(cards[interview_index][who])
    digest = _digest(hr, None if listed is None else [cards[i][who].pk for i, who in listed])
    message = _sent_one(digest, END + 3 * D + 4 * H)
    assert (message.to, message.subject) == (["giulia@example.invalid"], "Scorecards still missing after several reminders")
    assert message.body == DIGEST_HEAD + "".join(f"\n{line}" for line in lines) + "\n\nStudio Rossi S.r.l.\n"


@pytest.mark.parametrize(
    "listed, submitted",
    [
        pytest.param([(0, 1)], [(0, 1)], id="everything-submitted-since"),
        pytest.param([], [], id="nothing-listed"),
        pytest.param(None, [], id="no-list-at-all"),
    ],
)
def test_a_digest_with_no_draft_left_is_not_sent(listed, submitted, people):
    hr = people[0]
    cards = _digest_world(people)
    for interview_index, who in submitted:
        with mock.patch("django.utils.timezone.now", return_value=END + interview_index * D + H):
            rate_everything(cards[interview_index][who])
    digest = _digest(hr, None if listed is None else [cards[i][who].pk for i, who in listed])
    outbox.outbox.clear()
    assert reminders.deliver(digest.pk, now=END + 3 * D + 4 * H) == "obsolete: scorecards submitted or removed"
    digest.refresh_from_db()
    assert (digest.status, outbox.outbox) == ("failed", [])


# --- invitations ----------------------------------------------------------------------------------------------

NOW = datetime.datetime(2099, 6, 1, 8, 0, tzinfo=UTC)


def _calendar(message):
    """The one attachment, its name and type exactly, and the fields of its one event."""
    [(name, content, mimetype)] = message.attachments
    calendar = Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    return {
        "name": name,
        "mimetype": mimetype,
        "method": str(calendar["METHOD"]),
        "uid": str(event["UID"]),
        "sequence": int(event["SEQUENCE"]),
        "stamp": event.decoded("DTSTAMP"),
        "start": event.decoded("DTSTART"),
        "end": event.decoded("DTEND"),
        "summary": str(event["SUMMARY"]),
        "description": str(event["DESCRIPTION"]),
        "location": str(event["LOCATION"]),
        "status": str(event["STATUS"]),
        "organizer": (str(event["ORGANIZER"]), str(event["ORGANIZER"].params["CN"])),
        # In no particular order: the panel comes from a many-to-many relation.
        "attendees": sorted((str(a), str(a.params["CN"])) for a in event.get("ATTENDEE", [])),
    }


def _invitation(interview, sequence, address):
    return Reminder.objects.get(key=f"invitation:{interview.pk}:{sequence}:{address}")


MARCO_INVITATION = (
    "Interview for Accounts payable clerk",
    "Dear Marco,\n"
    "\n"
    "you are interviewing Anna Russo for Accounts payable clerk.\n"
    "\n"
    "Kind: Competency interview\n"
    "When: Friday 5 June 2099, 03:30 (America/New_York)\n"
    "Duration: 45 minutes\n"
    "Where: Sala riunioni 2, via Roma 1, Milano\n"
    "\n"
    "Interview kit and scorecard: https://ats.example.invalid/staff/interviews/mine/\n"
    "\n"
    "Open the attached calendar file to add the interview to your calendar.\n"
    "\n"
    "Studio Rossi S.r.l.\n",
)
CANDIDATE_INVITATION = (
    "Colloquio per Accounts payable clerk",
    "Gentile Anna,\n"
    "\n"
    "vorremmo incontrarti per la posizione di Accounts payable clerk.\n"
    "\n"
    "Tipo: Colloquio sulle competenze\n"
    "Quando: venerdì 5 giugno 2099, 09:30 (Europe/Rome)\n"
    "Durata: 45 minuti\n"
    "Dove: Sala riunioni 2, via Roma 1, Milano\n"
    "Con: Marco Conti, Sara Lombardi\n"
    "\n"
    "Se l'orario non ti va bene, chiedicene un altro nella pagina della tua candidatura:\n"
    "{link}\n"
    "\n"
    "Apri il file di calendario allegato per aggiungere il colloquio al tuo calendario.\n"
    "\n"
    "Studio Rossi S.r.l.\n",
)
PANEL = [
    ("mailto:Anna.Russo@Example.invalid", "Anna Russo"),
    ("mailto:marco@example.invalid", "Marco Conti"),
    ("mailto:sara@example.invalid", "Sara Lombardi"),
]


@pytest.mark.parametrize(
    "address, expected",
    [
        pytest.param("marco@example.invalid", MARCO_INVITATION, id="interviewer-in-english-in-new-york"),
        pytest.param("anna.russo@example.invalid", CANDIDATE_INVITATION, id="candidate-in-italian"),
    ],
)
def test_the_invitation_carries_a_calendar_request_with_the_message_as_its_text(address, expected, interview):
    reminder = _invitation(interview, 0, address)
    message = _sent_one(reminder, NOW)
    subject, body = expected
    sent_body = _with_link(message, interview.application) if reminder.recipient is None else message.body
    assert (message.from_email, message.to, message.subject, sent_body) == (SENDER, [reminder.to], subject, body)
    assert _calendar(message) == {
        "name": "invite.ics",
        "mimetype": "text/calendar; charset=utf-8; method=REQUEST",
        "method": "REQUEST",
        "uid": f"{interview.uid}@ats.example.invalid",
        "sequence": 0,
        "stamp": NOW,
        "start": datetime.datetime(2099, 6, 5, 7, 30, tzinfo=UTC),
        "end": datetime.datetime(2099, 6, 5, 8, 15, tzinfo=UTC),
        "summary": subject,
        "description": message.body,
        "location": WHERE,
        "status": "CONFIRMED",
        "organizer": ("mailto:colloqui@example.invalid", ORGANIZATION),
        "attendees": PANEL,
    }


def test_an_updated_invitation_has_the_next_sequence_the_new_place_and_the_panel_without_an_address(interview, people):
    hr, marco, sara = people
    luca = UserFactory(username="luca", first_name="Luca", last_name="Gallo", email="", role="interviewer")
    interview.application.position.panel.add(luca)  # on the panel of the new time, with no address to invite
    scheduling.interview_reschedule(
        interview=interview, kind=interview.kind, starts_at=WHEN + H, duration_minutes=60, location="Video call",
        interviewers=[marco, sara, luca], user=hr,
    )
    message = _sent_one(_invitation(interview, 1, "marco@example.invalid"), NOW)
    assert message.subject == "Updated: interview for Accounts payable clerk"
    calendar = _calendar(message)
    assert {key: calendar[key] for key in ("mimetype", "method", "sequence", "start", "end", "location", "status")} == {
        "mimetype": "text/calendar; charset=utf-8; method=REQUEST",
        "method": "REQUEST",
        "sequence": 1,
        "start": datetime.datetime(2099, 6, 5, 8, 30, tzinfo=UTC),
        "end": datetime.datetime(2099, 6, 5, 9, 30, tzinfo=UTC),
        "location": "Video call",
        "status": "CONFIRMED",
    }
    assert calendar["attendees"] == PANEL


def test_someone_taken_off_the_panel_gets_a_calendar_cancel(interview, people):
    hr, marco, sara = people
    scheduling.interview_reschedule(
        interview=interview, kind=interview.kind, starts_at=WHEN, duration_minutes=45, location=WHERE,
        interviewers=[sara], user=hr,
    )
    message = _sent_one(_invitation(interview, 1, "marco@example.invalid"), NOW)
    body = (
        "Dear Marco,\n"
        "\n"
        "you are no longer on the panel of the interview with Anna Russo for Accounts payable clerk on "
        "Friday 5 June 2099 at 03:30.\n"
        "\n"
        "Open the attached calendar file to remove it from your calendar.\n"
        "\n"
        "Studio Rossi S.r.l.\n"
    )
    assert (message.subject, message.body) == ("No longer on the panel: interview for Accounts payable clerk", body)
    calendar = _calendar(message)
    assert {key: calendar[key] for key in ("mimetype", "method", "sequence", "summary", "description", "status", "attendees")} == {
        "mimetype": "text/calendar; charset=utf-8; method=CANCEL",
        "method": "CANCEL",
        "sequence": 1,
        "summary": "No longer on the panel: interview for Accounts payable clerk",
        "description": body,
        "status": "CANCELLED",
        "attendees": [PANEL[0], PANEL[2]],  # the panel as it now is
    }


def test_an_interviewer_without_a_full_name_is_named_by_username_in_the_calendar(people):
    hr = people[0]
    nameless = UserFactory(username="tecnico", first_name="", last_name="", role="interviewer")
    interview = schedule(application=_application(hr), interviewers=[people[1], nameless], hr=hr, starts_at=WHEN, duration=45)
    message = _sent_one(_invitation(interview, 0, "tecnico@example.invalid"), NOW)
    assert _calendar(message)["attendees"] == [PANEL[0], PANEL[1], ("mailto:tecnico@example.invalid", "tecnico")]


# --- obsolete at the exact instants ---------------------------------------------------------------------------


def _overdue(interview, now):
    reminders.queue_due_reminders(now=END + H)
    return Reminder.objects.filter(kind="overdue").first(), now


def _interview_reminder(interview, now):
    reminders.queue_due_reminders(now=WHEN - 2 * H)
    return Reminder.objects.get(key=f"interview:{interview.pk}:0:marco@example.invalid"), now


def _interview_reminder_recorded_without_a_sequence(interview, now):
    reminder, now = _interview_reminder(interview, now)
    Reminder.objects.filter(pk=reminder.pk).update(payload={})
    return Reminder.objects.get(pk=reminder.pk), now


@pytest.mark.parametrize(
    "scenario, now, reason",
    [
        pytest.param(_overdue, END, "", id="overdue-at-the-end-of-the-interview"),
        pytest.param(_overdue, END - TICK, "rescheduled to a later time", id="overdue-just-before-the-end"),
        pytest.param(_interview_reminder, WHEN - TICK, "", id="interview-reminder-just-before-the-start"),
        pytest.param(_interview_reminder, WHEN, "interview started", id="interview-reminder-at-the-start"),
        pytest.param(_interview_reminder_recorded_without_a_sequence, WHEN - H, "", id="a-reminder-without-a-sequence-is-current"),
    ],
)
def test_obsolete_at_the_exact_instant(scenario, now, reason, interview):
    reminder, now = scenario(interview, now)
    assert reminders.obsolete_reason(reminder, now) == reason


# --- send again -----------------------------------------------------------------------------------------------


def _admin():
    return get_user_model()(username="root")


def test_send_again_of_a_digest_queues_it_and_records_who_asked_and_when(people):
    digest = _digest(people[0], [])
    Reminder.objects.filter(pk=digest.pk).update(status="uncertain", attempts=1, sending_since=WHEN)
    with mock.patch.object(reminders, "enqueue") as enqueue:
        ids, obsolete, left = reminders.reminder_send_again(reminders=Reminder.objects.filter(pk=digest.pk), user=_admin(), now=NOW)
    assert (ids, obsolete, left) == ([digest.pk], [], 0)
    assert enqueue.call_args_list == [mock.call("evaluations.tasks.deliver_reminder", digest.pk)]
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, digest.sending_since) == ("pending", 0, None)
    assert digest.payload == {"scorecards": [], "resent": [{"by": "root", "at": "2099-06-01T08:00:00+00:00", "was": "uncertain"}]}


@pytest.mark.parametrize(
    "now, obsolete",
    [
        pytest.param(WHEN - SECOND, False, id="one-second-before-the-start-is-queued"),
        pytest.param(WHEN, True, id="at-the-start-it-no-longer-applies"),
    ],
)
def test_send_again_judges_an_interview_reminder_at_its_own_clock(now, obsolete, interview):
    reminder, _ = _interview_reminder(interview, now)
    Reminder.objects.filter(pk=reminder.pk).update(status="failed", attempts=5)
    with mock.patch.object(reminders, "enqueue") as enqueue:
        ids, judged, left = reminders.reminder_send_again(reminders=Reminder.objects.filter(pk=reminder.pk), user=_admin(), now=now)
    assert (ids, [r.pk for r in judged], left) == (([], [reminder.pk], 0) if obsolete else ([reminder.pk], [], 0))
    assert enqueue.call_count == (0 if obsolete else 1)
    reminder.refresh_from_db()
    assert reminder.status == ("failed" if obsolete else "pending")


# --- queries that do not grow with the rows -------------------------------------------------------------------


def test_the_scan_reads_each_table_once_however_many_interviews(people, settings):
    settings.SCORECARD_REMINDER_LIMIT = 1
    hr, marco, sara = people
    # At the scan (7 June 07:30) the first interview has its digest due, the second its first overdue reminders,
    # the third and the fourth (2 h and 4 h later) their interview reminders; an earlier scan recorded them all.
    for n, starts_at in enumerate([WHEN, WHEN + D, WHEN + 2 * D, WHEN + 2 * D + 2 * H]):
        schedule(application=_application(hr, email=f"c{n}@example.invalid"), interviewers=[marco, sara], hr=hr,
                 starts_at=starts_at, duration=45)
    now = WHEN + 2 * D - 2 * H
    reminders.queue_due_reminders(now=now)
    recorded = Reminder.objects.exclude(kind="invitation").count()
    assert recorded == 1 + 2 + 3 + 3  # a digest, two overdue reminders, two interviews' three reminders
    with CaptureQueriesContext(connection) as queries:
        reminders.queue_due_reminders(now=now)
    # Abandoned sends; the interviews with their candidates, positions and managers; their panels; their
    # scorecards; the scorecards' interviewers; the managers with a digest; each message looked up by its key;
    # what is pending.
    assert _reads(queries) == Counter(
        {"evaluations_reminder": 1 + recorded + 1, "evaluations_interview": 1, "auth_user": 3, "evaluations_scorecard": 1}
    )


@pytest.mark.parametrize("listed", [1, 3], ids=["one-scorecard", "three-scorecards"])
def test_delivering_a_digest_reads_its_scorecards_in_two_queries_however_many(listed, people):
    cards = _digest_world(people)
    digest = _digest(people[0], [cards[n][0].pk for n in range(listed)])
    with CaptureQueriesContext(connection) as queries:
        reminders.deliver(digest.pk, now=WHEN + 4 * D)
    # Scorecards twice, however many: is any still a draft (else the digest is dropped), then the list itself.
    assert _reads(queries) == Counter({"evaluations_reminder": 2, "recruiting_staffprofile": 1, "evaluations_scorecard": 2})


@pytest.mark.parametrize(
    "address, reads",
    [
        pytest.param("anna.russo@example.invalid", {"evaluations_reminder": 2, "auth_user": 1}, id="candidate"),
        pytest.param("marco@example.invalid", {"evaluations_reminder": 2, "auth_user": 1, "recruiting_staffprofile": 1},
                     id="interviewer"),
    ],
)
def test_delivering_an_interview_reminder_reads_the_interview_and_its_people_with_the_reminder(address, reads, interview):
    now = WHEN - 2 * H
    reminders.queue_due_reminders(now=now)
    reminder = Reminder.objects.get(key=f"interview:{interview.pk}:0:{address}")
    with CaptureQueriesContext(connection) as queries:
        assert reminders.deliver(reminder.pk, now=now) == "sent"
    # The locked row with its interview, application, candidate, position and recipient; whether it is due;
    # for an interviewer, whether still on the panel, and the language and time zone; for the candidate, the panel
    # they will meet.
    assert _reads(queries) == Counter(reads)


def test_send_again_reads_the_interviews_with_the_reminders(interview):
    invitations = Reminder.objects.filter(kind="invitation")
    assert invitations.count() == 3
    invitations.update(status="sent")
    with CaptureQueriesContext(connection) as queries:
        assert reminders.reminder_send_again(reminders=invitations, user=_admin(), now=NOW) == ([], [], 3)
    assert _reads(queries) == Counter({"evaluations_reminder": 2})
