"""A person's data, gathered across the apps for the right of access (GDPR art. 15): the export.

HR's export (the data-protection page) and the candidate's own "download my data" (status page) give the
same ZIP: ``data.json`` plus each application's résumé and each offer letter as sent, under ``files/``.

What is in it, and why. Everything held about the person, including what staff wrote about them: HR's notes,
submitted scorecards (ratings, notes, take-aways, recommendation), the offers' internal notes and the comments
of the offer's approval steps. The right of access covers opinions and assessments about a person, not only
what they gave us (CJEU C-434/16 Nowak), so these are in; draft scorecards are not, being not yet an
assessment. Staff are not named: who wrote what is their data, not the candidate's.

The shape of data.json (stable: add keys, never rename or drop them; times ISO 8601 in UTC, dates
YYYY-MM-DD, money and hours decimal strings, kinds and statuses as the codes in the models)::

    {"exported_at", "candidate": {first_name, last_name, email, phone, town, language, created_at},
     "erasure_requests": [{requested_at, confirmed_at, deadline, completed_at}],
     "applications": [{
        position, applied_at, stage, education_level, field_of_study, years_experience, skills_declared,
        other_skills, cover_letter, source, privacy_notice: {version, acknowledged_at}, future_roles_consent,
        answers: [{question, answer}],
        stage_changes: [{from, to, at, note, reason}],
        notes: [{at, text}],
        emails: [{at, subject, body, status}],
        interviews: [{kind, starts_at, duration_minutes, location, status, reschedule_request,
                      reschedule_requested_at}],
        scorecards: [{recommendation, takeaways, ratings: [{criterion, score, note}]}],
        offers: [{status, pay, contract_type, start_date, end_date, weekly_hours, notes, drafted_at, sent_at,
                  answered_at, decline_reason, decline_details, letter_file,
                  steps: [{from, to, at, comment}]}],
        slot_offers: [{kind, duration_minutes, location, status, offered_at, expires_at,
                       times: [starts_at], chosen_starts_at, other_times_note, other_times_asked_at}],
        assessments: [{status, sent_at, started_at, deadline_at, finished_at, time_limit_minutes, extra_time,
                       pages, answers, timings, late_pages, scores, excluded, exclusions: [{excluded, reason, at}]}],
        references: [{name, email, relationship, period, language, consent_at, invited_at, answered_at,
                      declined_at, decline_reason, cancelled_at, would_work_again, comments, excluded_from_score,
                      exclusion_reason, ratings: [{competency, score, example}]}],
        resume_file, resume_text}]}

Lists run oldest first except offers and slot offers (newest first, as their pages show them).
``chosen_starts_at`` is the start of the interview booked from the offer (null until a time is chosen).
``references`` are the referees the person named and what they answered (candidates/references.py): an
opinion about the person, so theirs to read; the referee's answering address (kept only as a hash) and
the time they took are not in it. References run in the order the referees were named.

The number of queries does not grow with the number of applications (every relation is prefetched).
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from candidates import references
from candidates.models import Candidate, Referee, ReferenceRating, ResumeAccess, StageChange
from evaluations.models import AssessmentAttempt, Scorecard, SlotOffer

_UNSAFE_IN_NAME = re.compile(r"[^\w .()-]")


def _interview(interview) -> dict:
    return {
        "kind": interview.kind, "starts_at": interview.starts_at, "duration_minutes": interview.duration_minutes,
        "location": interview.location, "status": interview.status,
        # The candidate's own request for another time (evaluations/reschedule_requests.py), if any.
        "reschedule_request": interview.reschedule_request_note, "reschedule_requested_at": interview.reschedule_requested_at,
    }


def _offer(offer, letter_file: str) -> dict:
    return {
        "status": offer.status, "pay": offer.pay, "contract_type": offer.contract_type,
        "start_date": offer.start_date, "end_date": offer.end_date, "weekly_hours": offer.weekly_hours,
        "notes": offer.notes, "drafted_at": offer.created_at, "sent_at": offer.sent_at,
        "answered_at": offer.responded_at, "decline_reason": offer.decline_reason,
        "decline_details": offer.decline_details, "letter_file": letter_file,
        "steps": [{"from": s.from_status, "to": s.to_status, "at": s.at, "comment": s.comment}
                  for s in offer.steps.all()],
    }


def _slot_offer(offer: SlotOffer) -> dict:
    return {
        "kind": offer.kind, "duration_minutes": offer.duration_minutes, "location": offer.location,
        "status": offer.status, "offered_at": offer.created_at, "expires_at": offer.expires_at,
        "times": [slot.starts_at for slot in offer.slots.all()],
        "chosen_starts_at": offer.interview.starts_at if offer.interview else None,
        "other_times_note": offer.request_note, "other_times_asked_at": offer.requested_at,
    }


def _assessments(candidate: Candidate) -> dict[int, list[dict]]:
    """The online assessments by application (evaluations/assessments.py): what was shown, with the key it was
    scored by, what the person answered and when, the scores and HR's exclusions (two queries)."""
    attempts: dict[int, list[dict]] = {}
    for a in AssessmentAttempt.objects.filter(application__candidate=candidate).prefetch_related("exclusions"):
        attempts.setdefault(a.application_id, []).append({
            "status": a.status, "sent_at": a.sent_at, "started_at": a.started_at, "deadline_at": a.deadline_at,
            "finished_at": a.finished_at, "time_limit_minutes": a.time_limit_minutes, "extra_time": a.extra_time,
            "pages": a.pages, "answers": a.answers, "timings": a.timings, "late_pages": a.late_pages,
            "scores": a.scores, "excluded": a.excluded,
            "exclusions": [{"excluded": e.excluded, "reason": e.reason, "at": e.at} for e in a.exclusions.all()],
        })
    return attempts


def archive_name(uploaded: str) -> str:
    """The name a file the candidate uploaded takes in the archive: its last part, keeping letters, digits,
    spaces, dots, dashes, underscores and brackets (no folder, no "..", no backslash an unzip tool could follow),
    without leading or trailing dots; "resume" if nothing is left. Composed first (NFC), so an accent typed as a
    separate mark stays on its letter."""
    last = unicodedata.normalize("NFC", uploaded).replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_IN_NAME.sub("", last).strip(" .") or "resume"


def candidate_export(*, candidate: Candidate, user) -> bytes:
    """A ZIP with data.json (everything held about the person, shape above) and their files."""
    applications = candidate.applications.select_related("position", "rejection_reason").prefetch_related(
        "answers", "notes", "emails", "declared_skills", "interviews", "offers__steps",
        Prefetch("stage_changes", queryset=StageChange.objects.select_related("rejection_reason")),
        Prefetch(
            "interviews__scorecards",
            queryset=Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).prefetch_related("ratings"),
            to_attr="submitted_scorecards",
        ),
        Prefetch("slot_offers", queryset=SlotOffer.objects.select_related("interview").prefetch_related("slots")),
        Prefetch("referees", queryset=Referee.objects.order_by("invited_at", "pk").prefetch_related(
            Prefetch("ratings", queryset=ReferenceRating.objects.select_related("competency")))),
    )
    data = {
        "exported_at": timezone.now(),
        "candidate": {
            "first_name": candidate.first_name, "last_name": candidate.last_name, "email": candidate.email,
            "phone": candidate.phone, "town": candidate.town, "language": candidate.language,
            "created_at": candidate.created_at,
        },
        "erasure_requests": [
            {"requested_at": r.requested_at, "confirmed_at": r.confirmed_at, "deadline": r.deadline,
             "completed_at": r.completed_at}
            for r in candidate.erasure_requests.order_by("requested_at", "pk")
        ],
        "applications": [],
    }
    accesses = []
    assessments = _assessments(candidate)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for application in applications:
            resume_file = ""
            if application.resume and application.resume.storage.exists(application.resume.name):
                resume_file = f"files/{application.pk}-{archive_name(application.resume_name)}"
                with application.resume.open("rb") as handle:
                    archive.writestr(resume_file, handle.read())
                accesses.append(ResumeAccess(application=application, user=user, action=ResumeAccess.Action.EXPORT))
            offers = []
            for offer in application.offers.all():
                letter_file = ""
                if offer.letter_pdf:
                    letter_file = f"files/{application.pk}-offer-{offer.pk}.pdf"
                    archive.writestr(letter_file, bytes(offer.letter_pdf))
                offers.append(_offer(offer, letter_file))
            interviews = list(application.interviews.all())
            data["applications"].append({
                "position": application.position.title,
                "applied_at": application.applied_at,
                "stage": application.stage,
                "education_level": application.get_education_level_display(),
                "field_of_study": application.field_of_study,
                "years_experience": application.years_experience,
                "skills_declared": [s.name for s in application.declared_skills.all()],
                "other_skills": application.other_skills,
                "cover_letter": application.cover_letter,
                "source": application.source,
                "privacy_notice": {"version": application.privacy_notice_version,
                                   "acknowledged_at": application.privacy_acknowledged_at},
                "future_roles_consent": application.future_roles_consent,
                "answers": [{"question": a.question_text, "answer": a.value} for a in application.answers.all()],
                "stage_changes": [
                    {"from": c.from_stage, "to": c.to_stage, "at": c.changed_at, "note": c.note,
                     "reason": c.rejection_reason.name_en if c.rejection_reason else ""}
                    for c in application.stage_changes.all()
                ],
                "notes": [{"at": n.created_at, "text": n.body} for n in application.notes.all()],
                "emails": [{"at": e.created_at, "subject": e.subject, "body": e.body, "status": e.status}
                           for e in application.emails.all()],
                "interviews": [_interview(i) for i in interviews],
                # Interviews run in time order and each one's scorecards by id: the scorecards' own ordering.
                "scorecards": [
                    {"recommendation": s.recommendation, "takeaways": s.takeaways,
                     "ratings": [{"criterion": r.label, "score": r.score, "note": r.note} for r in s.ratings.all()]}
                    for i in interviews for s in i.submitted_scorecards
                ],
                "offers": offers,
                "slot_offers": [_slot_offer(o) for o in application.slot_offers.all()],
                "assessments": assessments.get(application.pk, []),
                "references": [references.export(r) for r in application.referees.all()],
                "resume_file": resume_file,
                "resume_text": application.resume_text,
            })
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    # One write for every résumé handed out, whatever the number of applications.
    ResumeAccess.objects.bulk_create(accesses)
    return buffer.getvalue()
