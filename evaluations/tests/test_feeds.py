"""The private calendar feed: exact iCalendar lines, only the owner's interviews, revocable secret address."""

import datetime
import uuid
import zoneinfo

import pytest
from django.urls import reverse

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core.models import profile_for
from evaluations.models import Interview
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
NOW = datetime.datetime(2030, 1, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://jobs.example.com"
    settings.ORGANIZATION_NAME = "Studio Demo S.r.l."


def _interview(people, hr, *, name=("Anna", "Bianchi"), title="Payroll clerk", starts, minutes=60, number=1,
               location="Sala riunioni 2, via Roma 1, Milano", sequence=0, cancelled=False, **position):
    application = ApplicationFactory(
        candidate=CandidateFactory(first_name=name[0], last_name=name[1]), stage=Stage.INTERVIEW,
        position=OpenPositionFactory(title=title, **position),
    )
    interview = schedule(interviewers=people, application=application, hr=hr)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=starts, duration_minutes=minutes, location=location, sequence=sequence,
        uid=uuid.UUID(int=number), updated_at=datetime.datetime(2030, 1, 1, 8, 0, tzinfo=datetime.UTC),
        status=Interview.Status.CANCELLED if cancelled else Interview.Status.SCHEDULED,
    )
    interview.refresh_from_db()
    return interview


def _feed(client, user, language="en"):
    profile = profile_for(user)
    profile.language = language
    profile.save(update_fields=["language"])
    profile.renew_feed_token()
    url = reverse("evaluations:calendar_feed", kwargs={"profile_pk": profile.pk, "token": profile.calendar_feed_token})
    return client.get(url)


def _events(body: str) -> list[list[str]]:
    """The lines of each event, long lines unfolded (RFC 5545, 3.1: a line break followed by a space)."""
    lines = body.replace("\r\n ", "").split("\r\n")
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return events


def test_feed_lines_of_one_interview(client, hr, interviewer):
    interview = _interview([interviewer], hr, starts=datetime.datetime(2030, 1, 20, 9, 30, tzinfo=ROME), sequence=2)
    response = _feed(client, interviewer)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Recruiting ATS//Interviews//EN\r\nCALSCALE:GREGORIAN\r\n"
        "X-WR-CALNAME:Interviews — Studio Demo S.r.l.\r\n"
    )
    assert _events(body) == [[
        "SUMMARY:Competency interview: Anna Bianchi (Payroll clerk)",
        "DTSTART:20300120T083000Z",
        "DTEND:20300120T093000Z",
        "DTSTAMP:20300101T080000Z",
        "UID:00000000-0000-0000-0000-000000000001@jobs.example.com",
        "SEQUENCE:2",
        "DESCRIPTION:https://jobs.example.com/staff/interviews/" + str(interview.pk) + "/",
        "LOCATION:Sala riunioni 2\\, via Roma 1\\, Milano",
        "STATUS:CONFIRMED",
    ]]
    assert body.endswith("END:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("name", "title", "summary"),
    [
        (("Anna; Maria", "O'Brien, \\ Jr"), "Clerk", "SUMMARY:Competency interview: Anna\\; Maria O'Brien\\, \\\\ Jr (Clerk)"),
        (("Anna", "Bianchi"), "Clerk, records; archive", "SUMMARY:Competency interview: Anna Bianchi (Clerk\\, records\\; archive)"),
        (("<b>Anna</b>", "Bianchi"), "Clerk", "SUMMARY:Competency interview: <b>Anna</b> Bianchi (Clerk)"),
    ],
    ids=["semicolon-comma-backslash-in-name", "comma-semicolon-in-title", "markup-stays-text"],
)
def test_candidate_text_is_escaped(client, hr, interviewer, name, title, summary):
    _interview([interviewer], hr, name=name, title=title, starts=datetime.datetime(2030, 1, 20, 9, 30, tzinfo=ROME))
    assert _events(_feed(client, interviewer).content.decode())[0][0] == summary


def test_a_long_line_is_folded_within_75_octets(client, hr, interviewer):
    _interview([interviewer], hr, title="Clerk, records; archive and front desk",
               starts=datetime.datetime(2030, 1, 20, 9, 30, tzinfo=ROME))
    body = _feed(client, interviewer).content.decode()
    assert "SUMMARY:Competency interview: Anna Bianchi (Clerk\\, records\\; archive and \r\n front desk)\r\n" in body


def test_a_line_break_typed_in_the_place_stays_inside_its_line(client, hr, interviewer):
    _interview([interviewer], hr, location="Room 1\r\nEND:VEVENT", starts=datetime.datetime(2030, 1, 20, 9, 30, tzinfo=ROME))
    events = _events(_feed(client, interviewer).content.decode())
    assert len(events) == 1
    assert "LOCATION:Room 1\\nEND:VEVENT" in events[0]


def test_which_interviews_the_feed_lists(client, hr, interviewer, other_interviewer):
    now = datetime.datetime.now(tz=datetime.UTC)
    day = datetime.timedelta(days=1)
    kept = [
        _interview([interviewer], hr, starts=now - 29 * day, number=1),
        _interview([interviewer, other_interviewer], hr, starts=now + day, number=2),
        _interview([interviewer], hr, starts=now + 2 * day, number=3, cancelled=True),
    ]
    _interview([interviewer], hr, starts=now - 31 * day, number=4)  # older than 30 days
    _interview([other_interviewer], hr, starts=now + day, number=5)  # not on it
    events = _events(_feed(client, interviewer).content.decode())
    uids = [line for event in events for line in event if line.startswith("UID:")]
    assert uids == [f"UID:00000000-0000-0000-0000-00000000000{n}@jobs.example.com" for n in (1, 2, 3)]
    assert [line for event in events for line in event if line.startswith("STATUS:")] == [
        "STATUS:CONFIRMED", "STATUS:CONFIRMED", "STATUS:CANCELLED"]
    assert len(kept) == 3


def test_hr_gets_only_the_interviews_they_sit_on(client, hr, interviewer):
    now = datetime.datetime.now(tz=datetime.UTC)
    _interview([interviewer], hr, starts=now + datetime.timedelta(days=1), name=("Someone", "Else"), number=1)
    body = _feed(client, hr).content.decode()
    assert "BEGIN:VEVENT" not in body
    assert "Someone" not in body


def test_a_masked_candidates_name_never_appears(client, hr, interviewer):
    application = ApplicationFactory(
        position=OpenPositionFactory(blind_screening=True, title="Archive clerk"),
        candidate=CandidateFactory(first_name="Nascosta", last_name="Persona"),
    )
    interview = Interview.objects.create(application=application, location="Room 1",
                                         starts_at=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=1))
    interview.interviewers.add(interviewer)
    body = _feed(client, interviewer).content.decode()
    assert f"SUMMARY:Competency interview: Candidate #{application.pk} (Archive clerk)" in body
    assert "Nascosta" not in body


def test_the_feed_is_in_the_owners_language(client, hr, interviewer):
    _interview([interviewer], hr, starts=datetime.datetime(2030, 1, 20, 9, 30, tzinfo=ROME))
    body = _feed(client, interviewer, language="it").content.decode()
    assert "SUMMARY:Colloquio sulle competenze: Anna Bianchi (Payroll clerk)" in body


def _url(profile_pk, token):
    return reverse("evaluations:calendar_feed", kwargs={"profile_pk": profile_pk, "token": token})


@pytest.mark.parametrize(
    "case",
    ["revoked-and-renewed", "turned-off", "wrong-token", "token-of-another", "unknown-profile", "inactive-user",
     "empty-token-never-made", "prefix-of-token"],
)
def test_feed_addresses_that_give_404(client, interviewer, other_interviewer, case):
    profile = profile_for(interviewer)
    token = profile.renew_feed_token()
    other = profile_for(other_interviewer)
    other_token = other.renew_feed_token()
    url = _url(profile.pk, token)
    if case == "revoked-and-renewed":
        profile.renew_feed_token()
    elif case == "turned-off":
        profile.calendar_feed_token = ""
        profile.save()
    elif case == "wrong-token":
        url = _url(profile.pk, "x" * 43)
    elif case == "token-of-another":
        url = _url(profile.pk, other_token)
    elif case == "unknown-profile":
        url = _url(999999, token)
    elif case == "inactive-user":
        interviewer.is_active = False
        interviewer.save()
    elif case == "empty-token-never-made":
        profile_for(other_interviewer).__class__.objects.filter(pk=other.pk).update(calendar_feed_token="")
        url = f"/staff/interviews/calendar/{other.pk}/.ics"
    elif case == "prefix-of-token":
        url = _url(profile.pk, token[:10])
    assert client.get(url).status_code == 404


def test_the_token_is_32_random_bytes_and_changes_each_time(interviewer):
    profile = profile_for(interviewer)
    first, second = profile.renew_feed_token(), profile.renew_feed_token()
    assert len(first) == 43 and len(second) == 43 and first != second


def test_the_feed_answers_without_sign_in_and_only_to_get(client, interviewer):
    profile = profile_for(interviewer)
    url = _url(profile.pk, profile.renew_feed_token())
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
