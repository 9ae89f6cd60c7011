"""The benchmark function runs and leaves nothing behind (timings are measured in the bench, not here)."""

import pytest

from bench import statistics_import
from lagesbild.models import ImportRun, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def test_bench_run_reports_both_imports_and_rolls_back():
    result = statistics_import.run(repeat=1)
    assert set(result) == {
        "bra_290_rows",
        "bra_290_rows_again",
        "kolada_10y_3areas",
        "kolada_10y_3areas_again",
    }
    assert (
        not Indicator.objects.exists()
        and not IndicatorValue.objects.exists()
        and not ImportRun.objects.exists()
    )
