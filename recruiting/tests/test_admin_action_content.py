"""Every Django admin action, run as the changelist runs it (action, index, ticked rows): the exact rows
changed and left alone, the exact messages, and what must not happen (a refusal, a second e-mail).

Run as a superuser; the admin is for superusers only (recruiting/sites.py), so an HR manager or an interviewer
who is marked as staff is sent to the admin's sign-in page and changes nothing, whatever their group may do.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from candidates import privacy
from candidates.models import Answer, Application, Candidate, CandidateEmail, ErasureRecord, Note
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core import mail
from evaluations import scheduling
from evaluations.models import Interview, Reminder
from evaluations.tests.factories import schedule
from positions.models import Position, ScreeningQuestion, Skill
from positions.tests.factories import OpenPositionFactory, PositionFactory
from recruiting.models import SignInLock
from recruiting.tests import csvworld
from recruiting.tests.csvworld import NOW
from recruiting.tests.factories import PASSWORD, UserFactory

D = datetime.timedelta(days=1)
NOTHING_SELECTED = "Items must be selected in order to perform actions on them. No items have been changed."
NOT_OFFERED = "No action selected."
SEND_STATES = ["pending", "sending", "sent", "uncertain", "failed"]
User = get_user_model()


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    csvworld.freeze(monkeypatch)


@pytest.fixture
def hr_staff(reference_data):
    return UserFactory(username="hr-staff", first_name="Giulia", last_name="Ferri", role="hr", is_staff=True)


@pytest.fixture
def hr_staff_client(hr_staff):
    client = Client()
    client.force_login(hr_staff)
    return client


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def act(client, model, action, rows, language="en"):
    """The changelist form as a browser posts it: the action menu, its Go button (index) and the ticked rows."""
    data = {"action": action, "index": "0"}
    if rows:
        data["_selected_action"] = [row.pk for row in rows]
    return client.post(changelist(model), data, HTTP_ACCEPT_LANGUAGE=language, follow=True)


def confirm(client, model, action, rows, **fields):
    """The second step of an action that asks first: its page posts the rows back, without an index."""
    data = {"action": action, "_selected_action": [row.pk for row in rows], **fields}
    return client.post(changelist(model), data, follow=True)


def shown(response) -> list[tuple[str, str]]:
    """The messages the page shows (after the redirect, as the browser follows it), in order, with their level."""
    return [(message.level_tag, str(message.message)) for message in get_messages(response.wsgi_request)]


def back_to_the_list(response, model) -> bool:
    return response.status_code == 200 and response.redirect_chain == [(changelist(model), 302)]


def sent_to_the_admin_sign_in(response, model) -> bool:
    login = reverse("admin:login") + "?next=" + changelist(model)
    return response.status_code == 200 and response.redirect_chain == [(login, 302)]


@pytest.fixture
def interviewer_staff_client(reference_data):
    client = Client()
    client.force_login(UserFactory(username="marco-staff", role="interviewer", is_staff=True))
    return client


@pytest.fixture(params=["hr manager who is staff", "interviewer who is staff"])
def staff_client(request, hr_staff_client, interviewer_staff_client):
    return hr_staff_client if request.param.startswith("hr") else interviewer_staff_client


# ---------------------------------------------------------------------------
# Positions: publish, close, delete
# ---------------------------------------------------------------------------
@pytest.fixture
def drafts(reference_data):
    return {
        "ready": PositionFactory(title="Magazziniere"),
        "also_ready": PositionFactory(title="Addetta alla reception"),
        "no_duties": PositionFactory(title="Archivista", duties=[]),
        "not_ticked": PositionFactory(title="Segretaria"),
    }


def _status(*positions) -> list[tuple[str, bool]]:
    """Status and whether published, in the order given."""
    found = Position.objects.in_bulk([p.pk for p in positions])
    return [(found[p.pk].status, found[p.pk].published_at is not None) for p in positions]


@pytest.mark.parametrize(
    "language, refused, done",
    [
        ("en", "Archivista: Add at least one duty: candidates need to know what the job involves.",
         "2 positions updated."),
        ("it", "Archivista: Aggiungi almeno una mansione: i candidati devono sapere in cosa consiste il lavoro.",
         "2 posizioni aggiornate."),
    ],
)
def test_publish_opens_the_ready_drafts_and_refuses_one_without_duties_by_name(
    admin_client, drafts, language, refused, done
):
    ticked = [drafts["ready"], drafts["also_ready"], drafts["no_duties"]]
    response = act(admin_client, Position, "publish", ticked, language=language)
    assert back_to_the_list(response, Position)
    assert shown(response) == [("error", refused), ("success", done)]
    after = {key: Position.objects.values_list("status", "published_at").get(pk=p.pk) for key, p in drafts.items()}
    assert after == {
        "ready": ("open", NOW), "also_ready": ("open", NOW), "no_duties": ("draft", None), "not_ticked": ("draft", None),
    }


def test_publishing_one_position_says_position_in_the_singular(admin_client, drafts):
    response = act(admin_client, Position, "publish", [drafts["ready"]])
    assert shown(response) == [("success", "1 position updated.")]


def test_publishing_only_unpublishable_positions_shows_only_the_refusals(admin_client, drafts):
    no_skills = PositionFactory(title="Contabile", skills=[])
    response = act(admin_client, Position, "publish", [drafts["no_duties"], no_skills])
    assert sorted(shown(response)) == [
        ("error", "Archivista: Add at least one duty: candidates need to know what the job involves."),
        ("error", "Contabile: Add at least one skill."),
    ]
    assert _status(drafts["no_duties"], no_skills) == [("draft", False), ("draft", False)]


def test_reopening_a_closed_position_keeps_its_first_publication_date(admin_client, reference_data):
    first = NOW - 40 * D
    closed = OpenPositionFactory(title="Archivista", status=Position.Status.CLOSED, published_at=first)
    on_hold = OpenPositionFactory(title="Magazziniere", status=Position.Status.ON_HOLD, published_at=first)
    response = act(admin_client, Position, "publish", [closed, on_hold])
    assert shown(response) == [("success", "2 positions updated.")]
    assert [(p.status, p.published_at) for p in Position.objects.order_by("pk")] == [("open", first), ("open", first)]


def test_close_closes_open_and_paused_positions_and_refuses_a_draft(admin_client, drafts):
    open_one = OpenPositionFactory(title="Contabile")
    paused = OpenPositionFactory(title="Receptionist", status=Position.Status.ON_HOLD)
    response = act(admin_client, Position, "close", [open_one, paused, drafts["ready"]])
    assert shown(response) == [
        ("error", "Magazziniere: A position that is draft cannot be set to closed."),
        ("success", "2 positions updated."),
    ]
    assert _status(open_one, paused, drafts["ready"], drafts["not_ticked"]) == [
        ("closed", True), ("closed", True), ("draft", False), ("draft", False),
    ]


def test_closing_already_closed_positions_changes_nothing_and_counts_them_as_updated(admin_client, reference_data):
    closed = [OpenPositionFactory(title=title, status=Position.Status.CLOSED) for title in ("Archivista", "Contabile")]
    Position.objects.update(updated_at=NOW - D)
    response = act(admin_client, Position, "close", closed)
    assert shown(response) == [("success", "2 positions updated.")]
    assert list(Position.objects.values_list("status", "updated_at")) == [("closed", NOW - D), ("closed", NOW - D)]


def test_staff_who_are_not_superusers_are_sent_to_the_admin_sign_in_and_publish_nothing(staff_client, drafts):
    response = act(staff_client, Position, "publish", [drafts["ready"]])
    assert sent_to_the_admin_sign_in(response, Position)
    assert _status(drafts["ready"]) == [("draft", False)]


def test_deleting_an_unused_draft_asks_first_then_deletes_only_it(admin_client, drafts):
    asked = act(admin_client, Position, "delete_selected", [drafts["no_duties"]])
    assert asked.status_code == 200 and "Are you sure you want to delete the selected position?" in asked.content.decode()
    assert Position.objects.filter(pk=drafts["no_duties"].pk).exists()
    response = confirm(admin_client, Position, "delete_selected", [drafts["no_duties"]], post="yes")
    assert back_to_the_list(response, Position)
    assert shown(response) == [("success", "Successfully deleted 1 position.")]
    assert sorted(Position.objects.values_list("title", flat=True)) == [
        "Addetta alla reception", "Magazziniere", "Segretaria",
    ]
    assert list(LogEntry.objects.values_list("object_repr", "action_flag")) == [("Archivista", DELETION)]


def test_deleting_a_position_with_applications_is_refused_and_deletes_nothing_else_ticked(admin_client, drafts):
    applied_to = ApplicationFactory(position=OpenPositionFactory(title="Contabile")).position
    ticked = [applied_to, drafts["no_duties"]]
    response = confirm(admin_client, Position, "delete_selected", ticked, post="yes")
    html = " ".join(response.content.decode().split())
    assert response.status_code == 200 and response.redirect_chain == []
    assert (
        "<h1>Cannot delete positions</h1> <p>Deleting the selected positions would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:</p>"
    ) in html
    lacking = html[html.index("<ul>", html.index("<h1>")):]
    assert sorted(re.findall(r"<li>([^<]*)</li>", lacking[: lacking.index("</ul>")])) == ["application", "position"]
    assert shown(response) == []
    assert Position.objects.count() == 5 and LogEntry.objects.count() == 0


# ---------------------------------------------------------------------------
# Screening questions: deleting them re-screens their positions after the commit
# ---------------------------------------------------------------------------
def test_deleting_a_knockout_question_lets_its_applicants_meet_the_requirements_again(
    admin_client, reference_data, django_capture_on_commit_callbacks
):
    position = OpenPositionFactory(title="Contabile")
    knockout = ScreeningQuestion.objects.create(position=position, order=0, text="Patente B?", kind="yes_no",
                                                knockout="no")
    kept = ScreeningQuestion.objects.create(position=position, order=1, text="Disponibilità?", kind="text")
    application = ApplicationFactory(position=position, meets_requirements=False)
    application.declared_skills.set(Skill.objects.filter(name__in=["Accounts payable", "SAP"]))
    Answer.objects.create(application=application, question=knockout, question_text=knockout.text,
                          question_kind="yes_no", value="no", is_knockout=True)
    Answer.objects.create(application=application, question=kept, question_text=kept.text, question_kind="text",
                          value="Da subito")

    confirm(admin_client, ScreeningQuestion, "delete_selected", [knockout])  # the "are you sure" page
    assert ScreeningQuestion.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(admin_client, ScreeningQuestion, "delete_selected", [knockout], post="yes")
    assert shown(response) == [("success", "Successfully deleted 1 screening question.")]
    assert list(ScreeningQuestion.objects.values_list("text", flat=True)) == ["Disponibilità?"]
    assert list(Answer.objects.order_by("pk").values_list("question_id", "value", "is_knockout")) == [
        (None, "no", False), (kept.pk, "Da subito", False),
    ]
    application.refresh_from_db()
    position.refresh_from_db()
    assert (application.meets_requirements, position.recompute_requested_at) == (True, None)


# ---------------------------------------------------------------------------
# Candidates: anonymise (asks first)
# ---------------------------------------------------------------------------
@pytest.fixture
def people(reference_data, hr):
    anna = CandidateFactory(first_name='=HYPERLINK("x")', last_name="Neri", email="anna@example.invalid")
    bruno = CandidateFactory(first_name="Bruno", last_name="Ñúñez", email="bruno@example.invalid")
    carla = CandidateFactory(first_name="Carla", last_name="Bassi", email="carla@example.invalid")
    applications = {
        "anna": [ApplicationFactory(candidate=anna, cover_letter="Cara HR")],
        "bruno": [ApplicationFactory(candidate=bruno), ApplicationFactory(candidate=bruno)],
        "carla": [ApplicationFactory(candidate=carla, cover_letter="Gentili")],
    }
    for rows in applications.values():
        Note.objects.create(application=rows[0], author=hr, body="Richiamare")
    return {"anna": anna, "bruno": bruno, "carla": carla}, applications


def test_anonymise_lists_exactly_the_ticked_people_and_changes_nothing_until_confirmed(admin_client, people):
    persons, _applications = people
    response = act(admin_client, Candidate, "anonymise", [persons["anna"], persons["bruno"]])
    html = response.content.decode()
    assert response.status_code == 200
    listed = html[html.index("<ul>", html.index("This cannot be undone")):]
    assert listed[: listed.index("</ul>") + 5] == (
        "<ul><li>=HYPERLINK(&quot;x&quot;) Neri — anna@example.invalid</li>"
        "<li>Bruno Ñúñez — bruno@example.invalid</li></ul>"
    )
    posted_back = re.findall(r'<input type="hidden" name="_selected_action" value="(\d+)">', html)
    assert sorted(posted_back) == sorted(str(persons[key].pk) for key in ("anna", "bruno"))
    assert Candidate.objects.filter(first_name=Candidate.ANONYMOUS).count() == 0
    assert ErasureRecord.objects.count() == 0


def test_confirmed_anonymise_erases_the_ticked_people_only_and_records_each_erasure(admin_client, people, admin_user):
    persons, applications = people
    response = confirm(admin_client, Candidate, "anonymise", [persons["anna"], persons["bruno"]], confirmed="yes")
    assert back_to_the_list(response, Candidate)
    assert shown(response) == [("success", "2 candidates anonymised.")]
    for key in ("anna", "bruno"):
        person = Candidate.objects.get(pk=persons[key].pk)
        assert (person.first_name, person.last_name, person.phone, person.town) == ("—", "", "", "")
        assert person.email.endswith("@anonymised.invalid") and person.email_normalized == person.email
        for application in Application.objects.filter(candidate=person):
            assert (application.anonymised_at, application.cover_letter, application.resume_name, bool(application.resume),
                    application.notes.count()) == (NOW, "", "", False, 0)
    carla = Candidate.objects.get(pk=persons["carla"].pk)
    assert (carla.first_name, carla.last_name, carla.email, carla.phone, carla.town) == (
        "Carla", "Bassi", "carla@example.invalid", "+39 02 1234 5678", "Milano",
    )
    [kept] = applications["carla"]
    kept.refresh_from_db()
    assert (kept.anonymised_at, kept.cover_letter, kept.notes.count()) == (None, "Gentili", 1)
    assert sorted(ErasureRecord.objects.values_list("reason", "applications", "erased_by")) == [
        ("request", 1, admin_user.pk), ("request", 2, admin_user.pk),
    ]


def test_anonymising_one_person_says_candidate_in_the_singular(admin_client, people):
    persons, _applications = people
    response = confirm(admin_client, Candidate, "anonymise", [persons["carla"]], confirmed="yes")
    assert shown(response) == [("success", "1 candidate anonymised.")]


def test_an_hr_manager_who_is_staff_is_sent_to_the_admin_sign_in_and_anonymises_nobody(
    hr_staff_client, reference_data
):
    # The data-protection page leaves this to an administrator (recruiting.views.ADMINISTRATOR_HANDLES_IT):
    # the erasure would show HR which masked row is this person.
    masked = ApplicationFactory(position=OpenPositionFactory(blind_screening=True),
                                candidate=CandidateFactory(first_name="Ottavia", last_name="Zanetti"))
    response = confirm(hr_staff_client, Candidate, "anonymise", [masked.candidate], confirmed="yes")
    assert sent_to_the_admin_sign_in(response, Candidate)
    masked.refresh_from_db()
    assert (masked.candidate.first_name, masked.anonymised_at, ErasureRecord.objects.count()) == ("Ottavia", None, 0)


# ---------------------------------------------------------------------------
# "Send again": e-mails to candidates
# ---------------------------------------------------------------------------
@pytest.fixture
def emails(reference_data, hr):
    application = ApplicationFactory(candidate=CandidateFactory(email="anna@example.invalid", language="it"))
    rows = {}
    for attempts, status in enumerate(SEND_STATES):
        rows[status] = CandidateEmail.objects.create(
            application=application, kind="confirmation", key=f"test:{status}", to="anna@example.invalid",
            language="it", subject=f"Oggetto {status}", body="Gentile Anna", created_by=hr,
        )
        CandidateEmail.objects.filter(pk=rows[status].pk).update(
            status=status, attempts=attempts, sending_since=None if status == "pending" else NOW - D,
            sent_at=NOW - D if status == "sent" else None,
        )
    return rows


def _email_states(rows) -> dict[str, tuple]:
    return {
        status: tuple(CandidateEmail.objects.filter(pk=row.pk).values_list("status", "attempts", "sent_at").get())
        for status, row in rows.items()
    }


def test_send_again_queues_the_pending_uncertain_and_failed_e_mails_once_and_leaves_the_rest(
    admin_client, emails, mailoutbox
):
    response = act(admin_client, CandidateEmail, "resend", list(emails.values()))
    assert back_to_the_list(response, CandidateEmail)
    assert shown(response) == [
        ("success", "3 messages queued to be sent again (same Message-ID)."),
        ("warning", "2 messages left alone: they were sent or are being sent."),
    ]
    assert sorted((m.subject, m.to, m.extra_headers["Message-ID"]) for m in mailoutbox) == [
        (f"Oggetto {status}", ["anna@example.invalid"], mail.message_id(f"test:{status}"))
        for status in ("failed", "pending", "uncertain")
    ]
    assert _email_states(emails) == {
        "pending": ("sent", 1, NOW), "sending": ("sending", 1, None), "sent": ("sent", 2, NOW - D),
        "uncertain": ("sent", 1, NOW), "failed": ("sent", 1, NOW),
    }
    assert sorted(LogEntry.objects.values_list("object_id", "action_flag", "change_message")) == sorted(
        (str(emails[status].pk), CHANGE, "Send again requested by admin") for status in ("pending", "uncertain", "failed")
    )


def test_send_again_of_an_e_mail_already_sent_sends_nothing_and_says_so(admin_client, emails, mailoutbox):
    response = act(admin_client, CandidateEmail, "resend", [emails["sent"]])
    assert shown(response) == [
        ("warning", "0 messages queued to be sent again (same Message-ID)."),
        ("warning", "1 message left alone: it was sent or is being sent."),
    ]
    assert mailoutbox == [] and _email_states({"sent": emails["sent"]}) == {"sent": ("sent", 2, NOW - D)}


def test_send_again_twice_on_an_uncertain_e_mail_sends_it_once(admin_client, emails, mailoutbox):
    first = act(admin_client, CandidateEmail, "resend", [emails["uncertain"]])
    second = act(admin_client, CandidateEmail, "resend", [emails["uncertain"]])
    assert shown(first) == [("success", "1 message queued to be sent again (same Message-ID).")]
    assert shown(second) == [
        ("warning", "0 messages queued to be sent again (same Message-ID)."),
        ("warning", "1 message left alone: it was sent or is being sent."),
    ]
    assert [m.subject for m in mailoutbox] == ["Oggetto uncertain"]


def test_send_again_never_writes_to_an_erased_person(admin_client, emails, mailoutbox, hr):
    privacy.candidate_erase(candidate=emails["uncertain"].application.candidate, user=hr)
    response = act(admin_client, CandidateEmail, "resend", [emails["uncertain"]])
    assert shown(response) == [("success", "1 message queued to be sent again (same Message-ID).")]
    assert mailoutbox == []
    assert CandidateEmail.objects.filter(pk=emails["uncertain"].pk).values_list("status", "to").get() == (
        "failed", "anonymised@invalid",
    )


def test_staff_who_are_not_superusers_cannot_send_e_mails_again(staff_client, emails, mailoutbox):
    response = act(staff_client, CandidateEmail, "resend", list(emails.values()))
    assert sent_to_the_admin_sign_in(response, CandidateEmail)
    assert mailoutbox == [] and _email_states(emails)["uncertain"] == ("uncertain", 3, None)


# ---------------------------------------------------------------------------
# "Send again": interview reminders and invitations
# ---------------------------------------------------------------------------
@pytest.fixture
def reminders(reference_data, hr, interviewer, other_interviewer):
    """Marco's invitation uncertain, the candidate's sent; an interview reminder for a cancelled interview failed."""
    interview = schedule(interviewers=[interviewer], hr=hr, position__title="Contabile fornitori")
    invitations = {row.recipient_id: row for row in Reminder.objects.filter(interview=interview, kind="invitation")}
    Reminder.objects.filter(pk=invitations[interviewer.pk].pk).update(status="uncertain", attempts=1, sending_since=NOW)
    Reminder.objects.filter(pk=invitations[None].pk).update(status="sent", attempts=1, sent_at=NOW - D)
    cancelled = schedule(interviewers=[other_interviewer], hr=hr, starts_in=3 * D)
    scheduling.interview_cancel(interview=cancelled, user=hr)
    gone = Reminder.objects.create(
        key=f"interview:{cancelled.pk}:sara", kind="interview", interview=cancelled, recipient=other_interviewer,
        to=other_interviewer.email, status="failed", attempts=5,
    )
    return {"uncertain": invitations[interviewer.pk], "sent": invitations[None], "obsolete": gone}


def test_send_again_of_reminders_sends_the_uncertain_one_once_and_explains_the_others(
    admin_client, reminders, mailoutbox, interviewer, admin_user
):
    response = act(admin_client, Reminder, "resend", list(reminders.values()))
    assert shown(response) == [
        ("warning", f"Not sent again, it no longer applies: {reminders['obsolete'].key}"),
        ("success", "1 message queued to be sent again (same Message-ID)."),
        ("warning", "1 message left alone: it was sent or is being sent."),
    ]
    assert [(m.to, m.subject, m.extra_headers["Message-ID"]) for m in mailoutbox] == [
        ([interviewer.email], "Colloquio per Contabile fornitori", mail.message_id(reminders["uncertain"].key)),
    ]
    rows = {key: Reminder.objects.get(pk=row.pk) for key, row in reminders.items()}
    assert {key: (row.status, row.attempts) for key, row in rows.items()} == {
        "uncertain": ("sent", 1), "sent": ("sent", 1), "obsolete": ("failed", 5),
    }
    assert rows["uncertain"].payload["resent"] == [{"by": admin_user.username, "at": NOW.isoformat(), "was": "uncertain"}]
    assert "resent" not in rows["obsolete"].payload


def test_staff_who_are_not_superusers_cannot_send_reminders_again(staff_client, reminders, mailoutbox):
    response = act(staff_client, Reminder, "resend", [reminders["uncertain"]])
    assert sent_to_the_admin_sign_in(response, Reminder)
    assert mailoutbox == [] and Reminder.objects.get(pk=reminders["uncertain"].pk).status == "uncertain"


# ---------------------------------------------------------------------------
# Interviews: cancel (cancellations are sent, once)
# ---------------------------------------------------------------------------
@pytest.fixture
def interviews(reference_data, hr, interviewer, other_interviewer):
    candidate = CandidateFactory(first_name="Anna", last_name="Neri", email="anna@example.invalid")
    application = ApplicationFactory(candidate=candidate, position=OpenPositionFactory(title="Contabile fornitori"))
    return {
        "ticked": schedule(application=application, interviewers=[interviewer], hr=hr),
        "cancelled": scheduling.interview_cancel(
            interview=schedule(interviewers=[other_interviewer], hr=hr, starts_in=3 * D), user=hr,
        ),
        "not_ticked": schedule(interviewers=[other_interviewer], hr=hr, starts_in=4 * D),
    }


def test_cancel_cancels_the_scheduled_interview_and_sends_each_person_one_cancellation(
    admin_client, interviews, interviewer, mailoutbox, django_capture_on_commit_callbacks
):
    client = admin_client
    before = {key: (i.status, i.sequence) for key, i in interviews.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, Interview, "cancel", [interviews["ticked"], interviews["cancelled"]])
    assert back_to_the_list(response, Interview)
    assert shown(response) == [("success", "1 interview cancelled.")]
    after = {key: Interview.objects.values_list("status", "sequence").get(pk=i.pk) for key, i in interviews.items()}
    assert after == {
        "ticked": ("cancelled", before["ticked"][1] + 1), "cancelled": before["cancelled"],
        "not_ticked": before["not_ticked"],
    }
    assert sorted((m.to[0], m.subject, m.attachments[0][2]) for m in mailoutbox) == [
        ("anna@example.invalid", "Annullato: colloquio per Contabile fornitori", "text/calendar; charset=utf-8; method=CANCEL"),
        (interviewer.email, "Annullato: colloquio per Contabile fornitori", "text/calendar; charset=utf-8; method=CANCEL"),
    ]


def test_cancelling_an_interview_again_sends_nothing_more(
    admin_client, interviews, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, Interview, "cancel", [interviews["ticked"]])
    with django_capture_on_commit_callbacks(execute=True):
        again = act(admin_client, Interview, "cancel", [interviews["ticked"]])
    assert shown(again) == [("success", "0 interviews cancelled.")]
    assert len(mailoutbox) == 2
    assert Reminder.objects.filter(interview=interviews["ticked"], payload__method="CANCEL").count() == 2


def test_staff_who_are_not_superusers_cannot_cancel(staff_client, interviews):
    assert sent_to_the_admin_sign_in(act(staff_client, Interview, "cancel", [interviews["ticked"]]), Interview)
    assert Interview.objects.get(pk=interviews["ticked"].pk).status == "scheduled"


# ---------------------------------------------------------------------------
# Accounts: deactivate and reactivate (never delete)
# ---------------------------------------------------------------------------
@pytest.fixture
def accounts(hr, interviewer, other_interviewer):
    User.objects.filter(pk=other_interviewer.pk).update(is_active=False)
    return {"giulia": hr, "marco": interviewer, "sara": other_interviewer}


def _active() -> dict[str, bool]:
    return dict(User.objects.values_list("username", "is_active"))


def test_deactivate_leaves_your_own_account_and_the_unticked_ones_active(admin_client, admin_user, accounts):
    response = act(admin_client, User, "deactivate", [admin_user, accounts["giulia"], accounts["sara"]])
    assert back_to_the_list(response, User)
    assert shown(response) == [
        ("warning", "Your own account was left active: ask another admin."),
        ("success", "1 account deactivated."),
    ]
    assert _active() == {"admin": True, "giulia": False, "marco": True, "sara": False}


def test_deactivated_people_can_no_longer_sign_in(admin_client, accounts):
    act(admin_client, User, "deactivate", [accounts["giulia"]])
    refused = Client().post(reverse("login"), {"username": "giulia", "password": PASSWORD})
    signed_in = Client().post(reverse("login"), {"username": "marco", "password": PASSWORD})
    assert (refused.status_code, "_auth_user_id" in refused.wsgi_request.session) == (200, False)
    assert (signed_in.status_code, "_auth_user_id" in signed_in.wsgi_request.session) == (302, True)


def test_reactivate_turns_on_only_the_ticked_inactive_accounts(admin_client, accounts):
    response = act(admin_client, User, "reactivate", [accounts["sara"], accounts["marco"]])
    assert shown(response) == [("success", "1 account reactivated.")]
    assert _active() == {"admin": True, "giulia": True, "marco": True, "sara": True}


def test_accounts_are_never_deleted_from_the_admin(admin_client, accounts):
    response = act(admin_client, User, "delete_selected", [accounts["marco"]])
    assert shown(response) == [("warning", NOT_OFFERED)]
    assert _active()["marco"] is True


def test_staff_who_are_not_superusers_cannot_deactivate_anyone(staff_client, accounts):
    assert sent_to_the_admin_sign_in(act(staff_client, User, "deactivate", [accounts["marco"]]), User)
    assert _active()["marco"] is True


# ---------------------------------------------------------------------------
# Sign-in locks: unlock
# ---------------------------------------------------------------------------
def _attempt(username, address, failures, agent="Firefox"):
    return SignInLock.objects.create(username=username, ip_address=address, failures_since_start=failures,
                                     path_info="/accounts/login/", user_agent=agent, http_accept="text/html",
                                     get_data="", post_data="")


def test_unlock_removes_the_ticked_locks_only_and_says_they_can_sign_in(admin_client, db):
    ticked = [_attempt("giulia", "203.0.113.66", 3), _attempt("giulia", "203.0.113.66", 2, agent="curl/8.5")]
    other = _attempt("marco", "198.51.100.7", 5)
    response = act(admin_client, SignInLock, "unlock", ticked)
    assert back_to_the_list(response, SignInLock)
    assert shown(response) == [("success", "2 sign-in locks removed: they can sign in again now.")]
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [other.pk]
    assert sorted(LogEntry.objects.values_list("object_id", "action_flag")) == sorted(
        (str(row.pk), DELETION) for row in ticked
    )


def test_unlock_says_which_pairs_other_rows_still_lock(admin_client, db):
    ticked = _attempt("giulia", "198.51.100.1", 5)
    _attempt("giulia", "198.51.100.2", 20)  # over the account-wide limit of 20 on its own
    response = act(admin_client, SignInLock, "unlock", [ticked])
    assert shown(response) == [(
        "warning",
        "1 sign-in lock removed, but other rows keep these locked (the same account from other addresses, or the "
        "same address for other accounts): giulia from 198.51.100.1. Search for the username or the address and "
        "unlock those rows too.",
    )]


def test_staff_who_are_not_superusers_cannot_unlock(staff_client, db):
    lock = _attempt("marco", "198.51.100.7", 5)
    assert sent_to_the_admin_sign_in(act(staff_client, SignInLock, "unlock", [lock]), SignInLock)
    assert AccessAttempt.objects.filter(pk=lock.pk).exists()


# ---------------------------------------------------------------------------
# Nothing ticked: every action says so and changes nothing
# ---------------------------------------------------------------------------
@pytest.fixture
def one_of_each(reference_data, hr, interviewer):
    """A row for every action to change: a draft and an open position with a question, a candidate, an uncertain
    e-mail and reminder, a scheduled interview, active accounts and a sign-in lock."""
    PositionFactory(title="Magazziniere")
    position = OpenPositionFactory(title="Contabile")
    ScreeningQuestion.objects.create(position=position, order=0, text="Patente B?", kind="yes_no", knockout="no")
    application = ApplicationFactory(position=position)
    CandidateEmail.objects.create(application=application, kind="confirmation", key="test:uncertain", to="a@b.invalid",
                                  language="it", subject="Oggetto", body="Testo", status="uncertain")
    interview = schedule(application=application, interviewers=[interviewer], hr=hr)
    Reminder.objects.filter(interview=interview).update(status="uncertain")
    _attempt("giulia", "203.0.113.66", 5)


def _everything() -> dict[str, list]:
    """What any action could change, row by row."""
    return {
        "positions": list(Position.objects.order_by("pk").values_list("status", "published_at")),
        "questions": list(ScreeningQuestion.objects.values_list("pk", flat=True)),
        "candidates": list(Candidate.objects.order_by("pk").values_list("first_name", "email")),
        "emails": list(CandidateEmail.objects.order_by("pk").values_list("status", "attempts")),
        "reminders": list(Reminder.objects.order_by("pk").values_list("status", "attempts")),
        "interviews": list(Interview.objects.order_by("pk").values_list("status", "sequence")),
        "accounts": list(User.objects.order_by("pk").values_list("username", "is_active")),
        "locks": list(AccessAttempt.objects.values_list("pk", flat=True)),
        "erasures": list(ErasureRecord.objects.values_list("pk", flat=True)),
    }


MODELS = {"position": Position, "screeningquestion": ScreeningQuestion, "candidate": Candidate,
          "candidateemail": CandidateEmail, "reminder": Reminder, "interview": Interview, "user": User,
          "signinlock": SignInLock, "application": Application}


@pytest.mark.parametrize(
    "model, action",
    [
        ("position", "publish"), ("position", "close"), ("position", "delete_selected"),
        ("screeningquestion", "delete_selected"), ("candidate", "anonymise"), ("candidateemail", "resend"),
        ("reminder", "resend"), ("interview", "cancel"), ("user", "deactivate"), ("user", "reactivate"),
        ("signinlock", "unlock"), ("application", "export_csv"),
    ],
)
def test_an_action_with_nothing_ticked_says_so_and_changes_nothing(
    admin_client, one_of_each, model, action, mailoutbox, django_capture_on_commit_callbacks
):
    before = _everything()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(admin_client, MODELS[model], action, [])
    assert back_to_the_list(response, MODELS[model])
    assert shown(response) == [("warning", NOTHING_SELECTED)]
    assert _everything() == before
    assert mailoutbox == [] and LogEntry.objects.count() == 0
