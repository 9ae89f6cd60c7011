"""Free text: personnummer are refused with an explanation; rich text is sanitised."""

import pytest
from django.core.exceptions import ValidationError

from lagesbild.validators import clean_rich_text, find_personnummer, validate_no_personnummer


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


def test_rich_text_keeps_simple_formatting():
    html = '<h3>Rubrik</h3><ul><li>ett</li></ul><p><a href="https://bra.se/">Brå</a></p>'
    assert clean_rich_text(html) == (
        "<h3>Rubrik</h3><ul><li>ett</li></ul>"
        '<p><a href="https://bra.se/" rel="noopener noreferrer">Brå</a></p>'
    )
