"""Every e-mail the product sends, previewed for HR in either language, exactly as it would go out now.

Each preview is built by the code that sends that e-mail, on sample rows made inside a transaction that is
then rolled back: nothing is saved, nothing is queued (on-commit callbacks of a rolled-back block never run),
nothing is sent. The candidate e-mails whose text HR edits (the templates in the admin) show the edited text.
Sample people and the position are named in the preview's language. The signed links in candidate e-mails
are shown as "…": a signed link to a rolled-back row could later open someone else's (SQLite reuses ids).
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates import emails, notifications, offers, references, services, stages, status
from candidates.models import Application, Candidate, CandidateEmail, EmailTemplate, RefereeEmail
from core.models import NewApplicationNotice, StaffEmail, StaffProfile
from core.roles import HR_MANAGER, INTERVIEWER
from evaluations import assessments, reminders, reschedule_requests, scheduling, slots
from evaluations.models import AssessmentExercise, AssessmentPlan, Interview, Reminder, Scorecard
from positions import role_templates
from positions.models import Position

CANDIDATE, STAFF = "candidate", "staff"


@dataclass(frozen=True)
class Preview:
    slug: str  # the anchor on the page and the key in tests
    audience: str  # CANDIDATE or STAFF
    title: str
    sent_when: str
    subject: str
    body: str
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (file name, content type)
    edit_url: str = ""  # the admin page of its editable template, if it has one


# (slug, audience, title, when it is sent), in the order the page shows them.
KINDS = [
    ("confirmation", CANDIDATE, gettext_lazy("Application received"),
     gettext_lazy("Right after a person applies.")),
    ("invitation", CANDIDATE, gettext_lazy("Interview invitation"),
     gettext_lazy("When HR schedules an interview, or the candidate picks one of the times offered.")),
    ("invitation-updated", CANDIDATE, gettext_lazy("Interview changed"),
     gettext_lazy("When HR changes the time, length, place or kind of an interview.")),
    ("interview-reminder", CANDIDATE, gettext_lazy("Interview reminder"),
     gettext_lazy("24 hours before the interview, or at once if it is booked later than that.")),
    ("invitation-cancelled", CANDIDATE, gettext_lazy("Interview cancelled"),
     gettext_lazy("When HR cancels an interview.")),
    ("slot-offer", CANDIDATE, gettext_lazy("Choose an interview time"),
     gettext_lazy("When HR offers times to choose from.")),
    ("assessment", CANDIDATE, gettext_lazy("Online assessment"),
     gettext_lazy("When HR sends the position's online assessment, from the screening stage on.")),
    ("offer", CANDIDATE, gettext_lazy("Offer letter"),
     gettext_lazy("When HR sends an approved offer (with the letter as a PDF).")),
    ("references-asked", CANDIDATE, gettext_lazy("Request for references"),
     gettext_lazy("When HR asks the candidate, at the interview or offer stage, to name their referees.")),
    ("reference-invitation", CANDIDATE, gettext_lazy("Invitation to give a reference, to a referee"),
     gettext_lazy("When the candidate names the referee (in the language the candidate chose for them), or HR "
                  "sends a new link.")),
    ("reference-reminder", CANDIDATE, gettext_lazy("Reminder to give a reference, to a referee"),
     gettext_lazy("3 and 7 days after the invitation, while the referee has not answered; at most two.")),
    ("rejection", CANDIDATE, gettext_lazy("Rejection"),
     gettext_lazy("When HR closes an application and chooses to tell the person.")),
    ("status-links", CANDIDATE, gettext_lazy("Links to the status page"),
     gettext_lazy("When a person asks for fresh links by e-mail address.")),
    ("erasure", CANDIDATE, gettext_lazy("Erasure confirmation"),
     gettext_lazy("When a person asks on their status page to erase their data.")),
    ("staff-invitation", STAFF, gettext_lazy("Interview invitation to an interviewer"),
     gettext_lazy("When an interview is scheduled with them on the panel.")),
    ("staff-invitation-updated", STAFF, gettext_lazy("Interview changed, to an interviewer"),
     gettext_lazy("When HR changes an interview they are on.")),
    ("staff-removed", STAFF, gettext_lazy("Taken off an interview panel"),
     gettext_lazy("When HR takes them off an interview's panel.")),
    ("staff-cancelled", STAFF, gettext_lazy("Interview cancelled, to an interviewer"),
     gettext_lazy("When HR cancels an interview they are on.")),
    ("staff-reminder", STAFF, gettext_lazy("Interview reminder to an interviewer"),
     gettext_lazy("24 hours before the interview, or at once if it is booked later than that.")),
    ("overdue", STAFF, gettext_lazy("Scorecard overdue"),
     gettext_lazy("After the interview, while the interviewer's scorecard is still a draft.")),
    ("scorecard-digest", STAFF, gettext_lazy("Missing scorecards, to HR"),
     gettext_lazy("Once a day, when scorecards are still missing after every reminder.")),
    ("new-application", STAFF, gettext_lazy("New application"),
     gettext_lazy("To the hiring manager and HR who chose instant notices.")),
    ("application-digest", STAFF, gettext_lazy("New applications, daily digest"),
     gettext_lazy("Once a day, to those who chose the digest.")),
    ("slot-request", STAFF, gettext_lazy("Candidate asks for other times"),
     gettext_lazy("When a candidate can make none of the times offered.")),
    ("offer-approval", STAFF, gettext_lazy("Offer to approve"),
     gettext_lazy("When HR asks the position's hiring manager to approve an offer.")),
    ("reschedule-request", STAFF, gettext_lazy("Candidate asks to move an interview"),
     gettext_lazy("When a candidate asks for another time for a scheduled interview, on their status page.")),
]

EDITABLE = {"confirmation": EmailTemplate.Kind.CONFIRMATION, "rejection": EmailTemplate.Kind.REJECTION,
            "offer": EmailTemplate.Kind.OFFER}


class _RollBack(Exception):
    pass


def previews(language: str) -> list[Preview]:
    """Every kind of e-mail in `language` (candidate and staff alike), as it would be sent now."""
    built: dict[str, EmailMessage] = {}
    try:
        with transaction.atomic(), translation.override(language):
            built = _Sample(language).messages()
            raise _RollBack
    except _RollBack:
        pass
    with translation.override(language):
        return [_preview(slug, audience, title, when, built[slug], language) for slug, audience, title, when in KINDS]


# The signed part of a candidate's link: status page, erasure confirmation, offer.
SIGNED_LINK = re.compile(r"(/status/(?:erasure/)?|/offer/|/reference/)[^/\s]+/")


def unsigned(text: str) -> str:
    """`text` with every signed link's token replaced by "…"."""
    return SIGNED_LINK.sub(r"\1…/", text)


def _preview(slug, audience, title, when, message: EmailMessage, language: str) -> Preview:
    attachments = [(name, mimetype.split(";")[0]) for name, _content, mimetype in message.attachments]
    edit_url = ""
    if slug in EDITABLE:
        template = EmailTemplate.objects.filter(kind=EDITABLE[slug], language=language).first()
        if template is not None:
            edit_url = reverse("admin:candidates_emailtemplate_change", args=[template.pk])
    return Preview(slug=slug, audience=audience, title=str(title), sent_when=str(when), subject=message.subject,
                   body=unsigned(message.body), attachments=attachments, edit_url=edit_url)


class _Sample:
    """Sample people, a position, an application and its interview, made with the product's own services."""

    def __init__(self, language: str):
        self.language = language
        self.now = timezone.now()
        self.tag = uuid.uuid4().hex[:10]  # no clash with real rows' unique values
        # The hiring manager, outside the HR group: the notices and digests then list the sample application only.
        self.hr = self._person("hr", _("Maria"), _("Rossi"), None)
        self.interviewer = self._person("iv", _("Luca"), _("Ferri"), INTERVIEWER)
        self.second = self._person("iv2", _("Giulia"), _("Conti"), INTERVIEWER)
        self.recruiter = self._person("rec", _("Paola"), _("Gallo"), HR_MANAGER)  # asks the manager to approve
        template = role_templates.get_template("accounts-payable-clerk")
        draft = role_templates.position_fields(template, language)
        self.position = Position.objects.create(
            **draft.fields, slug=f"preview-{self.tag}", status=Position.Status.OPEN, hiring_manager=self.hr,
            location="Milano", published_at=self.now,
        )
        self.position.panel.set([self.interviewer, self.second])
        candidate = Candidate.objects.create(
            first_name=_("Anna"), last_name=_("Bianchi"), email=f"anna.bianchi.{self.tag}@example.invalid",
            language=language,
        )
        self.application = Application.objects.create(
            candidate=candidate, position=self.position, education_level=4, years_experience=3,
            resume=f"preview/{self.tag}.pdf", resume_name="CV Anna Bianchi.pdf", privacy_acknowledged_at=self.now,
            privacy_notice_version="preview", submission_token=uuid.uuid4(),
        )

    def _person(self, role: str, first: str, last: str, group: str | None):
        user = get_user_model().objects.create(
            username=f"preview-{role}-{self.tag}", first_name=first, last_name=last,
            email=f"{first}.{last}.{self.tag}@example.invalid".lower(),
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        StaffProfile.objects.update_or_create(
            user=user, defaults={"language": self.language, "new_applications": NewApplicationNotice.INSTANT})
        return user

    # -- what each kind of e-mail is built from ------------------------------------------------------------
    def messages(self) -> dict[str, EmailMessage]:
        out = {"confirmation": self._candidate_email(EmailTemplate.Kind.CONFIRMATION)}
        out.update(self._interview_messages())
        out["new-application"] = self._staff_email(notifications.record_instant_notices(self.application.pk))
        out["application-digest"] = self._application_digest()
        out["slot-offer"], out["slot-request"] = self._slot_offer()
        out["assessment"] = self._assessment()
        out["offer"], out["offer-approval"] = self._offer()
        out.update(self._references())
        out["rejection"] = self._candidate_email(EmailTemplate.Kind.REJECTION)
        out["status-links"] = self._message(status.send_fresh_links(email=self.application.candidate.email))
        out["erasure"] = self._message(status.erasure_ask(application=self.application, now=self.now))
        return out

    def _message(self, email) -> EmailMessage:
        if isinstance(email, CandidateEmail):
            return emails.message_for(email)
        return notifications.message_for(email)

    def _candidate_email(self, kind: str) -> EmailMessage:
        subject, body = services.render_email(kind, self.application)
        return self._message(CandidateEmail(
            application=self.application, kind=kind, to=self.application.candidate.email, language=self.language,
            subject=subject, body=body,
        ))

    def _staff_email(self, ids: list[int]) -> EmailMessage:
        return self._message(StaffEmail.objects.filter(pk__in=ids, recipient=self.hr).get())

    def _move(self, stage: str) -> None:
        services.application_move(application=self.application, to_stage=stage, user=self.hr,
                                  confirm_hire=stage == stages.HIRED)
        self.application.refresh_from_db()

    def _interview_messages(self) -> dict[str, EmailMessage]:
        self._move(stages.SCREENING)
        self._move(stages.INTERVIEW)
        starts_at = self._working_day(7, 10)
        plan = {"kind": Interview.Kind.COMPETENCY, "duration_minutes": 60, "user": self.hr,
                "location": _("Meeting room 2, via Torino 12, Milano")}
        interview = scheduling.interview_schedule(
            application=self.application, starts_at=starts_at, interviewers=[self.interviewer, self.second], **plan)
        first = self._invitations(interview)
        interview = scheduling.interview_reschedule(
            interview=interview, starts_at=self._working_day(8, 14),
            interviewers=[self.interviewer], **plan)
        updated = self._invitations(interview)
        removed = self._invitations(interview, method="CANCEL")
        out = {
            "invitation": first[None], "staff-invitation": first[self.interviewer.pk],
            "invitation-updated": updated[None], "staff-invitation-updated": updated[self.interviewer.pk],
            "staff-removed": removed[self.second.pk],
            "interview-reminder": self._reminder(interview, Reminder.Kind.INTERVIEW, None),
            "staff-reminder": self._reminder(interview, Reminder.Kind.INTERVIEW, self.interviewer),
            "overdue": self._reminder(interview, Reminder.Kind.OVERDUE, self.interviewer),
            "scorecard-digest": self._reminder(interview, Reminder.Kind.DIGEST, self.hr),
        }
        reschedule_requests.interview_ask_another_time(
            application=self.application, interview_id=interview.pk, now=self.now,
            note=_("I have an exam that morning: could we meet in the afternoon, or another day?"))
        out["reschedule-request"] = self._message(
            StaffEmail.objects.get(key=f"reschedule-request:{interview.pk}:{interview.sequence}:{self.hr.pk}"))
        cancelled = self._invitations(scheduling.interview_cancel(interview=interview, user=self.hr))
        out["invitation-cancelled"], out["staff-cancelled"] = cancelled[None], cancelled[self.interviewer.pk]
        return out

    def _working_day(self, days_ahead: int, hour: int) -> datetime.datetime:
        """`hour` o'clock on the first Monday-to-Friday at least `days_ahead` days from now, local time."""
        day = timezone.localtime(self.now).date() + datetime.timedelta(days=days_ahead)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def _invitations(self, interview: Interview, method: str = "") -> dict[int | None, EmailMessage]:
        """The invitations of the interview's current version, by recipient (None: the candidate)."""
        rows = Reminder.objects.filter(kind=Reminder.Kind.INVITATION, interview=interview,
                                       payload__sequence=interview.sequence)
        if method:
            rows = rows.filter(payload__method=method)
        return {row.recipient_id: reminders.message_for(row, self.now) for row in rows.select_related("interview")}

    def _reminder(self, interview: Interview, kind: str, recipient) -> EmailMessage:
        scorecard = Scorecard.objects.filter(interview=interview, interviewer=self.interviewer).first()
        payload = {"sequence": interview.sequence}
        if kind == Reminder.Kind.DIGEST:
            payload = {"scorecards": [scorecard.pk]}
        reminder = Reminder(
            kind=kind, interview=interview, recipient=recipient, scorecard=scorecard, payload=payload,
            to=recipient.email if recipient else self.application.candidate.email,
        )
        return reminders.message_for(reminder, self.now)

    def _application_digest(self) -> EmailMessage:
        profile = StaffProfile.objects.get(user=self.hr)
        profile.new_applications = NewApplicationNotice.DIGEST
        # Covering only the sample application: the hiring manager follows their own positions alone.
        profile.digest_covered_until = self.application.applied_at - datetime.timedelta(microseconds=1)
        profile.save()
        at = timezone.localtime(self.now, notifications.zone(profile)).replace(
            hour=notifications.DIGEST_HOUR, minute=5, second=0, microsecond=0)
        if at <= self.now:
            at += datetime.timedelta(days=1)
        return self._message(StaffEmail.objects.get(pk=notifications.record_digest_for(profile.pk, now=at)))

    def _slot_offer(self) -> tuple[EmailMessage, EmailMessage]:
        starts = [self._working_day(14, hour) for hour in (9, 11, 15)]
        offer = slots.slot_offer_create(
            application=self.application, kind=Interview.Kind.PHONE_SCREEN, duration_minutes=30,
            location=_("By phone"), interviewers=[self.interviewer], starts=starts, user=self.hr, now=self.now,
        )
        to_candidate = CandidateEmail.objects.get(application=self.application, key=f"slot-offer:{offer.pk}")
        slots.slot_ask_other_times(application=self.application, offer_id=offer.pk, now=self.now,
                                   note=_("I work until 17:00 on weekdays: could we talk after 17:30?"))
        to_hr = StaffEmail.objects.get(key=f"slot-request:{offer.pk}:{self.hr.pk}")
        slots.slot_offer_withdraw(offer=offer, user=self.hr)
        return self._message(to_candidate), self._message(to_hr)

    def _assessment(self) -> EmailMessage:
        plan = AssessmentPlan.objects.create(position=self.position, enabled=True, time_limit_minutes=30)
        plan.exercises.set(AssessmentExercise.objects.filter(active=True))
        attempt = assessments.assessment_send(application=self.application, user=self.hr, now=self.now)
        return self._message(CandidateEmail.objects.get(application=self.application, key=f"assessment:{attempt.pk}"))

    def _offer(self) -> tuple[EmailMessage, EmailMessage]:
        self._move(stages.OFFER)
        terms = offers.Terms(
            pay=Decimal("28500"), start_date=timezone.localdate(self.now) + datetime.timedelta(days=30),
            contract_type="permanent", weekly_hours=Decimal("40"),
        )
        offer = offers.offer_save_draft(application=self.application, user=self.hr, terms=terms)
        offer = offers.offer_request_approval(offer=offer, user=self.recruiter)
        approval = StaffEmail.objects.get(key=f"offer-approval:{offer.pk}:1:{self.hr.pk}")
        offer = offers.offer_approve(offer=offer, user=self.hr)
        offer = offers.offer_send(offer=offer, user=self.recruiter, now=self.now)
        return self._message(offer.email), self._message(approval)

    def _references(self) -> dict[str, EmailMessage]:
        """At the offer stage: HR asks for references, the candidate names one in the preview's language."""
        request = references.reference_ask(application=self.application, user=self.recruiter, how_many=2, now=self.now)
        [referee] = references.referees_name(application=self.application, consent=True, now=self.now, referees=[
            references.RefereeData(name=_("Franco Moretti"), email=f"franco.moretti.{self.tag}@example.invalid",
                                   relationship="manager", period=_("2019–2024, at Rossi S.p.A."),
                                   language=self.language)])
        invitation = RefereeEmail.objects.get(referee=referee, kind=RefereeEmail.Kind.INVITATION)
        subject, body = references.render_email(referee, RefereeEmail.Kind.REMINDER)
        reminder = RefereeEmail(referee=referee, kind=RefereeEmail.Kind.REMINDER, key=f"preview-{self.tag}",
                                to=referee.email, language=self.language, subject=subject, body=body)
        return {
            "references-asked": self._message(CandidateEmail.objects.get(key=f"references-asked:{request.pk}")),
            "reference-invitation": references.message_for(invitation),
            "reference-reminder": references.message_for(reminder),
        }
