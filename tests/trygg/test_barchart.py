"""The reusable bar chart (trygg/barchart.py): a labelled picture of a table, text beside every bar so that
colour never carries the meaning alone, Swedish numbers, escaped labels, and colours that keep 3:1
against white (a bad colour fails here, not in front of a resident)."""

import re
from decimal import Decimal

import pytest

from trygg.barchart import (
    DEFAULT_COLOUR,
    VALUE_SPACE,
    WIDTH,
    Bar,
    bar_chart,
    contrast_with_white,
    value_text,
)


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]


def test_chart_is_a_labelled_picture_with_title():
    svg = bar_chart([("Pågår", 6), ("Genomförd", 1)], title="Åtgärder efter status")
    label = "Diagram: Åtgärder efter status. Siffrorna finns i tabellen."
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert f'aria-label="{label}"' in svg
    assert f"<title>{label}</title>" in svg
    assert svg.endswith("</svg>")


def test_every_bar_has_its_label_and_value_as_text():
    svg = bar_chart(
        [Bar("Grönt: enligt plan", 6, "#1d6b3f"), Bar("Rött: inte enligt plan", 0, "#b00020")], title="T"
    )
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert texts == ["Grönt: enligt plan", "6", "Rött: inte enligt plan", "0"]


def test_bars_are_proportional_and_zero_draws_no_bar():
    svg = bar_chart([("A", 10), ("B", 5), ("C", 0)], title="T")
    longest = WIDTH - VALUE_SPACE
    assert bar_widths(svg) == [pytest.approx(longest), pytest.approx(longest / 2)]


def test_all_zero_values_draw_no_bar_and_no_division_by_zero():
    svg = bar_chart([("A", 0), ("B", 0)], title="T")
    assert bar_widths(svg) == []
    assert re.findall(r"<text [^>]*>([^<]*)</text>", svg) == ["A", "0", "B", "0"]


def test_tiny_value_stays_visible_beside_a_large_one():
    svg = bar_chart([("A", 1000), ("B", 1)], title="T")
    assert bar_widths(svg)[1] == 2.0


def test_values_use_decimal_comma_thousands_space_and_unit():
    svg = bar_chart([("A", Decimal("12.5")), ("B", 1234)], title="T", unit="%")
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert texts[1] == "12,5\u00a0%"
    assert texts[3] == "1\u00a0234\u00a0%"


def test_values_are_rounded_half_up_not_cut_off():
    assert value_text(Decimal("66.666"), decimals=1, unit="%") == "66,7\u00a0%"
    assert value_text(Decimal("16.65"), decimals=1) == "16,7"
    assert value_text(Decimal("8.333"), decimals=1) == "8,3"


def test_fixed_decimals_apply_to_every_value():
    svg = bar_chart([("A", 3), ("B", Decimal("2.25"))], title="T", decimals=1)
    assert re.findall(r"<text [^>]*>([^<]*)</text>", svg)[1::2] == ["3,0", "2,3"]


def test_labels_and_title_are_escaped():
    svg = bar_chart([('<script>alert("x")</script>', 1)], title='Titel "med" <b>')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg
    assert "&quot;med&quot;" in svg


def test_long_label_is_shortened_in_the_picture():
    label = "Otrygghet och skadegörelse kring torget i Tingsryd kvällstid och nattetid"
    svg = bar_chart([(label, 3)], title="T")
    text = re.findall(r"<text [^>]*>([^<]*)</text>", svg)[0]
    assert text.endswith("…")
    assert label.startswith(text[:-1])


def test_no_bars_gives_no_chart():
    assert bar_chart([], title="T") == ""


def test_height_grows_with_the_number_of_bars():
    one = bar_chart([("A", 1)], title="T")
    three = bar_chart([("A", 1), ("B", 2), ("C", 3)], title="T")
    height = re.compile(r'viewBox="0 0 \d+ (\d+)"')
    assert int(height.search(three).group(1)) > int(height.search(one).group(1))


@pytest.mark.parametrize("colour", ["#ffff00", "#cccccc", "#ffffff"])
def test_light_colour_is_refused(colour):
    with pytest.raises(ValueError, match="contrast"):
        bar_chart([Bar("A", 1, colour)], title="T")


@pytest.mark.parametrize("colour", ['#00467f" onload="x', "red", "#12345"])
def test_colour_that_is_not_hex_is_refused(colour):
    with pytest.raises(ValueError, match="colour"):
        bar_chart([Bar("A", 1, colour)], title="T")


def test_contrast_matches_wcag_for_known_colours():
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast_with_white(DEFAULT_COLOUR) >= 3
