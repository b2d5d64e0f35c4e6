"""An updated invitation says what changed (before → now), in the recipient's language and time zone; someone
added to the panel gets a first invitation, someone taken off it a removal, and the candidate's copy names the
panel. Exact lines, one row per kind of change."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from candidates.tests.factories import ApplicationFactory
from core.models import profile_for
from evaluations import reminders, scheduling
from evaluations.models import Interview, Reminder
from evaluations.tests.factories import schedule

pytestmark = pytest.mark.django_db

ROME = zoneinfo.ZoneInfo("Europe/Rome")
# Monday 8 June 2099, 10:00 in Rome (summer time); 04:00 in New York.
WHEN = datetime.datetime(2099, 6, 8, 10, 0, tzinfo=ROME)
WHERE = "Sala riunioni 2, via Roma 1, Milano"


@pytest.fixture
def world(hr, interviewer, other_interviewer):
    for user, language, zone in ((interviewer, "en", "America/New_York"), (other_interviewer, "it", "Europe/Rome")):
        profile = profile_for(user)
        profile.language, profile.time_zone = language, zone
        profile.save()
    application = ApplicationFactory(candidate__first_name="Anna", candidate__last_name="Russo",
                                     candidate__language="it", position__title="Clerk", position__hiring_manager=hr)
    interview = schedule(application=application, interviewers=[interviewer, other_interviewer], hr=hr,
                         starts_at=WHEN, duration=45)
    return hr, interviewer, other_interviewer, interview


def _reschedule(world, **changes):
    hr, marco, sara, interview = world
    plan = {"kind": interview.kind, "starts_at": interview.starts_at, "duration_minutes": interview.duration_minutes,
            "location": interview.location, "interviewers": [marco, sara], **changes}
    return scheduling.interview_reschedule(interview=interview, user=hr, **plan)


def _body(interview, who) -> str:
    reminder = Reminder.objects.get(kind="invitation", interview=interview, payload__sequence=interview.sequence,
                                    **({"recipient__isnull": True} if who is None else {"recipient": who}))
    return reminders.message_for(reminder, timezone.now()).body


def _changes_block(body: str, heading: str, until: str) -> list[str]:
    start = body.index(heading) + len(heading)
    return body[start:body.index(until, start)].strip("\n").split("\n")


@pytest.mark.parametrize(
    "changes, english, italian",
    [
        pytest.param({"starts_at": WHEN + datetime.timedelta(days=1, hours=4, minutes=30)},
                     ["When: Monday 8 June 2099, 04:00 → Tuesday 9 June 2099, 08:30"],
                     ["Quando: lunedì 8 giugno 2099, 10:00 → martedì 9 giugno 2099, 14:30"], id="time"),
        pytest.param({"duration_minutes": 60}, ["Duration: 45 minutes → 60 minutes"],
                     ["Durata: 45 minuti → 60 minuti"], id="length"),
        pytest.param({"location": "Video call"}, [f"Where: {WHERE} → Video call"], [f"Dove: {WHERE} → Video call"],
                     id="place"),
        pytest.param({"kind": Interview.Kind.ROLE_PLAY}, ["Kind: Competency interview → Role-play with a client"],
                     ["Tipo: Colloquio sulle competenze → Role-play con un cliente"], id="kind"),
        pytest.param({"kind": Interview.Kind.PHONE_SCREEN, "location": "Phone", "duration_minutes": 30,
                      "starts_at": WHEN + datetime.timedelta(hours=2)},
                     ["Kind: Competency interview → Phone screen", "When: Monday 8 June 2099, 04:00 → Monday 8 June 2099, 06:00",
                      "Duration: 45 minutes → 30 minutes", f"Where: {WHERE} → Phone"],
                     ["Tipo: Colloquio sulle competenze → Colloquio telefonico",
                      "Quando: lunedì 8 giugno 2099, 10:00 → lunedì 8 giugno 2099, 12:00",
                      "Durata: 45 minuti → 30 minuti", f"Dove: {WHERE} → Phone"], id="everything"),
    ],
)
def test_an_update_lists_each_changed_detail_before_and_now(world, changes, english, italian):
    hr, marco, sara, interview = world
    interview = _reschedule(world, **changes)
    assert _changes_block(_body(interview, marco), "What has changed:\n", "\n\nThe interview as it is now:") == english
    assert _changes_block(_body(interview, sara), "Cosa è cambiato:\n", "\n\nIl colloquio, come è ora:") == italian
    # The candidate (Italian, the organisation's time zone) reads the same lines as Sara.
    assert _changes_block(_body(interview, None), "Cosa è cambiato:\n", "\n\nIl colloquio, come è ora:") == italian


def test_a_change_of_panel_lists_who_the_candidate_will_meet_before_and_now(world, interviewer):
    hr, marco, sara, interview = world
    interview = _reschedule(world, interviewers=[marco])
    body = _body(interview, marco)
    assert body.startswith("Dear Marco,\n\nthe interview with Anna Russo for Clerk has changed.\n\nWhat has changed:\n"
                           "With: Marco Conti, Sara Lombardi → Marco Conti\n\nThe interview as it is now:\n")
    assert "Open the attached calendar file to update the entry in your calendar." in body
    assert _changes_block(_body(interview, None), "Cosa è cambiato:\n", "\n\nIl colloquio, come è ora:") == [
        "Con: Marco Conti, Sara Lombardi → Marco Conti"]


def test_someone_added_to_the_panel_gets_a_first_invitation_and_the_others_an_update(world, hr):
    from recruiting.tests.factories import UserFactory

    _hr, marco, sara, interview = world
    luca = UserFactory(username="luca", first_name="Luca", last_name="Gallo", role="interviewer")
    profile = profile_for(luca)
    profile.language = "en"
    profile.save()
    interview.application.position.panel.add(luca)
    interview = _reschedule(world, interviewers=[marco, sara, luca])
    luca_reminder = Reminder.objects.get(kind="invitation", interview=interview, recipient=luca)
    message = reminders.message_for(luca_reminder, timezone.now())
    assert message.subject == "Interview for Clerk"
    assert message.body.startswith("Dear Luca,\n\nyou are interviewing Anna Russo for Clerk.\n")
    assert "Open the attached calendar file to add the interview to your calendar." in message.body
    marco_message = reminders.message_for(
        Reminder.objects.get(kind="invitation", interview=interview, recipient=marco, payload__sequence=1), timezone.now())
    assert marco_message.subject == "Updated: interview for Clerk"
    assert luca_reminder.payload == {"sequence": 1, "method": "REQUEST", "name": "Luca Gallo"}


def test_someone_taken_off_the_panel_is_told_the_time_they_were_invited_to(world):
    hr, marco, sara, interview = world
    interview = _reschedule(world, interviewers=[marco], starts_at=WHEN + datetime.timedelta(days=3, hours=4))
    reminder = Reminder.objects.get(kind="invitation", interview=interview, recipient=sara, payload__sequence=1)
    message = reminders.message_for(reminder, timezone.now())
    assert message.subject == "Non fai più parte della commissione: colloquio per Clerk"
    assert message.body.startswith(
        "Gentile Sara,\n\nnon fai più parte della commissione del colloquio con Anna Russo per Clerk, previsto per "
        "lunedì 8 giugno 2099 alle 10:00.\n")


def test_the_payload_records_the_previous_value_of_each_changed_detail_only(world):
    hr, marco, sara, interview = world
    interview = _reschedule(world, location="Video call", duration_minutes=30)
    reminder = Reminder.objects.get(kind="invitation", interview=interview, recipient=marco, payload__sequence=1)
    assert reminder.payload == {"sequence": 1, "method": "REQUEST", "name": "Marco Conti",
                                "changed": {"duration_minutes": 45, "location": WHERE}}


def test_the_cancellation_names_the_day_and_time_without_saying_the_file_adds_it(world):
    hr, marco, sara, interview = world
    interview = scheduling.interview_cancel(interview=interview, user=hr)
    assert _body(interview, marco) == (
        "Dear Marco,\n\nthe interview with Anna Russo for Clerk on Monday 8 June 2099 at 04:00 has been cancelled.\n\n"
        "Open the attached calendar file to remove it from your calendar.\n\nStudio Demo S.r.l.\n"
    )
    assert _body(interview, None).startswith(
        "Gentile Anna,\n\nil colloquio per Clerk, previsto per lunedì 8 giugno 2099 alle 10:00, è stato annullato.\n\n"
        "Apri il file di calendario allegato per toglierlo dal tuo calendario.\n"
    )


@pytest.mark.parametrize("same", [{}, {"starts_at": WHEN.astimezone(datetime.UTC)}, {"location": f"  {WHERE} "}],
                         ids=["saved-as-it-was", "same-instant-in-utc", "same-place-with-spaces"])
def test_saving_an_interview_unchanged_sends_nothing_and_keeps_its_version(world, same):
    hr, marco, sara, interview = world
    invitations = Reminder.objects.filter(kind="invitation").count()
    interview = _reschedule(world, **same)
    interview.refresh_from_db()
    assert (interview.sequence, Reminder.objects.filter(kind="invitation").count()) == (0, invitations)
