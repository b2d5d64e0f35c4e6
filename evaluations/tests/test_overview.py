"""The interviews overview: periods in the viewer's time zone, filters, conflicts, who sees what, flat queries."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.models import Interview
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.middleware import TIME_ZONE_SESSION_KEY
from recruiting.tests.factories import UserFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
URL = "/staff/interviews/"


def _at(interview, day, hour, minute=0, *, minutes=60, tz=ROME):
    """Move an interview (scheduled through the service) to a local time; 2030-01-07 is a Monday."""
    starts = datetime.datetime(2030, 1, day, hour, minute, tzinfo=tz)
    Interview.objects.filter(pk=interview.pk).update(starts_at=starts, duration_minutes=minutes)
    interview.refresh_from_db()
    return interview


def _interview(people, *, position=None, name="Anna Bianchi", kind=Interview.Kind.COMPETENCY, hr=None):
    first, last = name.split(" ", 1)
    application = ApplicationFactory(
        candidate=CandidateFactory(first_name=first, last_name=last), stage=Stage.INTERVIEW,
        **({"position": position} if position else {}),
    )
    hr = hr or get_user_model().objects.get(username="giulia")  # the hr fixture schedules
    interview = schedule(interviewers=people, application=application, hr=hr)
    if kind != Interview.Kind.COMPETENCY:
        Interview.objects.filter(pk=interview.pk).update(kind=kind)
    return interview


def _shown(response) -> list[int]:
    return [row.interview.pk for _day, rows in response.context["days"] for row in rows]


@pytest.fixture
def week(hr, interviewer, other_interviewer):
    """Monday 9:00, Wednesday 14:00, Sunday 23:30 and the next Monday 0:30 (Rome)."""
    return {
        "mon": _at(_interview([interviewer], name="Anna Bianchi"), 7, 9),
        "wed": _at(_interview([other_interviewer], name="Bruno Verdi"), 9, 14),
        "sun": _at(_interview([interviewer], name="Carla Neri"), 13, 23, 30),
        "next_mon": _at(_interview([interviewer], name="Dario Gallo"), 14, 0, 30),
    }


@pytest.mark.parametrize(
    ("query", "zone", "expected"),
    [
        ("view=week&date=2030-01-09", "", ["mon", "wed", "sun"]),
        ("view=week&date=2030-01-07", "", ["mon", "wed", "sun"]),
        ("view=week&date=2030-01-13", "", ["mon", "wed", "sun"]),
        ("view=week&date=2030-01-14", "", ["next_mon"]),
        ("view=day&date=2030-01-09", "", ["wed"]),
        ("view=day&date=2030-01-14", "", ["next_mon"]),
        ("date=2030-01-10", "", ["mon", "wed", "sun"]),
        # 0:30 on Monday in Rome is 18:30 on Sunday in New York: the viewer's week holds it.
        ("view=week&date=2030-01-09", "America/New_York", ["mon", "wed", "sun", "next_mon"]),
        ("view=day&date=2030-01-13", "America/New_York", ["sun", "next_mon"]),
        # 9:00 Monday in Rome is 21:00 Monday in Tokyo; 23:30 Sunday in Rome is already Monday 7:30 there.
        ("view=week&date=2030-01-07", "Asia/Tokyo", ["mon", "wed"]),
    ],
    ids=["week-wednesday", "week-monday", "week-sunday", "next-week", "day", "day-after-midnight", "week-by-default",
         "new-york-week", "new-york-sunday", "tokyo-week"],
)
def test_period_lists_the_interviews_starting_in_it_in_the_viewers_time_zone(client, hr, week, query, zone, expected):
    client.force_login(hr)
    if zone:
        session = client.session
        session[TIME_ZONE_SESSION_KEY] = zone
        session.save()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert _shown(response) == [week[name].pk for name in expected]


@pytest.mark.parametrize(
    ("query", "first", "days", "previous", "next_"),
    [
        ("view=week&date=2030-01-09", datetime.date(2030, 1, 7), 7, "2029-12-31", "2030-01-14"),
        ("view=day&date=2030-01-09", datetime.date(2030, 1, 9), 1, "2030-01-08", "2030-01-10"),
        ("view=week&date=2030-03-31", datetime.date(2030, 3, 25), 7, "2030-03-18", "2030-04-01"),
    ],
    ids=["week", "day", "week-with-summer-time-change"],
)
def test_navigation_goes_a_period_back_and_forward(hr_client, query, first, days, previous, next_):
    response = hr_client.get(f"{URL}?{query}")
    span = response.context["span"]
    assert (span.first, span.days) == (first, days)
    body = response.content.decode()
    assert f"date={previous}\" rel=\"prev\"" in body
    assert f"date={next_}\" rel=\"next\"" in body


def test_the_day_of_a_summer_time_change_lasts_23_hours():
    from evaluations.overview import period

    start, end = period("day", datetime.date(2030, 3, 31)).bounds(ROME)
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(hours=23)


@pytest.fixture
def filtered(hr, interviewer, other_interviewer):
    position = OpenPositionFactory(title="Payroll clerk")
    return {
        "marco": _at(_interview([interviewer], name="Anna Bianchi"), 8, 9),
        "sara_payroll": _at(_interview([other_interviewer], position=position, name="Bruno Verdi",
                                       kind=Interview.Kind.PHONE_SCREEN), 8, 11),
        "both_payroll": _at(_interview([interviewer, other_interviewer], position=position, name="Carla Neri"), 9, 9),
        "cancelled": _at(_interview([interviewer], name="Dario Gallo"), 10, 9),
        "position": position,
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["marco", "sara_payroll", "both_payroll"]),
        ({"interviewer": "marco"}, ["marco", "both_payroll"]),
        ({"interviewer": "sara"}, ["sara_payroll", "both_payroll"]),
        ({"position": "payroll"}, ["sara_payroll", "both_payroll"]),
        ({"kind": "phone"}, ["sara_payroll"]),
        ({"kind": "competency", "interviewer": "marco"}, ["marco", "both_payroll"]),
        ({"cancelled": "on"}, ["marco", "sara_payroll", "both_payroll", "cancelled"]),
        ({"cancelled": "on", "interviewer": "marco", "kind": "competency"}, ["marco", "both_payroll", "cancelled"]),
    ],
    ids=["none-cancelled-hidden", "interviewer", "other-interviewer", "position", "kind", "kind-and-interviewer",
         "with-cancelled", "everything"],
)
def test_filters(hr_client, interviewer, other_interviewer, filtered, filters, expected):
    Interview.objects.filter(pk=filtered["cancelled"].pk).update(status=Interview.Status.CANCELLED)
    values = {"marco": interviewer.pk, "sara": other_interviewer.pk, "payroll": filtered["position"].pk}
    query = {"date": "2030-01-08", **{key: values.get(value, value) for key, value in filters.items()}}
    response = hr_client.get(URL, query)
    assert _shown(response) == [filtered[name].pk for name in expected]


@pytest.mark.parametrize(
    "query",
    ["date=2030-02-30", "date=yesterday", "interviewer=abc", "interviewer=99999999", "position=-1",
     "position=999999999999999999999", "kind=meeting", "view=month", "cancelled=maybe&date=2030-01-08",
     "date=%00", "interviewer=1%00", "date=9999-12-31", "view=week&date=0001-01-01", "date=1899-12-31",
     "date=9001-01-01"],
    ids=["impossible-date", "word-date", "word-interviewer", "unknown-interviewer", "negative-position",
         "huge-position", "unknown-kind", "unknown-view", "odd-checkbox", "nul-date", "nul-interviewer",
         "last-day-of-the-calendar", "first-week-of-the-calendar", "before-1900", "after-9000"],
)
def test_bad_input_shows_the_page_with_the_value_ignored(hr_client, query):
    response = hr_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response.context["span"].days in (1, 7)


def test_bad_input_keeps_what_was_typed_and_says_why(hr_client):
    response = hr_client.get(f"{URL}?date=2030-02-30&kind=meeting")
    body = response.content.decode()
    assert 'value="2030-02-30"' in body
    assert "Enter a valid date." in body
    assert "Select a valid choice. meeting is not one of the available choices." in body


@pytest.fixture
def clash(hr, interviewer, other_interviewer):
    """Marco: 10:00–11:00 and 10:30–11:15 overlap; 11:00–11:30 only touches; Sara at 10:00 alone."""
    return {
        "first": _at(_interview([interviewer], name="Anna Bianchi"), 8, 10),
        "second": _at(_interview([interviewer], name="Bruno Verdi", kind=Interview.Kind.PHONE_SCREEN), 8, 10, 30,
                      minutes=45),
        "after": _at(_interview([interviewer], name="Carla Neri"), 8, 11, 15, minutes=30),
        "sara": _at(_interview([other_interviewer], name="Dario Gallo"), 8, 10),
    }


def test_overlapping_interviews_of_one_interviewer_both_show_a_conflict_naming_the_other(hr_client, clash):
    response = hr_client.get(URL, {"view": "day", "date": "2030-01-08"})
    rows = {row.interview.pk: row for _day, rows in response.context["days"] for row in rows}
    assert [(c.interviewer.username, c.other.pk) for c in rows[clash["first"].pk].conflicts] == [("marco", clash["second"].pk)]
    assert [(c.interviewer.username, c.other.pk) for c in rows[clash["second"].pk].conflicts] == [("marco", clash["first"].pk)]
    assert rows[clash["after"].pk].conflicts == []
    assert rows[clash["sara"].pk].conflicts == []
    body = response.content.decode()
    assert body.count('<span class="badge text-bg-danger">Conflict</span>') == 2
    assert "Marco Conti is also on Phone screen with Bruno Verdi (" in body
    assert "), 10:30–11:15" in body
    assert "Marco Conti is also on Competency interview with Anna Bianchi (" in body
    assert "2 with a conflict" in body


def test_a_conflict_with_an_interview_the_filters_hide_still_shows(hr_client, interviewer, clash):
    Interview.objects.filter(pk=clash["second"].pk).update(kind=Interview.Kind.PHONE_SCREEN)
    response = hr_client.get(URL, {"view": "day", "date": "2030-01-08", "kind": "competency"})
    rows = {row.interview.pk: row for _day, rows in response.context["days"] for row in rows}
    assert [c.other.pk for c in rows[clash["first"].pk].conflicts] == [clash["second"].pk]


def test_a_cancelled_interview_conflicts_with_nothing(hr_client, clash):
    Interview.objects.filter(pk=clash["second"].pk).update(status=Interview.Status.CANCELLED)
    response = hr_client.get(URL, {"view": "day", "date": "2030-01-08", "cancelled": "on"})
    assert all(row.conflicts == [] for _day, rows in response.context["days"] for row in rows)


def test_an_interview_the_viewer_may_not_see_is_named_only_as_another_interview(client, interviewer, hr):
    manager = UserFactory(username="lucia", first_name="Lucia", last_name="Rossi", role="interviewer")
    managed = OpenPositionFactory(title="Front desk", hiring_manager=manager)
    mine = _at(_interview([interviewer], position=managed, name="Anna Bianchi"), 8, 10)
    _at(_interview([interviewer], name="Zeno Segreto"), 8, 10, 30)
    client.force_login(manager)
    response = client.get(URL, {"view": "day", "date": "2030-01-08"})
    assert _shown(response) == [mine.pk]
    body = response.content.decode()
    assert "Marco Conti is also on another interview at this time" in body
    assert "Segreto" not in body


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("hr", ["mon", "wed", "sun"]), ("interviewer", ["mon", "sun"]), ("other_interviewer", ["wed"])],
    ids=["hr-sees-all", "interviewer-sees-own", "other-interviewer-sees-own"],
)
def test_who_sees_which_interviews(client, week, persona, expected, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL, {"date": "2030-01-08"})
    assert _shown(response) == [week[name].pk for name in expected]


def test_an_interviewer_sees_no_name_of_anothers_candidate(interviewer_client, week):
    body = interviewer_client.get(URL, {"date": "2030-01-08"}).content.decode()
    assert "Anna Bianchi" in body
    assert "Bruno Verdi" not in body


def test_a_hiring_manager_sees_the_interviews_of_the_positions_they_manage(client, hr, interviewer, other_interviewer):
    manager = UserFactory(username="lucia", first_name="Lucia", last_name="Rossi", role="interviewer")
    managed = OpenPositionFactory(hiring_manager=manager)
    theirs = _at(_interview([interviewer], position=managed), 8, 9)
    _at(_interview([other_interviewer]), 8, 11)
    client.force_login(manager)
    assert _shown(client.get(URL, {"date": "2030-01-08"})) == [theirs.pk]


def test_the_page_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_masked_application_is_shown_by_its_number(hr_client, interviewer, hr):
    position = OpenPositionFactory(blind_screening=True, title="Archive clerk")
    application = ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Nascosta", last_name="Persona"))
    interview = Interview.objects.create(application=application, starts_at=datetime.datetime(2030, 1, 8, 9, tzinfo=ROME),
                                         location="Room 1")
    interview.interviewers.add(interviewer)
    body = hr_client.get(URL, {"date": "2030-01-08"}).content.decode()
    assert f"Candidate #{application.pk}" in body
    assert "Nascosta" not in body


def _grow(count, interviewer, other_interviewer):
    for number in range(count):
        # Pairs that overlap, so conflicts are on the page too.
        _at(_interview([interviewer if number % 2 else other_interviewer], name=f"Anna Bianchi{number}"),
            8 + number % 5, 9, (number % 2) * 30)


@pytest.mark.parametrize("count", [2, 10], ids=["2-interviews", "10-interviews"])
def test_query_count_is_the_same_at_2_and_10_interviews(hr_client, interviewer, other_interviewer, count,
                                                        django_assert_num_queries):
    _grow(count, interviewer, other_interviewer)
    hr_client.get(URL, {"date": "2030-01-08"})  # the session and the user's roles are settled by the first request
    with django_assert_num_queries(10):
        response = hr_client.get(URL, {"date": "2030-01-08"})
    assert response.context["count"] == count
