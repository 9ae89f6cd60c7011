"""The benchmark function runs and leaves nothing behind (timings are measured in the bench, not here)."""

import pytest

from bench import statistics_import
from lagesbild.models import ImportRun, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def test_bench_run_reports_every_import_and_rolls_back():
    result = statistics_import.run(repeat=1)
    assert set(result) == {
        f"{name}{step}"
        for name in ("bra_290_rows", "kolada_10y_290")
        for step in ("", "_again", "_preview", "_confirm")
    }
    assert (
        not Indicator.objects.exists()
        and not IndicatorValue.objects.exists()
        and not ImportRun.objects.exists()
    )
