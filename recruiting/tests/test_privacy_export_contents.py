"""The right-of-access export (recruiting/privacy.py), key by key, on a world with one of everything held about a person.

The rows are written directly with fixed times, so data.json can be compared whole: a key added, renamed or
dropped, or a row of somebody else, fails here. The services that write these rows have their own tests.
"""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from candidates.models import (
    CandidateEmail,
    EmailTemplate,
    ErasureRequest,
    Note,
    Offer,
    OfferStep,
    ResumeAccess,
    Stage,
)
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.models import Interview, Rating, Scorecard, Slot, SlotOffer
from positions.tests.factories import OpenPositionFactory, SkillFactory
from recruiting.privacy import candidate_export
from recruiting.tests.factories import UserFactory

T0 = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)
D = datetime.timedelta(days=1)
H = datetime.timedelta(hours=1)
LETTER = b"%PDF-1.4 the letter as sent"


class Clock:
    """timezone.now for the code under test (auto_now_add fields included), moved by the test."""

    def __init__(self, monkeypatch):
        self.now = T0
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def at(self, when):
        self.now = when
        return self


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def people(reference_data, hr, interviewer, other_interviewer):
    return {"hr": hr, "marco": interviewer, "sara": other_interviewer,
            "elena": UserFactory(username="elena", first_name="Elena", last_name="Rossi", role="interviewer")}


def one_of_each(clock, people, *, candidate, title, mark=""):
    """An application at the offer stage holding one row of every kind; `mark` tags every free text."""
    clock.at(T0)
    application = ApplicationFactory(
        candidate=candidate, position=OpenPositionFactory(title=title), stage=Stage.OFFER,
        cover_letter=f"Lettera{mark}", field_of_study="Economia", other_skills=f"Excel{mark}",
        future_roles_consent=True, source="linkedin", privacy_acknowledged_at=T0,
    )
    application.declared_skills.add(SkillFactory(name="Contabilità generale"))
    application.answers.create(question_text="Patente B?", value=f"sì{mark}")
    clock.at(T0 + 1 * D)
    Note.objects.create(application=application, author=people["hr"], body=f"Molto chiara al telefono{mark}")
    CandidateEmail.objects.create(
        application=application, kind=EmailTemplate.Kind.CONFIRMATION, key=f"confirmation:{application.pk}",
        to=candidate.email, language="it", subject=f"Candidatura ricevuta{mark}", body=f"Gentile {candidate.first_name}",
        status=CandidateEmail.Status.SENT,
    )

    # Self-scheduling: the candidate first asks for other times, then picks one of those offered.
    clock.at(T0 + 2 * D)
    slot_offer = SlotOffer.objects.create(
        application=application, kind=Interview.Kind.COMPETENCY, duration_minutes=60,
        location=f"Sala riunioni 2, via Roma 1, Milano{mark}", expires_at=T0 + 9 * D, created_by=people["hr"],
    )
    for day in (7, 8):
        Slot.objects.create(offer=slot_offer, starts_at=T0 + day * D)
    clock.at(T0 + 3 * D)
    slot_offer.request_note, slot_offer.requested_at = f"Solo di pomeriggio, per favore{mark}", T0 + 3 * D
    slot_offer.save()
    clock.at(T0 + 4 * D)
    interview = Interview.objects.create(
        application=application, kind=slot_offer.kind, starts_at=T0 + 8 * D, duration_minutes=60,
        location=slot_offer.location, created_by=people["hr"],
        reschedule_request_note=f"Posso solo dopo le 17{mark}", reschedule_requested_at=T0 + 5 * D,
        reschedule_request_sequence=0,
    )
    interview.interviewers.set([people["marco"], people["sara"]])
    slot_offer.status, slot_offer.interview = SlotOffer.Status.TAKEN, interview
    slot_offer.save()

    clock.at(T0 + 9 * D)
    submitted = Scorecard.objects.create(
        interview=interview, interviewer=people["marco"], status=Scorecard.Status.SUBMITTED, recommendation="yes",
        takeaways=f"Precisa{mark}", submitted_at=T0 + 9 * D,
    )
    Rating.objects.create(scorecard=submitted, group=Rating.Group.SKILLS, criterion="skill:1",
                          label="Contabilità generale", order=0, score=3, note=f"Conosce SAP{mark}")
    draft = Scorecard.objects.create(interview=interview, interviewer=people["sara"], takeaways=f"Bozza{mark}")
    Rating.objects.create(scorecard=draft, group=Rating.Group.SKILLS, criterion="skill:1",
                          label="Contabilità generale", order=0, score=1, note=f"Non finito{mark}")

    # An offer taken through approval, sent and declined.
    clock.at(T0 + 10 * D)
    offer = Offer.objects.create(
        application=application, pay=Decimal("28500.00"), start_date=datetime.date(2027, 3, 1),
        contract_type=Offer.ContractType.FIXED_TERM, end_date=datetime.date(2028, 2, 29),
        weekly_hours=Decimal("30.0"), notes=f"Budget approvato{mark}", created_by=people["hr"],
    )
    steps = [("", "draft", people["hr"], ""), ("draft", "awaiting", people["hr"], f"Nella fascia{mark}"),
             ("awaiting", "approved", people["elena"], f"Va bene, non oltre{mark}"),
             ("approved", "sent", people["hr"], ""), ("sent", "declined", None, "")]
    for hours, (from_status, to_status, by, comment) in enumerate(steps):
        clock.at(T0 + 10 * D + hours * H)
        OfferStep.objects.create(offer=offer, from_status=from_status, to_status=to_status, by=by, comment=comment)
    Offer.objects.filter(pk=offer.pk).update(
        status=Offer.Status.DECLINED, sent_at=T0 + 10 * D + 3 * H, responded_at=T0 + 10 * D + 4 * H,
        decline_reason=Offer.DeclineReason.PAY, decline_details=f"Mi serve di più{mark}", letter_pdf=LETTER,
    )

    clock.at(T0 + 11 * D)
    ErasureRequest.objects.get_or_create(
        candidate=candidate, completed_at=None,
        defaults={"requested_at": T0 + 11 * D, "confirmed_at": T0 + 11 * D + H, "deadline": T0 + 41 * D + H},
    )
    return application, offer


def lia_data(application, offer) -> dict:
    """Everything held about Lia, as data.json must say it."""
    return {
        "exported_at": "2027-01-16T09:00:00Z",
        "candidate": {
            "first_name": "Lia", "last_name": "Conti", "email": "lia@example.invalid", "phone": "+39 0341 555 0199",
            "town": "Lecco", "language": "it", "created_at": "2027-01-04T09:00:00Z",
        },
        "erasure_requests": [
            {"requested_at": "2027-01-15T09:00:00Z", "confirmed_at": "2027-01-15T10:00:00Z",
             "deadline": "2027-02-14T10:00:00Z", "completed_at": None},
        ],
        "applications": [{
            "position": "Addetto alla contabilità",
            "applied_at": "2027-01-04T09:00:00Z",
            "stage": "offer",
            "education_level": "Upper-secondary diploma",
            "field_of_study": "Economia",
            "years_experience": 3,
            "skills_declared": ["Contabilità generale"],
            "other_skills": "Excel",
            "cover_letter": "Lettera",
            "source": "linkedin",
            "privacy_notice": {"version": "2026-11", "acknowledged_at": "2027-01-04T09:00:00Z"},
            "future_roles_consent": True,
            "answers": [{"question": "Patente B?", "answer": "sì"}],
            "stage_changes": [
                {"from": "", "to": "applied", "at": "2027-01-04T09:00:00Z", "note": "", "reason": ""},
                {"from": "applied", "to": "offer", "at": "2027-01-04T09:00:00Z", "note": "", "reason": ""},
            ],
            "notes": [{"at": "2027-01-05T09:00:00Z", "text": "Molto chiara al telefono"}],
            "emails": [{"at": "2027-01-05T09:00:00Z", "subject": "Candidatura ricevuta", "body": "Gentile Lia",
                        "status": "sent"}],
            "interviews": [{
                "kind": "competency", "starts_at": "2027-01-12T09:00:00Z", "duration_minutes": 60,
                "location": "Sala riunioni 2, via Roma 1, Milano", "status": "scheduled",
                "reschedule_request": "Posso solo dopo le 17", "reschedule_requested_at": "2027-01-09T09:00:00Z",
            }],
            # Marco's submitted card only: Sara's draft is not yet an assessment.
            "scorecards": [{"recommendation": "yes", "takeaways": "Precisa",
                            "ratings": [{"criterion": "Contabilità generale", "score": 3, "note": "Conosce SAP"}]}],
            "offers": [{
                "status": "declined", "pay": "28500.00", "contract_type": "fixed_term",
                "start_date": "2027-03-01", "end_date": "2028-02-29", "weekly_hours": "30.0",
                "notes": "Budget approvato", "drafted_at": "2027-01-14T09:00:00Z",
                "sent_at": "2027-01-14T12:00:00Z", "answered_at": "2027-01-14T13:00:00Z",
                "decline_reason": "pay", "decline_details": "Mi serve di più",
                "letter_file": f"files/{application.pk}-offer-{offer.pk}.pdf",
                "steps": [
                    {"from": "", "to": "draft", "at": "2027-01-14T09:00:00Z", "comment": ""},
                    {"from": "draft", "to": "awaiting", "at": "2027-01-14T10:00:00Z", "comment": "Nella fascia"},
                    {"from": "awaiting", "to": "approved", "at": "2027-01-14T11:00:00Z",
                     "comment": "Va bene, non oltre"},
                    {"from": "approved", "to": "sent", "at": "2027-01-14T12:00:00Z", "comment": ""},
                    {"from": "sent", "to": "declined", "at": "2027-01-14T13:00:00Z", "comment": ""},
                ],
            }],
            "slot_offers": [{
                "kind": "competency", "duration_minutes": 60, "location": "Sala riunioni 2, via Roma 1, Milano",
                "status": "taken", "offered_at": "2027-01-06T09:00:00Z", "expires_at": "2027-01-13T09:00:00Z",
                "times": ["2027-01-11T09:00:00Z", "2027-01-12T09:00:00Z"],
                "chosen_starts_at": "2027-01-12T09:00:00Z",
                "other_times_note": "Solo di pomeriggio, per favore", "other_times_asked_at": "2027-01-07T09:00:00Z",
            }],
            "references": [],  # candidates/tests/test_references_privacy.py covers their contents
            "assessments": [],  # evaluations/tests/test_assessments.py covers their contents
            "resume_file": f"files/{application.pk}-cv.pdf",
            "resume_text": "Accounts payable, SAP, reconciliations",
        }],
    }


def lia(clock, people):
    candidate = CandidateFactory(first_name="Lia", last_name="Conti", email="lia@example.invalid",
                                 phone="+39 0341 555 0199", town="Lecco", language="it")
    return one_of_each(clock, people, candidate=candidate, title="Addetto alla contabilità")


def _export(candidate, clock) -> zipfile.ZipFile:
    clock.at(T0 + 12 * D)
    return zipfile.ZipFile(io.BytesIO(candidate_export(candidate=candidate, user=None)))


def test_export_holds_exactly_every_kind_of_row_about_the_person(clock, people):
    application, offer = lia(clock, people)
    archive = _export(application.candidate, clock)
    assert json.loads(archive.read("data.json")) == lia_data(application, offer)


def test_export_carries_the_resume_and_the_offer_letter_as_sent_and_logs_the_resume_access(clock, people):
    application, offer = lia(clock, people)
    archive = _export(application.candidate, clock)
    assert archive.namelist() == [f"files/{application.pk}-cv.pdf", f"files/{application.pk}-offer-{offer.pk}.pdf",
                                  "data.json"]
    assert archive.read(f"files/{application.pk}-offer-{offer.pk}.pdf") == LETTER
    assert list(ResumeAccess.objects.values_list("application", "user", "action")) == [
        (application.pk, None, "export")]


def test_nothing_of_another_candidate_leaks_into_the_export(clock, people):
    application, offer = lia(clock, people)
    # Bruno applied to the same position and to another one, with one of everything, every text tagged.
    bruno = CandidateFactory(first_name="Bruno", last_name="Neri", email="bruno@example.invalid",
                             phone="+39 02 555 0777", town="Varese")
    same = one_of_each(clock, people, candidate=bruno, title="Addetto alla contabilità", mark=" [BRUNO]")[0]
    Offer.objects.filter(application__candidate=bruno).update(letter_pdf=b"%PDF-1.4 BRUNO's letter")
    one_of_each(clock, people, candidate=bruno, title="Magazziniere", mark=" [BRUNO]")

    archive = _export(application.candidate, clock)
    text = archive.read("data.json").decode("utf-8")
    assert json.loads(text) == lia_data(application, offer)
    assert [leak for leak in ("BRUNO", "Bruno", "Neri", "bruno@", "555 0777", "Varese", "Magazziniere")
            if leak in text] == []
    assert [name for name in archive.namelist() if name.startswith(f"files/{same.pk}-")] == []
    assert [name for name in archive.namelist() if b"BRUNO" in archive.read(name)] == []


@pytest.mark.parametrize("applications", [1, 3])
def test_export_query_count_does_not_grow_with_the_applications(clock, people, django_assert_num_queries,
                                                                applications):
    candidate = CandidateFactory(email="many@example.invalid")
    for number in range(applications):
        one_of_each(clock, people, candidate=candidate, title=f"Posizione {number}")
    # applications; answers, notes, e-mails, skills, interviews, offers, offer steps, stage changes,
    # submitted scorecards, their ratings, slot offers, their times, referees, assessments; erasure requests;
    # one résumé-access write (the referees' ratings and the assessments' exclusions are one more query each once
    # there are some).
    with django_assert_num_queries(17):
        archive = _export(candidate, clock)
    data = json.loads(archive.read("data.json"))
    assert [(len(a["offers"]), len(a["slot_offers"]), len(a["scorecards"])) for a in data["applications"]] == [
        (1, 1, 1)] * applications
    assert ResumeAccess.objects.count() == applications
