"""Every date the portal stores has a plausible year, and every long text a maximum length, with a
Swedish message that keeps what the user typed."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import DateField, DateTimeField, TextField

from tests.cycles.factories import CycleFactory, public_measure
from trygg.validators import (
    RICH_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TextLengthValidator,
    validate_plausible_date,
)

OWN_APPS = {"trygg", "actors", "lagesbild", "cycles"}


def _own_fields(kind):
    for model in apps.get_models():
        if model._meta.app_label in OWN_APPS:
            for field in model._meta.concrete_fields:
                if isinstance(field, kind) and not (kind is DateField and isinstance(field, DateTimeField)):
                    yield model, field


def test_every_date_field_checks_the_year():
    fields = list(_own_fields(DateField))
    missing = [f"{m.__name__}.{f.name}" for m, f in fields if validate_plausible_date not in f.validators]
    assert missing == []
    assert len(fields) > 20


def test_every_text_field_has_a_maximum_length():
    limits = {
        f"{m.__name__}.{f.name}": [v.limit_value for v in f.validators if isinstance(v, TextLengthValidator)]
        for m, f in _own_fields(TextField)
    }
    assert [name for name, found in limits.items() if len(found) != 1] == []
    assert limits["SituationReport.analysis"] == [RICH_TEXT_MAX_LENGTH]
    assert limits["Measure.public_text"] == [TEXT_MAX_LENGTH]


@pytest.mark.parametrize("year", [1, 202, 1949, 2101, 2999])
def test_an_implausible_year_is_refused_in_swedish(year):
    with pytest.raises(ValidationError, match="Kontrollera datumet: året") as refused:
        validate_plausible_date(datetime.date(year, 1, 1))
    assert refused.value.code == "implausible_date"


@pytest.mark.django_db
def test_a_model_refuses_a_mistyped_year_and_a_text_that_is_too_long():
    measure = public_measure()
    measure.start_date = datetime.date(202, 5, 1)
    measure.public_text = "x" * (TEXT_MAX_LENGTH + 1)

    with pytest.raises(ValidationError) as refused:
        measure.full_clean()

    errors = refused.value.message_dict
    assert errors["start_date"] == [
        "Kontrollera datumet: året 0202 verkar fel. Skriv datumet som ÅÅÅÅ-MM-DD."
    ]
    assert errors["public_text"] == [
        "Texten får vara högst 20\xa0000 tecken lång (nu 20\xa0001). Korta den gärna."
    ]


@pytest.mark.django_db
def test_a_workspace_form_shows_the_date_error_and_keeps_the_input(coordinator_client):
    current = CycleFactory(is_current=True)
    data = {
        "cycle": current.pk,
        "name": "Uppföljning 2999",
        "starts_on": "2999-01-01",
        "ends_on": "2999-12-31",
        "closes_on": "3000-01-31",
        "remind_days_before": "14",
    }

    html = coordinator_client.post("/arbete/uppfoljning/perioder/ny/", data).content.decode()

    assert "Kontrollera datumet: året 2999 verkar fel." in html
    assert 'value="Uppföljning 2999"' in html
