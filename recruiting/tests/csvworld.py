"""A small hiring world whose every exported figure is known in advance (the CSV and export content tests).

The clock stands still at NOW (``freeze``) while the world is built and while it is exported, so each
stay in a stage, each median, each "on time or late" and each date is exact. Two positions:

- ``ledger`` (not blind), "Contabile fornitori (Cantù)": a hire, a hostile name at the interview stage
  (rated by two interviewers, one on time with 4s, one late with 2s), a rejection, and a person erased
  after reaching screening;
- ``front`` (blind screening), titled like a spreadsheet formula: one application masked (never
  interviewed), one unmasked at the interview stage (an overdue draft scorecard, and a cancelled interview).

Stays in days, oldest stage first (the last one runs up to NOW):

=========  =======  =========  =========  =====  =====
person     applied  screening  interview  offer  then
=========  =======  =========  =========  =====  =====
hired      2        4          6          2      hired (14 days after applying)
hostile    1        3          26 (now)
rejected   5                                     rejected
erased     3        7 (now)
masked     4 (now)
unmasked   2                   6 (now)
=========  =======  =========  =========  =====  =====
"""

from __future__ import annotations

import datetime
import types

from django.utils import timezone

from candidates import privacy
from candidates import services as candidate_services
from candidates.models import Application, Candidate, RejectionReason, StageChange
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import ranking, scheduling
from evaluations.models import Scorecard
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

NOW = datetime.datetime(2026, 10, 16, 10, 0, tzinfo=datetime.UTC)  # 12:00 in Rome (summer time)
D = datetime.timedelta(days=1)
H = datetime.timedelta(hours=1)
HOSTILE = '=HYPERLINK("x")'
FRONT_TITLE = '=HYPERLINK("x","Receptionist")'
LEDGER_TITLE = "Contabile fornitori (Cantù)"
WINTER_DAY = datetime.datetime(2026, 1, 15, 9, 5, tzinfo=datetime.UTC)  # 10:05 in Rome (winter time)


def freeze(monkeypatch) -> None:
    """Every "now" in the code under test is NOW (timezone.now and everything built on it)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _history(application, stages, start) -> None:
    """The application's stage history: `stages` as (stage, days spent in it), from `start`."""
    StageChange.objects.filter(application=application).delete()
    at, previous = start, ""
    for stage, days in stages:
        change = StageChange.objects.create(application=application, from_stage=previous, to_stage=stage)
        StageChange.objects.filter(pk=change.pk).update(changed_at=at)
        at, previous = at + days * D, stage
    stage = stages[-1][0]
    kind = {"rejected": "we_rejected", "withdrawn": "they_withdrew"}.get(stage)
    reason = RejectionReason.objects.filter(kind=kind, active=True).first() if kind else None
    Application.objects.filter(pk=application.pk).update(
        stage=stage, rejection_reason=reason, applied_at=start, privacy_acknowledged_at=start
    )
    Candidate.objects.filter(pk=application.candidate_id).update(created_at=start)
    application.refresh_from_db()


def _apply(position, *, first_name, last_name, email, phone="+39 02 1234 5678", town="Milano", **fields):
    candidate = CandidateFactory(first_name=first_name, last_name=last_name, email=email, phone=phone, town=town)
    return ApplicationFactory(position=position, candidate=candidate, **fields)


def build(*, hr, interviewer) -> types.SimpleNamespace:
    """The world described above; call freeze() first."""
    niccolo = UserFactory(username="niccolo", first_name="@Niccolò", last_name="Ferrà", role="interviewer")
    ledger = OpenPositionFactory(title=LEDGER_TITLE, slug="contabile-fornitori", function="accounting",
                                 competencies=["communication"])
    front = OpenPositionFactory(title=FRONT_TITLE, slug="receptionist", function="office", blind_screening=True,
                                competencies=["communication"])

    hired = _apply(ledger, first_name="Zoë", last_name="Ñúñez", email="zoe.nunez@example.invalid", town="Cantù",
                   source="referral", education_level=4, years_experience=5)
    _history(hired, [("applied", 2), ("screening", 4), ("interview", 6), ("offer", 2), ("hired", 0)], NOW - 60 * D)
    hostile = _apply(ledger, first_name=HOSTILE, last_name="Bianchi", email="hostile@example.invalid",
                     phone="+39 (02) 555-0101", town="Como", source="job_board")
    _history(hostile, [("applied", 1), ("screening", 3), ("interview", 0)], NOW - 30 * D)
    rejected = _apply(ledger, first_name="Ilaria", last_name="D'Ambrosio", email="ilaria@example.invalid",
                      town="Lecco", source="job_board", years_experience=1, meets_requirements=False,
                      resume_text="Reception, Excel")
    _history(rejected, [("applied", 5), ("rejected", 0)], WINTER_DAY)
    erased = _apply(ledger, first_name="Ettore", last_name="Galli", email="ettore@example.invalid", source="linkedin")
    _history(erased, [("applied", 3), ("screening", 0)], NOW - 10 * D)
    masked = _apply(front, first_name="Chiara", last_name="Nicolò", email="chiara@example.invalid", town="Monza",
                    source="indeed", education_level=4, years_experience=2)
    _history(masked, [("applied", 0)], NOW - 4 * D)
    unmasked = _apply(front, first_name="Bruno", last_name="Abate", email="bruno@example.invalid", town="Pavia",
                      source="university", years_experience=4)
    _history(unmasked, [("applied", 2), ("interview", 0)], NOW - 8 * D)

    rated = schedule(application=hostile, interviewers=[interviewer, niccolo], hr=hr, starts_in=-3 * D)
    on_time = rate_everything(rated.scorecards.get(interviewer=interviewer), score=4)
    late = rate_everything(rated.scorecards.get(interviewer=niccolo), score=2)
    Scorecard.objects.filter(pk=on_time.pk).update(submitted_at=rated.ends_at + 2 * H)
    Scorecard.objects.filter(pk=late.pk).update(submitted_at=rated.ends_at + 2 * D)
    overdue = schedule(application=unmasked, interviewers=[interviewer], hr=hr, starts_in=-5 * H)
    cancelled = schedule(application=unmasked, interviewers=[niccolo], hr=hr, starts_in=-2 * D)
    scheduling.interview_cancel(interview=cancelled, user=hr)
    note = candidate_services.note_add(application=hostile, author=hr, body="Colloquio già fissato — ok")

    privacy.candidate_erase(candidate=erased.candidate, user=hr)
    ranking.rescore()
    for application in (hired, hostile, rejected, erased, masked, unmasked):
        application.refresh_from_db()
    return types.SimpleNamespace(
        hr=hr, marco=interviewer, niccolo=niccolo, ledger=ledger, front=front, hired=hired, hostile=hostile,
        rejected=rejected, erased=erased, masked=masked, unmasked=unmasked, rated=rated, on_time=on_time,
        late=late, overdue=overdue, cancelled=cancelled, note=note,
    )
