"""Bad input: personnummer in free text are refused with an explanation; rich text is sanitised."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from lagesbild.forms.dialogue import ObservationForm
from lagesbild.forms.report import SituationReportForm
from lagesbild.models import Problem, SituationReport
from lagesbild.validators import clean_rich_text, find_personnummer, validate_no_personnummer
from tests.lagesbild.factories import PlaceFactory, ProblemFactory, SituationReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Pojken 850709-9805 syns ofta på torget",
        "pnr 198507099805",
        "19850709-9805",
        "850709+9805",
        "8507099805",
        "samordningsnummer 701063-2391",
    ],
)
def test_personnummer_like_text_is_refused(text):
    with pytest.raises(ValidationError) as exc:
        validate_no_personnummer(text)
    assert exc.value.code == "personnummer"
    assert "personnummer" in exc.value.messages[0]
    assert "Uppgifter om enskilda personer får inte sparas här" in exc.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "Beslut 2025-06-10, KS 2025/48",
        "Organisationsnummer 212000-0670",
        "Ring 0477-441 00",
        "Telefon 0477-44100",
        "Anmälda brott 2024: 1234 per 100 000 invånare",
        "",
        None,
    ],
)
def test_ordinary_text_with_numbers_is_accepted(text):
    validate_no_personnummer(text)
    assert find_personnummer(text) is None


def test_personnummer_in_rich_text_is_found_behind_tags():
    assert find_personnummer("<p>Se 850709<strong>-9805</strong></p>") == "850709-9805"


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


def test_observation_form_refuses_personnummer_in_the_note():
    place = PlaceFactory()
    form = ObservationForm({"place": place.pk, "category": "belysning", "note": "Ägaren 19850709-9805"})
    assert not form.is_valid()
    assert list(form.errors) == ["note"]


def test_problem_full_clean_refuses_personnummer_in_the_description():
    problem = ProblemFactory.build(description="Gäller 850709-9805")
    with pytest.raises(ValidationError) as exc:
        problem.full_clean()
    assert list(exc.value.message_dict) == ["description"]


def test_script_in_rich_text_is_removed_on_save():
    report = SituationReportFactory(
        survey='<p onclick="steal()">Text</p><script>alert("x")</script><a href="javascript:evil()">länk</a>',
        analysis="<img src=x onerror=alert(1)><p><strong>Viktigt</strong></p>",
    )
    report.refresh_from_db()
    assert report.survey == '<p>Text</p><a rel="noopener noreferrer">länk</a>'
    assert report.analysis == "<p><strong>Viktigt</strong></p>"


def test_rich_text_keeps_simple_formatting():
    html = '<h3>Rubrik</h3><ul><li>ett</li></ul><p><a href="https://bra.se/">Brå</a></p>'
    assert clean_rich_text(html) == (
        "<h3>Rubrik</h3><ul><li>ett</li></ul>"
        '<p><a href="https://bra.se/" rel="noopener noreferrer">Brå</a></p>'
    )


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


def test_focus_area_needs_a_priority():
    problem = ProblemFactory.build(prioritised=True, priority=None)
    with pytest.raises(ValidationError) as exc:
        problem.full_clean()
    assert "priority" in exc.value.message_dict
    with pytest.raises(IntegrityError):
        Problem.objects.create(title="x", description="y", prioritised=True)


def test_place_needs_both_coordinates_or_none():
    place = PlaceFactory.build(latitude=56.5, longitude=None)
    with pytest.raises(ValidationError):
        place.full_clean()
