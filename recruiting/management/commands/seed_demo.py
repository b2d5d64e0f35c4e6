"""Demo accounts and back-office positions in Italian and English. Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from positions import role_templates, services
from positions.models import Competency, Position, WorkMode
from recruiting.roles import HR_MANAGER, INTERVIEWER

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


class Command(BaseCommand):
    help = "Load demo accounts and positions (idempotent)."

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
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(users)} accounts, {created} new positions."))

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
        variant = template.variant(language)
        today = timezone.localdate()
        position = Position(
            title=variant.title,
            slug=slug,
            language=language,
            function=template.function,
            department={"accounting": "Amministrazione", "personnel": "Risorse umane"}.get(template.function, "Servizi generali"),
            location=location,
            work_mode=work_mode,
            summary=variant.summary,
            education_min=template.education_min,
            education_preferred=template.education_preferred,
            field_of_study=variant.field_of_study,
            experience_min_years=template.experience_min_years,
            experience_preferred_years=template.experience_preferred_years,
            substitution=template.substitution,
            years_per_level=template.years_per_level,
            pay_min=template.pay[0],
            pay_max=template.pay[1],
            closing_date=today + datetime.timedelta(days=closes_in) if closes_in else None,
            hiring_manager=users["hr"],
        )
        services.position_save(
            position=position,
            duties=[services.DutyData(d, s, e) for d, s, e in variant.duties],
            skills=[services.SkillData(n, i, w) for n, i, w in variant.skills],
            competencies=Competency.objects.filter(slug__in=template.competencies),
            panel=[users["interviewer"], users["interviewer2"]],
            user=users["hr"],
        )
        if status != Position.Status.DRAFT:
            services.position_publish(position=position, user=users["hr"])
            published_at = timezone.now() - datetime.timedelta(days=days_ago or 0)
            Position.objects.filter(pk=position.pk).update(status=status, published_at=published_at)
