"""Demo accounts and back-office positions in Italian and English. Safe to run again."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from candidates import references, stages
from candidates import services as candidate_services
from candidates.models import Application, RejectionReason, Stage, StageChange
from candidates.pdfwriter import simple_pdf
from core.roles import HR_MANAGER, INTERVIEWER
from evaluations import assessments, ranking, scheduling, scorecards
from evaluations.models import AssessmentAttempt, AssessmentExercise, AssessmentItem, Interview
from positions import role_templates, services
from positions.models import Competency, Position, WorkMode

PASSWORD = "demo-pass-2026"

USERS = [
    # username, first name, last name, e-mail, superuser, group
    ("admin", "Ada", "Amministratore", "admin@example.invalid", True, None),
    ("hr", "Giulia", "Ferri", "hr@example.invalid", False, HR_MANAGER),
    ("interviewer", "Marco", "Conti", "interviewer@example.invalid", False, INTERVIEWER),
    ("interviewer2", "Sara", "Lombardi", "interviewer2@example.invalid", False, INTERVIEWER),
]

# template slug, language, location, work mode, status, days since published, days to closing
POSITIONS = [
    ("accounts-payable-clerk", "it", "Milano", WorkMode.HYBRID, Position.Status.OPEN, 3, 40),
    ("accounts-payable-clerk", "en", "Milano", WorkMode.HYBRID, Position.Status.OPEN, 5, 40),
    ("bookkeeper", "it", "Bologna", WorkMode.ON_SITE, Position.Status.OPEN, 8, 30),
    ("payroll-assistant", "it", "Torino", WorkMode.ON_SITE, Position.Status.OPEN, 12, None),
    ("records-clerk", "it", "Roma", WorkMode.ON_SITE, Position.Status.OPEN, 2, 25),
    ("hr-administrator", "en", "Milano", WorkMode.HYBRID, Position.Status.OPEN, 6, 35),
    ("customer-support-specialist", "en", "Padova", WorkMode.REMOTE, Position.Status.OPEN, 1, 45),
    ("customer-support-specialist", "it", "Padova", WorkMode.REMOTE, Position.Status.ON_HOLD, 20, None),
    ("office-administrator", "it", "Firenze", WorkMode.ON_SITE, Position.Status.DRAFT, None, None),
    ("data-entry-clerk", "en", "Verona", WorkMode.ON_SITE, Position.Status.CLOSED, 60, None),
]


# first, last, town, education level, years in a similar role, stage, language
PEOPLE = [
    ("Chiara", "Ferrara", "Milano", 2, 4, Stage.APPLIED, "it"),
    ("Davide", "Moretti", "Monza", 4, 1, Stage.SCREENING, "it"),
    ("Elena", "Galli", "Bologna", 2, 6, Stage.INTERVIEW, "it"),
    ("Tom", "Hughes", "Milano", 5, 3, Stage.OFFER, "en"),
    ("Francesca", "Rinaldi", "Torino", 3, 2, Stage.HIRED, "it"),
    ("Giorgio", "Fontana", "Roma", 1, 1, Stage.REJECTED, "it"),
    ("Sofia", "Caruso", "Padova", 4, 2, Stage.WITHDRAWN, "it"),
    ("Priya", "Sharma", "Milano", 5, 0, Stage.APPLIED, "en"),
    ("Luca", "Mancini", "Verona", 2, 3, Stage.SCREENING, "it"),
    ("Martina", "Costa", "Firenze", 4, 5, Stage.INTERVIEW, "it"),
    ("James", "Walker", "Milano", 4, 2, Stage.APPLIED, "en"),
    ("Alessia", "Greco", "Bergamo", 2, 1, Stage.APPLIED, "it"),
    ("Paolo", "Bruno", "Brescia", 3, 7, Stage.SCREENING, "it"),
    ("Irene", "Marino", "Roma", 6, 0, Stage.REJECTED, "it"),
    ("Marco", "De Luca", "Napoli", 2, 2, Stage.INTERVIEW, "it"),
    ("Hannah", "Fischer", "Bolzano", 4, 4, Stage.APPLIED, "en"),
]

TAKEAWAYS = [
    "Precisa e calma; ha spiegato bene come gestisce le scadenze di fine mese.",
    "Very courteous with the role-play client; would need some SAP training.",
    "Buona esperienza con le riconciliazioni; comunicazione chiara e cordiale.",
]

COVER_LETTERS = {
    "it": "Lavoro da alcuni anni in amministrazione e mi piace tenere i conti in ordine. "
    "Cerco un ambiente dove collaborare con i colleghi e con i clienti.",
    "en": "I have worked in back-office roles for some years and enjoy keeping records accurate. "
    "I am looking for a team where I can work closely with colleagues and clients.",
}
RESUME_LINES = {
    "it": ("Esperienza: %d anni in ruoli di back office", "Lingue: italiano, inglese"),
    "en": ("Experience: %d years in back-office roles", "Languages: English, Italian"),
}


EXAMPLE = {
    "it": "Ha gestito con calma e precisione la chiusura di fine anno, spiegando ai colleghi ogni passaggio.",
    "en": "Handled the year-end close calmly and precisely, walking colleagues through every step.",
}


def _good_answer(page: dict, number: int) -> dict:
    """A demo candidate's answers: the best option, except on every other item; every exercise done right."""
    if page["kind"] == "judgement":
        return {item["code"]: next(n for n, o in enumerate(item["options"]) if o["rank"] == (number + i) % 2)
                for i, item in enumerate(page["items"])}
    content = page["content"]
    if page["exercise_kind"] == AssessmentExercise.Kind.MATCHING:
        return {invoice["id"]: content["pairs"].get(invoice["id"], "") for invoice in content["invoices"]}
    if page["exercise_kind"] == AssessmentExercise.Kind.PAYROLL_ERRORS:
        return {"ticked": list(content["errors"])}
    return {field["key"]: field["answer"] for field in content["fields"]}


class Command(BaseCommand):
    help = "Load demo accounts and positions (idempotent)."

    # Demo e-mails go nowhere: the timeline still shows them as sent.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    @transaction.atomic
    def handle(self, *args, **options):
        users = self._users()
        created = 0
        for slug, language, location, work_mode, status, days_ago, closes_in in POSITIONS:
            position_slug = f"{slug}-{language}"
            if Position.objects.filter(slug=position_slug).exists():
                continue
            self._position(
                users, role_templates.get_template(slug), language, position_slug, location, work_mode,
                status, days_ago, closes_in,
            )
            created += 1
        applications = self._applications(users["hr"])
        interviews = self._interviews(users)
        self._evidence(users["hr"])
        ranking.rescore()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} accounts, {created} new positions, {applications} new applications, "
                f"{interviews} new interviews."
            )
        )

    def _applications(self, hr) -> int:
        created = 0
        positions = list(Position.objects.filter(slug__in=[f"{p[0]}-{p[1]}" for p in POSITIONS], status="open"))
        for index, (first, last, town, education, years, stage, language) in enumerate(PEOPLE):
            position = positions[index % len(positions)]
            email = f"{first}.{last}@example.invalid".lower().replace(" ", "")
            if Application.objects.filter(candidate__email_normalized=email, position=position).exists():
                continue
            skills = list(position.position_skills.values_list("skill_id", flat=True))
            data = candidate_services.ApplicationData(
                first_name=first, last_name=last, email=email, phone="+39 02 5550 %04d" % index, town=town,
                education_level=education, years_experience=years,
                skill_ids=skills[: 2 + index % 3], cover_letter=COVER_LETTERS[language],
                answers={q.pk: "yes" for q in position.screening_questions.all()},
                future_roles_consent=index % 2 == 0, source=["job_board", "linkedin", "referral", "indeed"][index % 4],
            )
            resume = simple_pdf(
                [f"{first} {last}", town, RESUME_LINES[language][0] % years]
                + [name for name in position.position_skills.values_list("skill__name", flat=True)[: 2 + index % 3]]
                + [RESUME_LINES[language][1]]
            )
            application, _new = candidate_services.application_submit(
                position=position,
                data=data,
                resume=candidate_services.ResumeUpload(name=f"CV {first} {last}.pdf", data=resume, kind="pdf"),
                language=language,
                token=uuid.uuid5(uuid.NAMESPACE_URL, email + position.slug),
            )
            self._advance(application, stage, hr)
            self._backdate(application, days_ago=20 + index * 2)
            created += 1
        return created

    def _interviews(self, users) -> int:
        """Past interviews with submitted and overdue scorecards, and upcoming ones."""
        created = 0
        panel = [users["interviewer"], users["interviewer2"]]
        hr = users["hr"]
        applications = Application.objects.filter(
            stage__in=[Stage.INTERVIEW, Stage.OFFER], interviews__isnull=True,
            candidate__email_normalized__endswith="@example.invalid",
        ).select_related("position").order_by("pk")
        now = timezone.now()
        for index, application in enumerate(applications):
            past = application.stage != Stage.INTERVIEW or index % 2 == 0
            starts_at = (now + datetime.timedelta(days=2 + index)).replace(minute=0, second=0, microsecond=0)
            interview = scheduling.interview_schedule(
                application=application, kind=[Interview.Kind.COMPETENCY, Interview.Kind.ROLE_PLAY][index % 2],
                starts_at=starts_at.replace(hour=10 + index % 6), duration_minutes=45,
                location="Sala riunioni 2, via Torino 12, Milano" if index % 2 else "https://meet.example.invalid/colloquio",
                interviewers=panel, user=hr,
            )
            created += 1
            if not past:
                continue
            # Move it into the past, as if it had happened.
            Interview.objects.filter(pk=interview.pk).update(starts_at=now - datetime.timedelta(days=1 + index, hours=3))
            for scorecard in interview.scorecards.all():
                overdue = scorecard.interviewer == users["interviewer2"] and application.stage == Stage.INTERVIEW
                if overdue:
                    continue
                score = 3 + (index + scorecard.interviewer_id) % 2
                scorecards.scorecard_save(
                    scorecard=scorecard,
                    scores={rating.criterion: score for rating in scorecard.ratings.all()},
                    notes={},
                    recommendation="strong_yes" if score == 4 else "yes",
                    takeaways=TAKEAWAYS[index % len(TAKEAWAYS)],
                    user=scorecard.interviewer,
                )
                scorecards.scorecard_submit(scorecard=scorecard, user=scorecard.interviewer)
        return created

    def _evidence(self, hr) -> None:
        """An assessment plan per open position, one assessment taken, and one reference answered, so the ranking's
        evidence sources show in the demo (each only once: a second run finds them)."""
        for position in Position.objects.filter(slug__in=[f"{p[0]}-{p[1]}" for p in POSITIONS], status="open"):
            if assessments.plan_for(position) is None:
                items = AssessmentItem.objects.filter(active=True, competency__in=position.competencies.all())
                assessments.plan_save(
                    position=position, enabled=True, time_limit_minutes=20,
                    judgement_counts={pk: 1 for pk in items.values_list("competency", flat=True).distinct()},
                    exercises=AssessmentExercise.objects.exclude(kind=AssessmentExercise.Kind.DATA_ENTRY),
                )
        demo = Application.objects.filter(candidate__email_normalized__endswith="@example.invalid")
        taker = demo.filter(stage=Stage.INTERVIEW, assessment_attempt__isnull=True).order_by("pk").first()
        if taker is not None and not AssessmentAttempt.objects.filter(application__in=demo).exists():
            attempt = assessments.assessment_start(attempt=assessments.assessment_send(application=taker, user=hr),
                                                   extra_time=False)
            for number, page in enumerate(attempt.pages):
                assessments.page_submit(attempt=attempt, page=number, answer=_good_answer(page, number))
        referred = demo.filter(stage=Stage.OFFER).order_by("pk").first()
        if referred is not None and not referred.referees.exists():
            references.reference_ask(application=referred, user=hr, how_many=1)
            [referee] = references.referees_name(application=referred, consent=True, referees=[references.RefereeData(
                name="Paola Neri", email="paola.neri@studio-neri.example.invalid", relationship="manager",
                period="2019–2024", language=referred.candidate.language)])
            references.reference_answer(referee=referee, address="192.0.2.10", answer=references.Answer(
                scores={c.pk: (4, EXAMPLE[referee.language]) for c in references.competencies_for(referee)},
                would_work_again="yes"))

    def _backdate(self, application, *, days_ago):
        """Spread the story over the past weeks, so reports and timelines read like real ones."""
        applied = timezone.now() - datetime.timedelta(days=days_ago)
        Application.objects.filter(pk=application.pk).update(applied_at=applied, last_activity_at=applied)
        for step, change in enumerate(application.stage_changes.order_by("changed_at", "pk")):
            StageChange.objects.filter(pk=change.pk).update(changed_at=applied + datetime.timedelta(days=3 * step))
        application.emails.update(created_at=applied, sent_at=applied)

    def _advance(self, application, stage, hr):
        """Step by step through the pipeline to `stage`, as HR would; a closed stage straight from applied."""
        if stages.is_closed(stage):
            kind = "we_rejected" if stage == Stage.REJECTED else "they_withdrew"
            candidate_services.application_reject(
                application=application, reason=RejectionReason.objects.filter(kind=kind).first(), user=hr
            )
            return
        for step in stages.ACTIVE[1 : stages.ACTIVE.index(stage) + 1]:
            candidate_services.application_move(
                application=application, to_stage=step, user=hr, confirm_hire=step == Stage.HIRED
            )

    def _users(self):
        User = get_user_model()
        users = {}
        for username, first, last, email, superuser, group in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": email, "is_superuser": superuser, "is_staff": superuser},
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users

    def _position(self, users, template, language, slug, location, work_mode, status, days_ago, closes_in):
        draft = role_templates.position_fields(template, language)
        today = timezone.localdate()
        position = Position(
            **draft.fields,
            slug=slug,
            department={"accounting": "Amministrazione", "personnel": "Risorse umane"}.get(template.function, "Servizi generali"),
            location=location,
            work_mode=work_mode,
            closing_date=today + datetime.timedelta(days=closes_in) if closes_in else None,
            hiring_manager=users["hr"],
        )
        services.position_save(
            position=position,
            duties=[services.DutyData(d, s, e) for d, s, e in draft.duties],
            skills=[services.SkillData(n, i, w) for n, i, w in draft.skills],
            competencies=Competency.objects.filter(slug__in=draft.competencies),
            panel=[users["interviewer"], users["interviewer2"]],
            user=users["hr"],
        )
        if status != Position.Status.DRAFT:
            services.position_publish(position=position, user=users["hr"])
            published_at = timezone.now() - datetime.timedelta(days=days_ago or 0)
            Position.objects.filter(pk=position.pk).update(status=status, published_at=published_at)
