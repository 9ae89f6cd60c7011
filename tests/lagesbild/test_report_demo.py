"""The lagesbild demo data (lagesbild.demo.load): loading it twice changes nothing; the joint lägesbild
is adopted by KS § 23, public and on /lagesbild/."""

import io

import pytest
from django.core.management import call_command

from lagesbild.models import (
    Area,
    CauseAnalysis,
    Dialogue,
    Observation,
    Place,
    Problem,
    ReportStatus,
    SituationReport,
)

pytestmark = pytest.mark.django_db


def test_demo_joint_report_is_adopted_public_and_on_the_page(settings, client):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    joint = SituationReport.objects.get(kind="gemensam")
    assert (joint.status, joint.decision.paragraph, joint.is_public) == (
        ReportStatus.ADOPTED,
        "KS § 23",
        True,
    )
    assert set(SituationReport.objects.values_list("kind", flat=True)) == {
        "kommunens_egen",
        "polisens",
        "gemensam",
        "lagstadgad",
    }
    for model in (SituationReport,):
        for obj in model.objects.all():
            obj.full_clean()
    html = client.get("/lagesbild/").content.decode()
    assert "KS § 23, dnr KS 2025/14" in html
    assert "Polisens lokala lägesbild" not in html


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
