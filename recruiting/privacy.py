"""A person's data, gathered across the apps for the right of access (export)."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from candidates.models import Candidate, ResumeAccess
from evaluations.models import Scorecard


def candidate_export(*, candidate: Candidate, user) -> bytes:
    """A ZIP with data.json (everything held about the person) and their résumé files."""
    applications = candidate.applications.select_related("position", "rejection_reason").prefetch_related(
        "answers", "stage_changes", "notes", "emails", "declared_skills", "interviews"
    )
    data = {
        "exported_at": timezone.now(),
        "candidate": {
            "first_name": candidate.first_name, "last_name": candidate.last_name, "email": candidate.email,
            "phone": candidate.phone, "town": candidate.town, "language": candidate.language,
            "created_at": candidate.created_at,
        },
        "applications": [],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for application in applications:
            resume_file = ""
            if application.resume and application.resume.storage.exists(application.resume.name):
                resume_file = f"files/{application.pk}-{application.resume_name or 'resume'}"
                with application.resume.open("rb") as handle:
                    archive.writestr(resume_file, handle.read())
                ResumeAccess.objects.create(application=application, user=user, action=ResumeAccess.Action.EXPORT)
            scorecards = Scorecard.objects.filter(
                interview__application=application, status=Scorecard.Status.SUBMITTED
            ).prefetch_related("ratings")
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
                "interviews": [{"kind": i.kind, "starts_at": i.starts_at, "status": i.status}
                               for i in application.interviews.all()],
                "scorecards": [
                    {"recommendation": s.recommendation, "takeaways": s.takeaways,
                     "ratings": [{"criterion": r.label, "score": r.score, "note": r.note} for r in s.ratings.all()]}
                    for s in scorecards
                ],
                "resume_file": resume_file,
                "resume_text": application.resume_text,
            })
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    return buffer.getvalue()
