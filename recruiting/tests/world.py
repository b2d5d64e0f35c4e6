"""A populated hiring world for the page sweeps (admin pages, the authorisation matrix, the fuzz test).

Real rows, made through the services where a service exists: positions in every status (one blind),
applications in every stage with PDF, DOCX and ODT résumés, hostile names (markup, quotes and
ampersands, right-to-left text, the longest names allowed), an anonymised person, interviews scheduled,
past and cancelled, scorecards draft and submitted (and changed after submission), messages in every
send state, the résumé log, an erasure record, and sign-in locks and sign-ins.
"""

from __future__ import annotations

import datetime
import types
from decimal import Decimal

from axes.models import AccessAttempt, AccessLog
from django.core.files.base import ContentFile
from django.utils import timezone

from candidates import notifications, offers, privacy, references, status
from candidates import services as candidate_services
from candidates.models import Answer, Application, CandidateEmail, RejectionReason, ResumeAccess, Stage
from candidates.tests import files
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from core.models import profile_for
from evaluations import assessments, reminders, scheduling, scorecards, slots
from evaluations.models import AssessmentExercise, AssessmentItem, Reminder, Scorecard
from evaluations.tests.factories import rate_everything, schedule
from positions.models import Position, ScreeningQuestion
from positions.tests.factories import OpenPositionFactory, PositionFactory

SCRIPT = '<script>alert("x")</script>'
# (first name, last name): markup, quotes and ampersands, right-to-left with an override, the longest allowed.
NAMES = [
    (SCRIPT, SCRIPT),
    ("O'Brien & \"Sons\"", "D'Arcy & <Co>"),
    ("مريم", "\u202eالعربية\u202c"),
    ("L" * 80, "M" * 80),
]
SEND_STATES = ["pending", "sending", "sent", "uncertain", "failed"]


def _resume(kind: str, name: str) -> tuple[ContentFile, str]:
    data = {"pdf": files.pdf, "docx": files.docx, "odt": files.odt}[kind]([name, "Accounts payable, SAP"])
    return ContentFile(data, name=f"cv.{kind}"), f"{name[:40]} cv.{kind}"


def _sign_in_records(hr):
    """The sign-in throttle's rows (admin: sign-in locks, sign-ins): a locked account, a hostile username
    still counting, an expired lock, a post with no username or address; sign-ins with and without sign-out."""
    now = timezone.now()
    browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
    common = {"user_agent": browser, "http_accept": "text/html", "get_data": "", "post_data": ""}
    locks = [
        (hr.username, "203.0.113.66", "/accounts/login/", 5, now - datetime.timedelta(minutes=1)),
        (SCRIPT, "2001:db8::1", "/admin/login/", 2, now),  # the newest: the one the admin sweep opens
        ("expired", "198.51.100.7", "/accounts/login/", 5, now - datetime.timedelta(hours=2)),
        (None, None, "/accounts/login/", 1, now),
    ]
    for username, address, path, failures, when in locks:
        lock = AccessAttempt.objects.create(username=username, ip_address=address, path_info=path,
                                            failures_since_start=failures, **common)
        AccessAttempt.objects.filter(pk=lock.pk).update(attempt_time=when)
    for username, address, signed_out in ((hr.username, "192.0.2.10", now), (SCRIPT, "2001:db8::2", None)):
        AccessLog.objects.create(username=username, ip_address=address, path_info="/accounts/login/",
                                 logout_time=signed_out, user_agent=browser, http_accept="text/html")


def _messages_in_every_send_state(application, hr) -> None:
    """E-mails and reminders in the states a crash or the mail server leave behind."""
    for state in SEND_STATES:
        CandidateEmail.objects.create(
            application=application, kind="confirmation", key=f"world:{state}", to=application.candidate.email,
            language="en", subject=f"{state} {SCRIPT}", body=f"Dear {SCRIPT} & \"you\"", created_by=hr,
        )
    for model in (CandidateEmail, Reminder):
        rows = list(model.objects.order_by("pk"))
        for state, row in zip(SEND_STATES, rows, strict=False):
            model.objects.filter(pk=row.pk).update(status=state, attempts=SEND_STATES.index(state),
                                                   sending_since=timezone.now() if state != "pending" else None)


def build(*, hr, interviewer, other_interviewer, capture) -> types.SimpleNamespace:
    """Everything, with the on-commit work (e-mails to the locmem outbox, re-scoring) run as it happens."""
    reasons = {kind: RejectionReason.objects.filter(kind=kind, active=True).first()
               for kind in ("we_rejected", "they_withdrew")}
    for user in (hr, interviewer, other_interviewer):
        profile_for(user)
    with capture(execute=True):
        position = OpenPositionFactory(title=f"Clerk {SCRIPT} & \"co\"", hiring_manager=hr)
        position.panel.add(interviewer, other_interviewer)
        for order, kind in enumerate(ScreeningQuestion.Kind.values):
            ScreeningQuestion.objects.create(position=position, order=order, text=f"{kind} {SCRIPT}?", kind=kind,
                                             knockout="no" if kind == "yes_no" else "")
        blind = OpenPositionFactory(title="مكتب \u202eblind\u202c", blind_screening=True, hiring_manager=hr)
        blind.panel.add(interviewer)
        others = [
            PositionFactory(title="D" * 150),  # draft, the longest title
            OpenPositionFactory(title="On hold & <paused>", status=Position.Status.ON_HOLD),
            OpenPositionFactory(title="Closed 'ledger' clerk", status=Position.Status.CLOSED),
        ]

        # One application per stage, résumés of every kind, hostile names in turn.
        applications = {}
        for number, stage in enumerate(Stage.values):
            first, last = NAMES[number % len(NAMES)]
            last = last if number < len(NAMES) else f"{last} {number}"  # every person's name is their own
            resume, resume_name = _resume(["pdf", "docx", "odt"][number % 3], first)
            candidate = CandidateFactory(first_name=first, last_name=last, town=f"Town {SCRIPT}", language="en")
            application = ApplicationFactory(
                candidate=candidate, position=position, resume=resume, resume_name=resume_name,
                cover_letter=f"Cover {SCRIPT} & \"more\"", other_skills=SCRIPT, field_of_study=SCRIPT,
            )
            for question in position.screening_questions.all():
                Answer.objects.create(application=application, question=question, question_text=question.text,
                                      question_kind=question.kind,
                                      value={"yes_no": "yes", "number": "4"}.get(question.kind, SCRIPT))
            candidate_services.note_add(application=application, author=hr, body=f"Note {SCRIPT}")
            applications[stage] = application

        def move(stage, *targets):
            for target in targets:
                candidate_services.application_move(application=applications[stage], to_stage=target, user=hr,
                                                     note=SCRIPT, confirm_hire=target == Stage.HIRED)

        move(Stage.SCREENING, Stage.SCREENING)
        move(Stage.INTERVIEW, Stage.INTERVIEW)
        move(Stage.OFFER, Stage.INTERVIEW)
        move(Stage.HIRED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)
        candidate_services.application_reject(
            application=applications[Stage.REJECTED], reason=reasons["we_rejected"], user=hr, note=SCRIPT,
            send_email=True, email_subject=f"Subject {SCRIPT}", email_body=f"Body {SCRIPT}",
        )
        candidate_services.application_reject(application=applications[Stage.WITHDRAWN],
                                              reason=reasons["they_withdrew"], user=hr)

        # Interviews: one upcoming for the interviewer alone, one past for both (one submitted,
        # then changed), one cancelled for the other interviewer alone (another person).
        upcoming = schedule(interviewers=[interviewer], application=applications[Stage.INTERVIEW], hr=hr)
        # Interview times offered to the same candidate, who asked for others (evaluations/slots.py).
        offered_at = (timezone.now() + datetime.timedelta(days=9)).replace(minute=0, second=0, microsecond=0)
        slot_offer = slots.slot_offer_create(
            application=applications[Stage.INTERVIEW], kind="phone", duration_minutes=30, location=f"Room {SCRIPT}",
            interviewers=[interviewer], starts=[offered_at, offered_at + datetime.timedelta(days=1)], user=hr,
        )
        slots.slot_ask_other_times(application=applications[Stage.INTERVIEW], offer_id=slot_offer.pk,
                                   note=f"Other times {SCRIPT}")
        past = schedule(interviewers=[interviewer, other_interviewer], application=applications[Stage.OFFER],
                        hr=hr, starts_in=-datetime.timedelta(days=4))
        submitted = rate_everything(Scorecard.objects.get(interview=past, interviewer=interviewer))
        scorecards.scorecard_save(
            scorecard=submitted, scores={}, notes={}, recommendation="strong_yes", takeaways=f"Changed {SCRIPT}",
            user=interviewer,
        )
        later = ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Later", last_name=SCRIPT))
        candidate_services.application_move(application=later, to_stage=Stage.INTERVIEW, user=hr)
        cancelled = schedule(interviewers=[other_interviewer], application=later, hr=hr,
                             starts_in=datetime.timedelta(days=3))
        scheduling.interview_cancel(interview=cancelled, user=hr)
        candidate_services.application_move(application=applications[Stage.OFFER], to_stage=Stage.OFFER, user=hr)
        # A withdrawn offer, then the one sent (HR is the position's hiring manager, so approves).
        terms = offers.Terms(pay=Decimal("31000.50"), start_date=timezone.localdate() + datetime.timedelta(days=30),
                             contract_type="fixed_term", end_date=timezone.localdate() + datetime.timedelta(days=400),
                             weekly_hours=Decimal("37.5"), notes=f"Offer {SCRIPT}")
        withdrawn = offers.offer_save_draft(application=applications[Stage.OFFER], user=hr, terms=terms)
        offers.offer_request_approval(offer=withdrawn, user=hr)
        offers.offer_approve(offer=withdrawn, user=hr)
        offers.offer_withdraw(offer=withdrawn, user=hr, comment=SCRIPT)
        offer = offers.offer_save_draft(application=applications[Stage.OFFER], user=hr, terms=terms)
        offers.offer_request_approval(offer=offer, user=hr)
        offers.offer_approve(offer=offer, user=hr)
        offer = offers.offer_send(offer=offer, user=hr)
        # The new-application notice to HR (and the hiring manager), recorded and sent.
        profile = profile_for(hr)
        profile.new_applications = "instant"
        profile.save()
        for notice in notifications.record_instant_notices(applications[Stage.APPLIED].pk):
            notifications.deliver(notice)
        # Evidence beside interviews: the position's assessment plan, one assessment taken and then left out of
        # the score with a reason, one only sent; two referees named at the offer stage, one answered, one declined.
        competencies = AssessmentItem.objects.filter(competency__in=position.competencies.all()).values_list(
            "competency", flat=True).distinct()
        assessments.plan_save(position=position, enabled=True, time_limit_minutes=30,
                              judgement_counts=dict.fromkeys(competencies, 1), exercises=AssessmentExercise.objects.all())
        taken = assessments.assessment_start(
            attempt=assessments.assessment_send(application=applications[Stage.OFFER], user=hr), extra_time=True)
        for number in range(len(taken.pages)):
            assessments.page_submit(attempt=taken, page=number, answer={})
        taken.refresh_from_db()
        assessments.attempt_set_excluded(attempt=taken, excluded=True, reason=f"Reason {SCRIPT}", user=hr)
        assessments.assessment_send(application=applications[Stage.SCREENING], user=hr)
        references.reference_ask(application=applications[Stage.OFFER], user=hr, how_many=2)
        answered, declined = references.referees_name(
            application=applications[Stage.OFFER], consent=True, referees=[
                references.RefereeData(name=f"Referee {SCRIPT}", email=f"referee.{relationship}@example.invalid",
                                       relationship=relationship, period=f"2019 {SCRIPT}", language="en")
                for relationship in ("manager", "colleague")
            ])
        references.reference_answer(referee=answered, address="192.0.2.1", answer=references.Answer(
            scores={c.pk: (3, f"Example {SCRIPT}") for c in references.competencies_for(answered)},
            would_work_again="yes", comments=f"Comment {SCRIPT}"))
        references.reference_decline(referee=declined, reason=f"Declined {SCRIPT}", address="192.0.2.2")
        # An erasure request confirmed from the status page, still open.
        status.erasure_confirm(application=applications[Stage.SCREENING], requested_at=timezone.now())

        # An overdue reminder, then the HR digest, for the past interview's draft scorecard; the
        # reminders of the upcoming one.
        reminders.queue_due_reminders(now=past.ends_at + datetime.timedelta(hours=2))
        reminders.queue_due_reminders(now=timezone.now())
        reminders.queue_due_reminders(now=upcoming.starts_at - datetime.timedelta(hours=1))

        blind_application = ApplicationFactory(position=blind, candidate=CandidateFactory(first_name="Blind",
                                                                                          last_name=SCRIPT))
        pending_text = ApplicationFactory(position=others[1], resume_text_status=Application.TextStatus.PENDING,
                                          candidate=CandidateFactory(first_name="Pending", last_name="Text & co"))
        failed_text = ApplicationFactory(position=others[2], resume_text_status=Application.TextStatus.FAILED,
                                         candidate=CandidateFactory(first_name="Failed", last_name="Text & co"))
        erased = ApplicationFactory(position=position, candidate=CandidateFactory(first_name=SCRIPT))
        candidate_services.note_add(application=erased, author=hr, body="Before erasure")
        for user, action in ((hr, "view"), (hr, "download"), (interviewer, "view"), (hr, "export")):
            ResumeAccess.objects.create(application=applications[Stage.HIRED], user=user, action=action)
        privacy.candidate_erase(candidate=erased.candidate, user=hr)
        # Factories skip the services' marks: score everyone once, as the ranking would.
        candidate_services.request_rescore(list(Application.objects.values_list("pk", flat=True)))
    with capture(execute=True):
        # A stored score that changes (recorded in the score history): the excluded assessment counts again.
        assessments.attempt_set_excluded(attempt=taken, excluded=False, reason=f"Back {SCRIPT}", user=hr)
        candidate_services.request_rescore([applications[Stage.OFFER].pk])

    _messages_in_every_send_state(applications[Stage.APPLIED], hr)
    _sign_in_records(hr)
    return types.SimpleNamespace(
        position=position, blind=blind, others=others, applications=applications, upcoming=upcoming, past=past,
        cancelled=cancelled, later=later, submitted=submitted, blind_application=blind_application, erased=erased,
        pending_text=pending_text, failed_text=failed_text, offer=offer,
        other_scorecard=Scorecard.objects.get(interview=past, interviewer=other_interviewer), slot_offer=slot_offer,
    )

