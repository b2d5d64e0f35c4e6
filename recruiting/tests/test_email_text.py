"""Plain-text e-mails arrive as typed: hostile names and titles through every kind of e-mail, as a real
SMTP server receives them. Nothing HTML-escaped, and no header can be injected through a subject.
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from candidates import services as candidate_services
from candidates.models import EmailTemplate, RejectionReason, Stage
from candidates.pdfwriter import simple_pdf
from candidates.reference_data import EMAIL_TEMPLATES
from core import mail
from core.models import StaffProfile
from evaluations import reminders, scheduling
from evaluations.models import Interview, Reminder
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

HOSTILE = ["O'Brien & <Sons>", "<script>alert(1)</script>", '"quoted"', "Ünïcödé", "a\r\nBcc: x@y"]
ENTITIES = ("&amp;", "&lt;", "&gt;", "&#x27;", "&#39;", "&quot;")


def _template(kind: str) -> tuple[str, str]:
    [(subject, body)] = [(s, b) for k, language, s, b in EMAIL_TEMPLATES if (k, language) == (kind, "en")]
    return subject, body


def _lf(text: str) -> str:
    # SMTP carries CRLF line ends; a CR LF typed into a name is a line break in a text body either way.
    return text.replace("\r\n", "\n")


def _subject(message) -> str:
    # A long encoded subject is folded onto the line after "Subject:"; the space that leaves in front
    # is folding, not text (mail clients drop it).
    return message["Subject"].lstrip()


def _send_everything(value, *, hr, inbox, capture):
    """One candidate, interviewer and position named `value`; every kind of e-mail sent once through SMTP."""
    interviewer = UserFactory(username="ivo", first_name=value, last_name=value, role="interviewer")
    for user in (hr, interviewer):
        StaffProfile.objects.update_or_create(user=user, defaults={"language": "en"})
    position = OpenPositionFactory(title=value, hiring_manager=hr)
    position.panel.add(interviewer)
    data = candidate_services.ApplicationData(
        first_name=value, last_name=value, email="anna@example.invalid", education_level=3, years_experience=4,
    )
    resume = candidate_services.ResumeUpload(name="cv.pdf", data=simple_pdf(["Anna", "SAP"]), kind="pdf")
    with capture(execute=True):
        application, _created = candidate_services.application_submit(
            position=position, data=data, resume=resume, language="en", token=uuid.uuid4()
        )
    candidate_services.application_move(application=application, to_stage=Stage.INTERVIEW, user=hr)
    starts_at = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    plan = {"kind": Interview.Kind.COMPETENCY, "duration_minutes": 60, "location": value,
            "interviewers": [interviewer], "user": hr}
    with capture(execute=True):
        interview = scheduling.interview_schedule(application=application, starts_at=starts_at, **plan)
    with capture(execute=True):
        starts_at += datetime.timedelta(days=1)
        interview = scheduling.interview_reschedule(interview=interview, starts_at=starts_at, **plan)
    interview.refresh_from_db()
    for now in (
        interview.starts_at - datetime.timedelta(hours=1),  # interview reminders
        interview.ends_at + datetime.timedelta(hours=2),  # the first overdue scorecard
        interview.ends_at + datetime.timedelta(days=3, hours=2),  # the HR digest
    ):
        for pk in reminders.queue_due_reminders(now=now):
            if Reminder.objects.filter(pk=pk, status="pending").exists():
                assert reminders.deliver(pk, now=now) == "sent"
    with capture(execute=True):
        scheduling.interview_cancel(interview=interview, user=hr)
    subject, body = candidate_services.render_email(EmailTemplate.Kind.REJECTION, application)
    with capture(execute=True):
        candidate_services.application_reject(
            application=application, reason=RejectionReason.objects.filter(kind="we_rejected").first(), user=hr,
            send_email=True, email_subject=subject, email_body=body,
        )
    return interviewer


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE, ids=["ampersand-quote-angle", "script", "double-quotes", "unicode", "crlf-bcc"])
def test_every_plain_text_email_carries_names_and_titles_exactly_as_typed(
    value, hr, inbox, django_capture_on_commit_callbacks
):
    interviewer = _send_everything(value, hr=hr, inbox=inbox, capture=django_capture_on_commit_callbacks)
    name = f"{value} {value}"  # first and last name
    organization = settings.ORGANIZATION_NAME
    fill = {"candidate_name": value, "position_title": value, "organization": organization}
    confirmation, rejection = _template("confirmation"), _template("rejection")
    candidate, staff, manager = "anna@example.invalid", interviewer.email, hr.email
    # (recipient, subject exactly, [exact pieces of the body]) for every kind of message.
    expected = {
        "confirmation": (candidate, confirmation[0].format_map(fill), [confirmation[1].format_map(fill)]),
        "invitation to the candidate": (candidate, f"Interview for {value}",
                                        [f"Dear {value},\n\nwe would like to meet you for the position of {value}.\n",
                                         f"\nWhere: {value}\n"]),
        "invitation to the interviewer": (staff, f"Interview for {value}",
                                          [f"Dear {value},\n\nyou are interviewing {name} for {value}.\n",
                                           f"\nWhere: {value}\n"]),
        "updated invitation to the candidate": (candidate, f"Updated: interview for {value}",
                                                [f"Dear {value},\n\nwe have changed your interview for the position of {value}.\n"]),
        "updated invitation to the interviewer": (staff, f"Updated: interview for {value}",
                                                  [f"Dear {value},\n\nthe interview with {name} for {value} has changed.\n"]),
        "interview reminder to the candidate": (candidate, f"Reminder: interview for {value}",
                                                [f"a reminder of the interview for {value} on ", f"\nWhere: {value}\n"]),
        "interview reminder to the interviewer": (staff, f"Reminder: interview for {value}",
                                                  [f"a reminder of the interview for {value} on ", f"\nWhere: {value}\n",
                                                   f"\nCandidate: {name}\n"]),
        "overdue scorecard": (staff, f"Scorecard due: {name}", [f"your scorecard for {name} ({value}, interview on "]),
        "digest to HR": (manager, "Scorecards still missing after several reminders",
                         [f"\n- {name}: {name} — {value} ("]),
        "cancellation to the candidate": (candidate, f"Cancelled: interview for {value}",
                                          [f"Dear {value},\n\nthe interview for {value} on "]),
        "cancellation to the interviewer": (staff, f"Cancelled: interview for {value}",
                                            [f"Dear {value},\n\nthe interview with {name} for {value} on "]),
        "rejection": (candidate, rejection[0].format_map(fill), [rejection[1].format_map(fill)]),
    }
    problems = []
    for kind, (to, subject, pieces) in expected.items():
        subject = mail.subject_line(subject)
        found = [(rcpt, m) for rcpt, m in inbox.received if rcpt == [to] and _subject(m) == subject]
        if len(found) != 1:
            problems.append(f"{kind}: {len(found)} messages to {to} with subject {subject!r}; got "
                            f"{[(r, _subject(m)) for r, m in inbox.received]}")
            continue
        [(_rcpt, message)] = found
        body = _lf(message.get_body(preferencelist=("plain",)).get_content())
        problems += [f"{kind}: {piece!r} not in {body!r}" for piece in pieces if _lf(piece) not in body]
        problems += [f"{kind}: {entity} in the body" for entity in ENTITIES if entity in body]
        problems += [f"{kind}: Bcc header" for header in message if header.lower() == "bcc"]
        for part in message.iter_attachments():
            event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
            if str(event["SUMMARY"]) != subject:
                problems.append(f"{kind}: calendar summary {str(event['SUMMARY'])!r}")
    assert "\n".join(problems) == ""
    # Nothing else went out, and every message went only to its one recipient.
    assert len(inbox.received) == len(expected)


@pytest.mark.django_db
def test_a_subject_typed_with_a_line_break_goes_out_on_one_line_to_the_candidate_only(
    hr, inbox, django_capture_on_commit_callbacks
):
    from candidates.tests.factories import ApplicationFactory

    application = ApplicationFactory(stage=Stage.SCREENING)
    with django_capture_on_commit_callbacks(execute=True):
        candidate_services.application_reject(
            application=application, reason=RejectionReason.objects.filter(kind="we_rejected").first(), user=hr,
            send_email=True, email_subject="Your application\r\nBcc: everyone@example.invalid\n", email_body="Sorry.",
        )
    [(recipients, message)] = inbox.received
    assert recipients == [application.candidate.email]
    assert _subject(message) == "Your application Bcc: everyone@example.invalid"
    assert [h for h in message if h.lower() in ("bcc", "cc")] == []


def test_text_templates_render_without_escaping_and_html_stays_escaped():
    from django.template.loader import render_to_string

    interview = SimpleNamespace(application=SimpleNamespace(position=SimpleNamespace(title="O'Brien & <Sons>")))
    context = {"interview": interview, "reminder": None}
    text = mail.render_text("evaluations/email/interview_subject.txt", context)
    assert text.strip() == "Reminder: interview for O'Brien & <Sons>"
    # The same engine still escapes for pages: only the text path turns escaping off.
    assert "O&#x27;Brien &amp; &lt;Sons&gt;" in render_to_string("evaluations/email/interview_subject.txt", context)
