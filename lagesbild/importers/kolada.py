"""Kolada API v3: values for a KPI per municipality, county (region id "00" + länskod) and the country
("0000"), fetched with paging (`next_url`) or read from a saved JSON response.

The response looks like {"values": [{"kpi": "N07403", "municipality": "0763", "period": 2024,
"values": [{"gender": "T", "count": 1, "status": "", "value": 1234.5}]}], "next_url": ...}.
"""

import json
import urllib.request
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from . import Parsed, Row
from .areas import AreaRegistry

BASE_URL = "https://api.kolada.se/v3"
TIMEOUT = 30
MAX_PAGES = 200
GENDERS = {"T", "K", "M"}
# Names of the KPIs the portal starts from (reported violent crimes and all reported crimes), for an
# indicator created by its first import.
KNOWN_KPIS = {
    "N07403": "Anmälda våldsbrott per 100 000 invånare",
    "N07540": "Anmälda brott totalt per 100 000 invånare",
}


class KoladaError(Exception):
    pass


def data_url(kpi: str, area_ids: list[str], years: list[int]) -> str:
    return (
        f"{BASE_URL}/data/kpi/{kpi}/municipality/{','.join(area_ids)}/year/{','.join(str(y) for y in years)}"
    )


def fetch(kpi: str, area_ids: list[str], years: list[int], *, timeout: int = TIMEOUT) -> dict:
    """All pages of one query, joined into {"values": [...]}. Follows next_url on Kolada's host only."""
    url = data_url(kpi, area_ids, years)
    host = urlparse(BASE_URL).netloc
    values, pages = [], 0
    while url:
        if urlparse(url).scheme != "https" or urlparse(url).netloc != host:
            raise KoladaError(
                _("Kolada svarade med en adress till en annan webbplats: %(url)s") % {"url": url}
            )
        pages += 1
        if pages > MAX_PAGES:
            raise KoladaError(_("Kolada svarade med fler än %(n)s sidor.") % {"n": MAX_PAGES})
        request = urllib.request.Request(  # noqa: S310 (https on Kolada's host only, checked above)
            url, headers={"Accept": "application/json", "User-Agent": "trygg"}
        )
        try:
            # Looked up at call time so that tests can replace it; tests never reach the network.
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                page = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise KoladaError(_("Det gick inte att hämta från Kolada: %(error)s") % {"error": exc}) from exc
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise KoladaError(_("Kolada svarade med något annat än nyckeltalsvärden."))
        values.extend(page["values"])
        url = page.get("next_url") or None
    return {"values": values}


def load_file(data: bytes) -> dict:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KoladaError(
            _("Filen är inte ett giltigt JSON-svar från Kolada (%(error)s).") % {"error": exc}
        ) from exc
    if not isinstance(document, dict) or not isinstance(document.get("values"), list):
        raise KoladaError(_("Filen saknar listan ”values” som Koladas svar har."))
    return document


def parse(document: dict, *, kpi: str, registry: AreaRegistry | None = None) -> Parsed:
    """Rows of a Kolada response for one KPI. "line" is the entry's number in the values list (1, 2, …)."""
    registry = registry or AreaRegistry()
    parsed = Parsed()
    for number, entry in enumerate(document.get("values", []), start=1):
        if not isinstance(entry, dict):
            parsed.read += 1
            parsed.error(number, _("Posten är inte ett objekt."))
            continue
        if entry.get("kpi") != kpi:
            parsed.read += 1
            parsed.error(
                number,
                _("Posten gäller nyckeltalet %(other)s, inte %(kpi)s.")
                % {"other": entry.get("kpi"), "kpi": kpi},
            )
            continue
        place = registry.code(str(entry.get("municipality", "")))
        if place is None:
            parsed.read += 1
            parsed.error(
                number, _("Okänd kommun eller region: ”%(id)s”.") % {"id": entry.get("municipality")}
            )
            continue
        try:
            year = int(entry.get("period"))
        except (TypeError, ValueError):
            parsed.read += 1
            parsed.error(number, _("Året ”%(year)s” är inte ett årtal.") % {"year": entry.get("period")})
            continue
        for item in entry.get("values") or []:
            parsed.read += 1
            gender = (item or {}).get("gender")
            if gender not in GENDERS:
                parsed.error(
                    number, _("Okänt kön ”%(gender)s” (ska vara T, K eller M).") % {"gender": gender}
                )
                continue
            raw = item.get("value")
            try:
                value = None if raw is None else Decimal(str(raw)).quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError):
                parsed.error(number, _("Värdet ”%(value)s” är inte ett tal.") % {"value": raw})
                continue
            parsed.rows.append(
                Row(
                    line=number,
                    area_level=place.level,
                    area_code=place.code,
                    area_name=place.name,
                    year=year,
                    gender=gender,
                    value=value,
                )
            )
    return parsed


def parse_years(text: str) -> list[int]:
    """'2015-2025' or '2019,2021' -> years. Raises ValueError."""
    years: list[int] = []
    for part in (text or "").replace(" ", "").split(","):
        if "-" in part:
            first, last = (int(p) for p in part.split("-", 1))
            if last < first or last - first > 50:
                raise ValueError(part)
            years.extend(range(first, last + 1))
        elif part:
            years.append(int(part))
    if not years or any(y < 1900 or y > 2200 for y in years):
        raise ValueError(text)
    return sorted(set(years))
