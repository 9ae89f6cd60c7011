"""factory_boy factories: one per model, no surprising side effects, no demo data."""

import factory
from django.contrib.auth import get_user_model

from trygg.models import AccessibilityFeedback, ProgrammeGoal
from trygg.roles import set_roles

DEFAULT_PASSWORD = "ett-bra-losenord-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted is not None:
            set_roles(self, extracted)


class ProgrammeGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeGoal

    text = factory.Sequence(lambda n: f"Mål nummer {n}")
    order = factory.Sequence(int)


class AccessibilityFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessibilityFeedback

    description = "Knappen går inte att nå med tangentbordet."
