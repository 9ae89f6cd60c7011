"""The demo lägesbilder: the joint one is adopted by KS § 23, public and on /lagesbild/."""

import io

import pytest
from django.core.management import call_command

from lagesbild.models import ReportStatus, SituationReport

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
