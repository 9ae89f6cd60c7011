"""Bad input in a problem: personnummer in the description, a focus area without a priority."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from lagesbild.models import Problem
from tests.lagesbild.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def test_problem_full_clean_refuses_personnummer_in_the_description():
    problem = ProblemFactory.build(description="Gäller 850709-9805")
    with pytest.raises(ValidationError) as exc:
        problem.full_clean()
    assert list(exc.value.message_dict) == ["description"]


def test_focus_area_needs_a_priority():
    problem = ProblemFactory.build(prioritised=True, priority=None)
    with pytest.raises(ValidationError) as exc:
        problem.full_clean()
    assert "priority" in exc.value.message_dict
    with pytest.raises(IntegrityError):
        Problem.objects.create(title="x", description="y", prioritised=True)
