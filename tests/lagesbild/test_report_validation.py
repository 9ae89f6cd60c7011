"""Bad input in a lägesbild: personnummer refused on the field, scripts removed from rich text and
never shown, a period that ends before it starts, and an adopted lägesbild without a decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from lagesbild.forms.report import SituationReportForm
from lagesbild.models import SituationReport
from tests.lagesbild.factories import SituationReportFactory

pytestmark = pytest.mark.django_db


def test_report_form_refuses_personnummer_with_the_explanation_on_the_field():
    report = SituationReportFactory()
    data = {
        "title": report.title,
        "period_start": "2023-01-01",
        "period_end": "2024-12-31",
        "survey": "<p>Personen 850709-9805 har anmälts flera gånger.</p>",
        "loaded_version": report.version,
    }
    form = SituationReportForm(data, instance=report)
    assert not form.is_valid()
    assert "850709-9805" in form.errors["survey"][0]
    report.refresh_from_db()
    assert "850709" not in report.survey


def test_script_in_rich_text_is_removed_on_save():
    report = SituationReportFactory(
        survey='<p onclick="steal()">Text</p><script>alert("x")</script><a href="javascript:evil()">länk</a>',
        analysis="<img src=x onerror=alert(1)><p><strong>Viktigt</strong></p>",
    )
    report.refresh_from_db()
    assert report.survey == '<p>Text</p><a rel="noopener noreferrer">länk</a>'
    assert report.analysis == "<p><strong>Viktigt</strong></p>"


def test_saved_script_is_shown_as_nothing_on_the_workspace_page(coordinator_client):
    report = SituationReportFactory(survey="<script>alert('hej')</script><p>Synlig text</p>")
    response = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/")
    html = response.content.decode()
    assert "Synlig text" in html
    assert "alert('hej')" not in html


def test_period_end_before_start_is_refused():
    report = SituationReportFactory.build(
        period_start=datetime.date(2024, 12, 31), period_end=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        report.clean()
    assert list(exc.value.message_dict) == ["period_end"]


def test_database_refuses_an_adopted_report_without_decision():
    report = SituationReportFactory()
    with pytest.raises(IntegrityError):
        SituationReport.objects.filter(pk=report.pk).update(status="faststalld")
