"""Horizontal bar charts drawn on the server as inline SVG (no script), for counts such as "measures by
status". The house style of lagesbild/charts.py: the SVG is a picture of the table that the page puts
beside it (role="img", a short label repeated as its <title>), every text in it is escaped, numbers are
Swedish (decimal comma, no-break thousands space).

Each bar has its label written above it and its value at its end, so that colour never carries the
meaning alone; a bar's colour must have a contrast of at least 3:1 against the white page (WCAG 1.4.11),
which `bar_chart` checks rather than trusts.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from trygg.templatetags.trygg import sv_number

# The same dark blue as the statistics' own series (lagesbild.charts.STYLES), 10:1 against white.
DEFAULT_COLOUR = "#00467f"
MIN_CONTRAST = 3.0
# A narrow drawing keeps the text readable on a phone: 400 units shrink to about 360 px at 390 px wide,
# so 15-unit text stays above 13 px (the page's CSS keeps it at most 400 px wide elsewhere).
WIDTH = 400
TOP, ROW, BAR = 8, 50, 20
FONT = 15
LABEL_SPACE = 20  # the label line above each bar
VALUE_SPACE = 56  # room right of the longest bar for its value
LABEL_CHARS = 48  # longer labels are shortened in the picture (the table beside it has them in full)
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | Decimal
    colour: str = DEFAULT_COLOUR


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a "#rrggbb" colour (anything else raises ValueError)."""
    if not HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"Not a #rrggbb colour: {colour!r}")
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def value_text(value, *, decimals: int | None = None, unit: str = "") -> str:
    """A bar's value as printed at its end: "12", "33,3 %". Rounded half up here, because sv_number
    (Django's number_format) cuts off the decimals it does not show: 66,67 would read 66,6."""
    value = Decimal(str(value))
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 1
    text = sv_number(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), decimals)
    return f"{text}\u00a0{unit}" if unit else text


def bar_chart(
    bars: Iterable[Bar | tuple[str, int | float | Decimal]],
    *,
    title: str,
    unit: str = "",
    decimals: int | None = None,
    css_class: str = "trygg-barchart",
) -> SafeString:
    """An SVG bar chart of the labelled values, one bar per row in the given order; "" without bars.

    `title` names what the chart shows (it becomes the picture's label: "Diagram: <title>. Siffrorna finns
    i tabellen."); `unit` is printed after each value ("%"); `decimals` fixes the decimals of every value
    (None: as many as each needs, at most one). A bar colour below 3:1 against white raises ValueError,
    so a bad colour fails in the tests, not in front of a resident.
    """
    bars = [bar if isinstance(bar, Bar) else Bar(*bar) for bar in bars]
    if not bars:
        return mark_safe("")
    for bar in bars:
        if contrast_with_white(bar.colour) < MIN_CONTRAST:
            raise ValueError(
                f"Bar colour {bar.colour} has less than {MIN_CONTRAST}:1 contrast against white."
            )
    top = max((Decimal(str(bar.value)) for bar in bars), default=Decimal(0))
    plot = WIDTH - VALUE_SPACE
    height = TOP + ROW * len(bars)
    label = _("Diagram: %(title)s. Siffrorna finns i tabellen.") % {"title": title}
    parts = [
        f'<svg class="{escape(css_class)}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f"<title>{escape(label)}</title>"
    ]
    for index, bar in enumerate(bars):
        y = TOP + ROW * index
        value = Decimal(str(bar.value))
        length = float(value / top) * plot if top > 0 else 0.0
        # A value above zero stays visible as a sliver, however small beside the largest.
        if value > 0:
            length = max(length, 2.0)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="{FONT}" fill="#212529">'
            f"{escape(Truncator(bar.label).chars(LABEL_CHARS))}</text>"
        )
        if length:
            parts.append(
                f'<rect x="0" y="{y + LABEL_SPACE}" width="{length:.1f}" height="{BAR}" fill="{bar.colour}"/>'
            )
        parts.append(
            f'<text x="{length + 6:.1f}" y="{y + LABEL_SPACE + 15}" font-size="{FONT}" font-weight="600" '
            f'fill="#212529">{escape(value_text(bar.value, decimals=decimals, unit=unit))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped, colours are checked)
