import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import HR_MANAGER, INTERVIEWER

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        group = {"hr": HR_MANAGER, "interviewer": INTERVIEWER}.get(extracted)
        if create and group:
            self.groups.add(Group.objects.get(name=group))
