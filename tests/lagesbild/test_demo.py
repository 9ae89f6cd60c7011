"""The lagesbild demo data (lagesbild.demo.load): loading it twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from lagesbild.models import Area, CauseAnalysis, Dialogue, Observation, Place, Problem, SituationReport

pytestmark = pytest.mark.django_db


def test_load_demo_twice_gives_the_same_lagesbild_data(settings):
    settings.DEBUG = True
    models = [Area, Place, SituationReport, Problem, CauseAnalysis, Dialogue, Observation]
    call_command("load_demo", stdout=io.StringIO())
    first = {m.__name__: m.objects.count() for m in models}
    history = SituationReport.history.count()
    call_command("load_demo", stdout=io.StringIO())
    assert {m.__name__: m.objects.count() for m in models} == first
    assert SituationReport.history.count() == history
    assert first["Area"] == 6 and first["Place"] == 12 and first["SituationReport"] == 4
    assert Problem.objects.focus_areas().count() == 3
    assert all(p.cause_analyses.exists() for p in Problem.objects.focus_areas())
    assert Dialogue.objects.filter(kind="trygghetsvandring").count() == 2
    assert Observation.objects.count() >= 6
