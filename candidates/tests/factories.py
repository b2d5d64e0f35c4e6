import uuid

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from candidates.models import Application, Candidate, Stage, StageChange
from candidates.pdfwriter import simple_pdf
from positions.tests.factories import OpenPositionFactory


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    email = factory.Sequence(lambda n: f"candidate{n}@example.invalid")
    phone = "+39 02 1234 5678"
    town = "Milano"
    language = "it"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    position = factory.SubFactory(OpenPositionFactory)
    education_level = 2
    years_experience = 3
    resume = factory.LazyAttribute(
        lambda a: ContentFile(simple_pdf([a.candidate.first_name, "Accounts payable, SAP, reconciliations"]), name="cv.pdf")
    )
    resume_name = "cv.pdf"
    resume_text = "Accounts payable, SAP, reconciliations"
    resume_text_status = Application.TextStatus.EXTRACTED
    privacy_acknowledged_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"
    submission_token = factory.LazyFunction(uuid.uuid4)
    meets_requirements = True

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            StageChange.objects.create(application=self, from_stage="", to_stage=Stage.APPLIED)
            if self.stage != Stage.APPLIED:
                StageChange.objects.create(application=self, from_stage=Stage.APPLIED, to_stage=self.stage)
