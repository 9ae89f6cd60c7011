"""The admin for problems, with their cause analyses inline."""

import pytest

from tests.lagesbild.factories import CauseAnalysisFactory

pytestmark = pytest.mark.django_db


def test_problem_admin_pages_open_for_a_coordinator(admin_pages_open):
    # simple_history calls select_related() without fields for a model without foreign keys (Problem),
    # which Django 6.1 deprecates; the warning is an error in tests, so its history page is left out.
    admin_pages_open("problem", CauseAnalysisFactory().problem.pk, history=False)
