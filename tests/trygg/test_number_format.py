"""Numbers on every page: decimal comma, no-break thousands space, and rounded half up (Django's own
number_format cuts digits off, which made two thirds read "66,6 %")."""

from decimal import Decimal

import pytest
from django.utils import translation

from trygg.templatetags.trygg import sv_number


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (66.666, 1, "66,7"),
        (Decimal("0.05"), 1, "0,1"),
        (Decimal("1130.95"), 1, "1\xa0131,0"),
        (2.5, 0, "3"),
        (Decimal("-1.25"), 1, "-1,3"),
        (12.34, None, "12,3"),
        (1234567, None, "1\xa0234\xa0567"),
        (None, 1, "–"),
    ],
)
def test_numbers_are_rounded_half_up_with_a_decimal_comma(value, decimals, expected):
    with translation.override("sv"):
        assert sv_number(value, decimals) == expected
