"""Trend charts for indicators, drawn on the server as inline SVG (no script), each with a data table
and a one-sentence summary in plain Swedish, e.g. "Anmälda våldsbrott per 100 000 invånare: 1 130,9 år
2024, 5 % lägre än 2023."

The SVG is a picture of the table beside it (role="img" with a short label, repeated as its <title> so
that a report PDF's Figure carries it as alternative text); the table is the data.
Small counts for areas smaller than the municipality are never drawn or written: "färre än 5".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trygg.templatetags.trygg import sv_number

from .models import Indicator, IndicatorValue, small_count_threshold

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36
# Colour and dash tell the series apart (not colour alone); the legend repeats both.
STYLES = [
    ("#00467f", ""),  # the area itself: dark blue, solid
    ("#a34700", "8 4"),  # county: dark orange, dashed
    ("#4d4d4d", "2 4"),  # country: grey, dotted
]


@dataclass
class Cell:
    value: Decimal | None
    suppressed: bool = False
    decimals: int | None = None  # the same for every cell of a chart, so that the columns line up

    @property
    def text(self) -> str:
        if self.suppressed:
            return _("färre än %(n)s") % {"n": small_count_threshold()}
        if self.value is None:
            return "–"
        return sv_number(self.value, self.decimals)

    @property
    def drawable(self) -> bool:
        return not self.suppressed and self.value is not None


def cell_for(value: IndicatorValue | None) -> Cell:
    if value is None:
        return Cell(None)
    if value.is_suppressed:
        return Cell(None, suppressed=True)
    return Cell(value.value)


@dataclass
class Series:
    code: str
    label: str
    cells: dict[int, Cell] = field(default_factory=dict)
    colour: str = ""
    dash: str = ""


@dataclass
class Chart:
    indicator: Indicator
    years: list[int]
    series: list[Series]
    summary: str
    svg: SafeString
    updated_at: object = None

    @property
    def rows(self) -> list[tuple[int, list[Cell]]]:
        return [(year, [s.cells.get(year, Cell(None)) for s in self.series]) for year in self.years]

    @property
    def dom_id(self) -> str:
        return f"indikator-{self.indicator.pk}"


def _nice_max(value: Decimal) -> Decimal:
    """A round upper bound for the y axis: 1 130 -> 1 200, 17 026 -> 20 000."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return magnitude * 10


def summary(indicator: Indicator, series: Series, years: list[int]) -> str:
    shown = [
        y for y in years if y in series.cells and (series.cells[y].drawable or series.cells[y].suppressed)
    ]
    if not shown:
        return _("%(name)s: inga värden för %(area)s ännu.") % {"name": indicator.name, "area": series.label}
    latest = shown[-1]
    cell = series.cells[latest]
    text = _("%(name)s: %(value)s år %(year)s") % {"name": indicator.name, "value": cell.text, "year": latest}
    previous = series.cells.get(latest - 1)
    if cell.drawable and previous is not None and previous.drawable and "procent" in indicator.unit.lower():
        # A share in percent changes by percentage points, not by per cent of itself.
        points = cell.value - previous.value
        if abs(points) < Decimal("0.05"):
            return text + _(", samma som %(year)s.") % {"year": latest - 1}
        template = (
            _(", %(p)s procentenheter lägre än %(year)s.")
            if points < 0
            else _(", %(p)s procentenheter högre än %(year)s.")
        )
        return text + template % {"p": sv_number(abs(points), 1), "year": latest - 1}
    if cell.drawable and previous is not None and previous.drawable and previous.value:
        change = (cell.value - previous.value) / previous.value * 100
        percent = int(abs(change).quantize(Decimal(1)))
        if percent == 0:
            text += _(", ungefär samma som %(year)s") % {"year": latest - 1}
        elif change < 0:
            text += _(", %(p)s\u00a0%% lägre än %(year)s") % {"p": percent, "year": latest - 1}
        else:
            text += _(", %(p)s\u00a0%% högre än %(year)s") % {"p": percent, "year": latest - 1}
    return text + "."


def missing_summary(indicator: Indicator, label: str, shown: list[Series]) -> str:
    """When the area the page is about has no values, no other area's figure is presented as its own:
    the text says so and names whose figures the chart shows."""
    return _("%(name)s: inga värden för %(area)s ännu. Diagrammet visar %(others)s.") % {
        "name": indicator.name,
        "area": label,
        "others": _(" och ").join(s.label for s in shown),
    }


def svg(indicator: Indicator, series: list[Series], years: list[int]) -> SafeString:
    values = [c.value for s in series for c in s.cells.values() if c.drawable]
    if not values or not years:
        return mark_safe("")
    top = _nice_max(max(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (year - years[0]) / (years[-1] - years[0])

    def y(value: Decimal) -> float:
        return TOP + plot_h * float(1 - value / top)

    label = _("Diagram: %(name)s, %(years)s. Siffrorna finns i tabellen.") % {
        "name": indicator.name,
        "years": years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}",
    }
    parts = [
        f'<svg class="lb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false"><title>{escape(label)}</title>'
    ]
    for i in range(5):
        tick = top * i / 4
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" fill="#333">'
            f"{escape(sv_number(tick, 0))}</text>"
        )
    step = 1 if len(years) <= 10 else 2
    for year in years[::step]:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="12" fill="#333">'
            f"{year}</text>"
        )
    for s in series:
        segments, current = [], []
        for year in years:
            cell = s.cells.get(year)
            if cell is not None and cell.drawable:
                current.append((x(year), y(cell.value)))
            elif current:
                segments.append(current)
                current = []
        if current:
            segments.append(current)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        for segment in segments:
            points = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{s.colour}" stroke-width="2.5"{dash}/>'
                )
            for px, py in segment:
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{s.colour}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped or a number)


def build(values, series_spec: list[tuple[str, str]], *, require: str | None = None) -> list[Chart]:
    """Charts per indicator from values (with their indicator selected), one series per (code, label).

    `require`: show only indicators that have a value for this area code (e.g. the area's own).
    """
    by_indicator: dict[int, tuple[Indicator, dict]] = {}
    for value in values:
        _ind, table = by_indicator.setdefault(value.indicator_id, (value.indicator, defaultdict(dict)))
        table[value.area_code][value.year] = value
    charts = []
    for indicator, table in by_indicator.values():
        if require is not None and require not in table:
            continue
        series = []
        for i, (code, label) in enumerate(series_spec):
            if code not in table:
                continue
            colour, dash = STYLES[min(i, len(STYLES) - 1)]
            s = Series(code=code, label=label, colour=colour, dash=dash)
            s.cells = {year: cell_for(v) for year, v in table[code].items()}
            series.append(s)
        if not series:
            continue
        years = sorted({year for s in series for year in s.cells})
        cells = [c for s in series for c in s.cells.values()]
        decimals = (
            1 if any(c.value is not None and c.value != c.value.to_integral_value() for c in cells) else 0
        )
        for cell in cells:
            cell.decimals = decimals
        charts.append(
            Chart(
                indicator=indicator,
                years=years,
                series=series,
                summary=summary(indicator, series[0], years)
                if series[0].code == series_spec[0][0]
                else missing_summary(indicator, series_spec[0][1], series),
                svg=svg(indicator, series, years),
                updated_at=max(
                    [
                        indicator.updated_at,
                        *(v.updated_at for code, _l in series_spec for v in table[code].values()),
                    ]
                ),
            )
        )
    return charts
