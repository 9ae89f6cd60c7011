"""The demo statistics: ten years of two Kolada KPIs for Tingsryd, Kronobergs län and Riket, one Brå
year of all 290 municipalities (and the next year's preliminary file waiting in a preview), and a
trygghetsmätning per area, loaded through the importers, twice
without change, and shown on /lagesbild/ and an area page."""

import io

import pytest
from django.core.management import call_command

from lagesbild.models import ImportRun, ImportStatus, Indicator, IndicatorSource, IndicatorValue

pytestmark = pytest.mark.django_db


def test_demo_statistics_load_twice_without_change(settings, client):
    settings.DEBUG = True
    settings.TRYGG_MUNICIPALITY_CODE = "0763"
    call_command("load_demo", stdout=io.StringIO())
    counts = (Indicator.objects.count(), IndicatorValue.objects.count(), ImportRun.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Indicator.objects.count(), IndicatorValue.objects.count(), ImportRun.objects.count()) == counts
    waiting = ImportRun.objects.get(status=ImportStatus.PREVIEW)  # Brå's preliminary 2025 figures
    assert (waiting.year, waiting.created_by.username, waiting.rows_created) == (2025, "samordnare", 292)
    assert set(ImportRun.objects.exclude(pk=waiting.pk).values_list("status", flat=True)) == {ImportStatus.OK}
    assert not IndicatorValue.objects.filter(year=2025).exists()  # nothing written until confirmed

    for kpi in ("N07403", "N07540"):
        indicator = Indicator.objects.get(source=IndicatorSource.KOLADA, external_id=kpi)
        assert set(indicator.values.values_list("area_code", flat=True)) == {"0763", "0007", "0000"}
        assert set(indicator.values.values_list("year", flat=True)) == set(range(2015, 2025))
        assert indicator.reports.filter(kind="gemensam").exists()
    bra = Indicator.objects.get(source=IndicatorSource.BRA)
    assert bra.values.filter(area_level="kommun").count() == 290
    survey = Indicator.objects.get(source=IndicatorSource.SURVEY)
    assert survey.values.filter(area__slug="konga", year=2024).get().is_suppressed

    overview = client.get("/lagesbild/").content.decode()
    assert overview.count('<svg class="lb-chart"') == 5  # four indicators, the survey's women and men too
    assert "Kvinnor och män" in overview
    assert "Källa: Kolada" in overview and "Källa: Brå" in overview
    konga = client.get("/omraden/konga/").content.decode()
    assert "färre än 5 år 2024" in konga
