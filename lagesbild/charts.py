"""Trend charts for indicators, drawn on the server as inline SVG (no script), each with a data table
and a one-sentence summary in plain Swedish, e.g. "Anmälda våldsbrott per 100 000 invånare: 1 130,9 år
2024, 5 % lägre än 2023."

The SVG is a picture of the table beside it (role="img" with a short label, repeated as its <title> so
that a report PDF's Figure carries it as alternative text); the table is the data.
Small counts for areas smaller than the municipality are never drawn or written: "färre än 5".

Where the page's own area has values for women (K) and men (M), a second chart shows them with the total
(T) for reference; without such values there is no second chart.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trygg.templatetags.trygg import sv_number

from .models import Gender, Indicator, IndicatorValue, small_count_threshold

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36
# Colour and dash tell the series apart (not colour alone); the legend repeats both.
STYLES = [
    ("#00467f", ""),  # the area itself: dark blue, solid
    ("#a34700", "8 4"),  # county: dark orange, dashed
    ("#4d4d4d", "2 4"),  # country: grey, dotted
]
# Women and men: colour, dash and marker differ (a single year has no line, so the marker tells them
# apart). The total keeps the look of the page's own series in the chart above. Every colour has a
# contrast of at least 6:1 against white.
GENDER_STYLES = {
    Gender.WOMEN: ("#8b1e5b", "8 4", "square"),  # dark magenta, dashed, squares
    Gender.MEN: ("#1d6b3f", "2 4", "diamond"),  # dark green, dotted, diamonds
    Gender.TOTAL: (STYLES[0][0], STYLES[0][1], "circle"),
}


@dataclass
class Cell:
    value: Decimal | None
    suppressed: bool = False
    decimals: int | None = None  # the same for every cell of a chart, so that the columns line up
    # Not small itself, but hidden because the other gender's figure is (see gender_chart).
    withheld: bool = False

    @property
    def text(self) -> str:
        if self.suppressed:
            return _("färre än %(n)s") % {"n": small_count_threshold()}
        if self.withheld:
            return _("visas inte")
        if self.value is None:
            return "–"
        return sv_number(self.value, self.decimals)

    @property
    def drawable(self) -> bool:
        return not self.suppressed and not self.withheld and self.value is not None


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
    marker: str = "circle"

    @property
    def swatch(self) -> SafeString:
        """The series' line and marker for the legend."""
        dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
        return mark_safe(  # noqa: S308 (colour, dash and marker come from the styles above)
            '<svg class="lb-swatch" width="32" height="10" viewBox="0 0 32 10" aria-hidden="true" '
            f'focusable="false"><line x1="0" x2="32" y1="5" y2="5" stroke="{self.colour}" '
            f'stroke-width="3"{dash}/>{_marker(self.marker, 16, 5, self.colour)}</svg>'
        )


@dataclass
class Chart:
    indicator: Indicator
    years: list[int]
    series: list[Series]
    summary: str
    svg: SafeString
    updated_at: object = None
    # For the caption and the picture's label when the chart shows more than the indicator as a whole.
    title: str = ""
    id_suffix: str = ""
    note: str = ""  # a sentence under the chart, e.g. why a figure is not shown
    by_gender: "Chart | None" = None  # the page's own area for women and men, if there are such values

    @property
    def rows(self) -> list[tuple[int, list[Cell]]]:
        return [(year, [s.cells.get(year, Cell(None)) for s in self.series]) for year in self.years]

    @property
    def dom_id(self) -> str:
        return f"indikator-{self.indicator.pk}{self.id_suffix}"

    @property
    def name(self) -> str:
        return self.title or self.indicator.name


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


def _marker(shape: str, px: float, py: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{px - 3.5:.1f}" y="{py - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{px:.1f},{py - 5:.1f} {px + 5:.1f},{py:.1f} {px:.1f},{py + 5:.1f} {px - 5:.1f},{py:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>'


def svg(indicator: Indicator, series: list[Series], years: list[int], *, title: str = "") -> SafeString:
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
        "name": title or indicator.name,
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
            parts.extend(_marker(s.marker, px, py, s.colour) for px, py in segment)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped or a number)


def _align_decimals(cells: list[Cell], *, at_least: int = 0) -> int:
    """One decimal for every cell if any value has one, else none."""
    fractional = any(c.value is not None and c.value != c.value.to_integral_value() for c in cells)
    decimals = 1 if at_least or fractional else 0
    for cell in cells:
        cell.decimals = decimals
    return decimals


def gender_summary(label: str, series: list[Series], years: list[int], *, percent: bool) -> str:
    """The latest year with a figure for women or men: "Tingsryd år 2024: kvinnor 61,2 %, män 70,4 %."."""
    templates = {Gender.WOMEN: _("kvinnor %(value)s"), Gender.MEN: _("män %(value)s")}
    shown = [
        year
        for year in years
        if any(year in s.cells and (s.cells[year].drawable or s.cells[year].suppressed) for s in series)
    ]
    latest = shown[-1]
    figures = []
    for s in series:
        cell = s.cells.get(latest)
        if cell is None or not (cell.drawable or cell.suppressed or cell.withheld):
            continue
        value = cell.text + ("\u00a0%" if percent and cell.drawable else "")
        figures.append(templates[s.code] % {"value": value})
    return _("%(area)s år %(year)s: %(figures)s.") % {
        "area": label,
        "year": latest,
        "figures": ", ".join(figures),
    }


def gender_chart(
    indicator: Indicator, label: str, total: dict, by_gender: dict, *, decimals: int
) -> Chart | None:
    """Women and men in the page's own area, with the total for reference (None without a figure to draw).

    Where one gender's figure is a small count, the other's is withheld too: with the total beside it,
    the hidden figure could otherwise be worked out.
    """

    def styled(gender: Gender, cells: dict[int, Cell]) -> Series:
        colour, dash, marker = GENDER_STYLES[gender]
        return Series(gender, str(gender.label), cells, colour=colour, dash=dash, marker=marker)

    women_and_men = [
        styled(gender, {year: cell_for(v) for year, v in by_gender[gender].items()})
        for gender in (Gender.WOMEN, Gender.MEN)
        if by_gender.get(gender)
    ]
    years = sorted({year for s in women_and_men for year in s.cells})
    withheld = False
    for year in years:
        same_year = [s.cells[year] for s in women_and_men if year in s.cells]
        if any(c.suppressed for c in same_year):
            for cell in same_year:
                if cell.drawable:
                    cell.withheld = withheld = True
    if not any(c.drawable for s in women_and_men for c in s.cells.values()):
        return None
    series = list(women_and_men)
    reference = {year: cell_for(total[year]) for year in years if year in total}
    if reference:
        series.append(styled(Gender.TOTAL, reference))
    _align_decimals([c for s in series for c in s.cells.values()], at_least=decimals)
    title = _("%(name)s, kvinnor och män i %(area)s") % {"name": indicator.name, "area": label}
    note = ""
    if withheld:
        note = _(
            "När kvinnorna eller männen är färre än %(n)s visar vi inte heller den andra gruppens siffra, "
            "eftersom den annars går att räkna ut."
        ) % {"n": small_count_threshold()}
    return Chart(
        indicator=indicator,
        years=years,
        series=series,
        summary=gender_summary(label, women_and_men, years, percent="procent" in indicator.unit.lower()),
        svg=svg(indicator, series, years, title=title),
        title=title,
        id_suffix="-kon",
        note=note,
    )


def build(values, series_spec: list[tuple[str, str]], *, require: str | None = None) -> list[Chart]:
    """Charts per indicator from values (with their indicator selected), one series per (code, label).

    Values for women and men count only for the first area of the spec (the page's own): they make a
    second chart, `Chart.by_gender`. `require`: show only indicators that have a total for this area
    code (e.g. the area's own).
    """
    own_code, own_label = series_spec[0]
    by_indicator: dict[int, tuple[Indicator, dict, dict]] = {}
    for value in values:
        _ind, table, genders = by_indicator.setdefault(
            value.indicator_id, (value.indicator, defaultdict(dict), defaultdict(dict))
        )
        if value.gender == Gender.TOTAL:
            table[value.area_code][value.year] = value
        elif value.area_code == own_code:
            genders[value.gender][value.year] = value
    charts = []
    for indicator, table, genders in by_indicator.values():
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
        decimals = _align_decimals([c for s in series for c in s.cells.values()])
        charts.append(
            Chart(
                indicator=indicator,
                years=years,
                series=series,
                summary=summary(indicator, series[0], years)
                if series[0].code == own_code
                else missing_summary(indicator, own_label, series),
                svg=svg(indicator, series, years),
                updated_at=max(
                    [
                        indicator.updated_at,
                        *(v.updated_at for code, _l in series_spec for v in table[code].values()),
                        *(v.updated_at for by_year in genders.values() for v in by_year.values()),
                    ]
                ),
                by_gender=gender_chart(
                    indicator, own_label, table.get(own_code, {}), genders, decimals=decimals
                )
                if genders
                else None,
            )
        )
    return charts
