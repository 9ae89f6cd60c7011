"""Reference data that production needs is loaded by migrations and put back after a flush."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from cycles.models import ChecklistTemplateItem, Step
from trygg.models import Municipality


def _counts():
    return (
        Municipality.objects.count(),
        Step.objects.count(),
        ChecklistTemplateItem.objects.count(),
        Group.objects.filter(
            name__in=["Samordnare", "Partnerredaktör", "Styrelseläsare", "Administratör"]
        ).count(),
    )


@pytest.mark.django_db
def test_migrations_load_the_reference_data():
    assert _counts() == (290, 5, 24, 4)
    assert Municipality.objects.get(code="0763").county_name == "Kronobergs län"


@pytest.mark.django_db(transaction=True)
def test_reference_data_is_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert _counts() == (290, 5, 24, 4)
