import datetime

import factory
from django.utils import timezone

from positions.models import Competency, Duty, Position, PositionSkill, Skill
from positions.requirements import EducationLevel, Substitution


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    """A position that satisfies the publish rule; ``status`` defaults to draft."""

    class Meta:
        model = Position
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Accounts payable clerk {n}")
    slug = factory.Sequence(lambda n: f"accounts-payable-clerk-{n}")
    language = "en"
    function = "accounting"
    department = "Finance"
    location = "Milano"
    summary = "You keep supplier payments accurate and on time."
    education_min = EducationLevel.UPPER_SECONDARY
    education_preferred = EducationLevel.BACHELOR
    experience_min_years = 3
    experience_preferred_years = 5
    substitution = Substitution.BOTH_WAYS
    years_per_level = 2
    pay_min = 24000
    pay_max = 30000
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def duties(self, create, extracted, **kwargs):
        if not create:
            return
        texts = extracted if extracted is not None else ["Record supplier invoices", "Prepare the payment run"]
        Duty.objects.bulk_create(Duty(position=self, order=i, description=t) for i, t in enumerate(texts))

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if not create:
            return
        names = extracted if extracted is not None else ["Accounts payable", "SAP"]
        PositionSkill.objects.bulk_create(
            PositionSkill(position=self, skill=SkillFactory(name=name), order=i) for i, name in enumerate(names)
        )

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if not create:
            return
        slugs = extracted if extracted is not None else ["communication", "teamwork"]
        self.competencies.set(Competency.objects.filter(slug__in=slugs))


class OpenPositionFactory(PositionFactory):
    status = Position.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)
