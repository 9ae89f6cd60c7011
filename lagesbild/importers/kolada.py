"""Kolada (api.kolada.se): values of one KPI per municipality, county and the country, fetched from the
API or read from a saved answer.

Kolada's ids for places: a municipality's four-digit kommunkod ("0763"), a county as "00" + länskod
("0007"), the country as "0000", and groups of municipalities as ids starting with "G" (an unweighted
average of the members; the portal does not store them).

One answer of `/data/kpi/<KPI>/municipality/<ids>/year/<years>` is a JSON object. API v3 (what `fetch`
asks) answers::

    {"count": 63,
     "values": [{"kpi": "N00945", "municipality": "0180", "period": 2000,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 31.32959689,
                             "isdeleted": false}]},
                ...],
     "next_url": null, "previous_url": null}

API v2 (older saved answers) has the same entries without "isdeleted", and "next_page"/"previous_page"
instead of "next_url"/"previous_url" (both absent or empty on the last page). In both, "count" is the
number of entries in "values".

- An answer holds at most one page (5000 entries in v2); the rest follows the page's next link. A saved
  page that has a next link, or fewer entries than its "count", is only part of the answer and is
  refused. A file may hold every page of one answer as a JSON list of pages ([page1, page2, …]).
- The inner "values" has one item per gender: "T" (total), "K" (women) and "M" (men); a KPI that is not
  divided by gender has only "T".
- "value" is null when the figure is not published or is suppressed; it is read as a missing value
  (Row.value None). The caller decides whether a stored figure may then be emptied.
- v3 may mark an item "isdeleted": true (Kolada withdrew the figure). It is dropped and listed as
  skipped, never imported.
- v3 allows at most 25 ids in one path segment (municipalities, years, KPIs): `fetch` splits longer
  lists into several requests and joins the answers.
"""

import json
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation
from itertools import product
from urllib.parse import urljoin, urlparse

from django.utils.translation import gettext as _

from . import Parsed, Row
from .areas import AreaRegistry

BASE_URL = "https://api.kolada.se/v3"
TIMEOUT = 30
MAX_PAGES = 200
# Kolada v3 answers HTTP 400 to a path segment with more ids than this.
MAX_IDS = 25
GENDERS = {"T", "K", "M"}
# The keys of the next page's address: v3, then v2.
NEXT_KEYS = ("next_url", "next_page")
# Name and unit of KPIs a coordinator is likely to follow, for an indicator created by its first import.
# Reported crimes (Brå's figures as Kolada publishes them) and results of Brå's Nationella
# trygghetsundersökningen (NTU) per municipality, which Kolada is the practical way to get. The NTU ids
# and names are those an open-source project fetching them from Kolada uses (mandatperioden, its
# Brå/Kolada source list); N07611, its main NTU series on otrygghet, is left out because its exact
# title could not be checked: a coordinator reads it on kolada.se (search "NTU" or "trygghet", or
# https://api.kolada.se/v3/kpi?title=trygg) and names the indicator after it.
PER_100K, PERCENT = "per 100 000 invånare", "procent"
KNOWN_KPIS = {
    "N07403": ("Anmälda våldsbrott per 100 000 invånare", PER_100K),
    "N07540": ("Anmälda brott totalt per 100 000 invånare", PER_100K),
    "N07546": ("Anmälda bostadsinbrott per 100 000 invånare", PER_100K),
    "N07544": ("Anmälda narkotikabrott per 100 000 invånare", PER_100K),
    "N07620": ("Avstått från någon aktivitet på grund av oro för brott (NTU)", PERCENT),
    "N07633": ("Självrapporterad utsatthet för brott mot enskild person (NTU)", PERCENT),
    "N07606": ("Förtroende för att polisen behandlar brottsutsatta bra (NTU)", PERCENT),
    "N07605": ("Förtroende för att rättsväsendet hanterar brottsmisstänkta rättvist (NTU)", PERCENT),
}


class KoladaError(Exception):
    pass


def data_url(kpi: str, area_ids: list[str], years: list[int]) -> str:
    return (
        f"{BASE_URL}/data/kpi/{kpi}/municipality/{','.join(area_ids)}/year/{','.join(str(y) for y in years)}"
    )


def _chunks(items: list, size: int = MAX_IDS) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _next_link(page: dict) -> str:
    return next((str(page[k]) for k in NEXT_KEYS if page.get(k)), "")


def _open(url: str, timeout: int) -> dict:
    """One page, as a dict with a "values" list; every way this can fail is a KoladaError in Swedish."""
    request = urllib.request.Request(  # noqa: S310 (https on Kolada's host only, checked by the caller)
        url, headers={"Accept": "application/json", "User-Agent": "trygg"}
    )
    try:
        # Looked up at call time so that tests can replace it; tests never reach the network.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise KoladaError(
                _(
                    "Kolada hittar inte det som efterfrågades (HTTP 404). Kontrollera nyckeltalets id, "
                    "till exempel N07403."
                )
            ) from exc
        if exc.code == 429 or exc.code >= 500:
            raise KoladaError(
                _("Kolada svarar inte just nu (HTTP %(code)s). Försök igen senare.") % {"code": exc.code}
            ) from exc
        raise KoladaError(
            _("Kolada tog inte emot frågan (HTTP %(code)s): %(url)s") % {"code": exc.code, "url": url}
        ) from exc
    except TimeoutError as exc:  # socket.timeout is the same class
        raise KoladaError(_timeout_message(timeout)) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise KoladaError(_timeout_message(timeout)) from exc
        raise KoladaError(_unreachable_message(exc.reason)) from exc
    except OSError as exc:
        raise KoladaError(_unreachable_message(exc)) from exc
    try:
        page = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KoladaError(
            _(
                "Kolada svarade med något annat än JSON. Försök igen senare. Om felet finns kvar kan "
                "Koladas API ha ändrats."
            )
        ) from exc
    if not isinstance(page, dict) or not isinstance(page.get("values"), list):
        raise KoladaError(_("Kolada svarade med något annat än nyckeltalsvärden."))
    return page


def _timeout_message(timeout: int) -> str:
    return _("Kolada svarade inte inom %(seconds)s sekunder. Försök igen senare.") % {"seconds": timeout}


def _unreachable_message(error) -> str:
    return _(
        "Det gick inte att nå Kolada. Kontrollera att servern har internet och kan nå api.kolada.se "
        "(felet var: %(error)s)."
    ) % {"error": error}


def fetch(kpi: str, area_ids: list[str], years: list[int], *, timeout: int = TIMEOUT) -> dict:
    """Every value of the KPI for the areas and years, as one complete answer {"count", "values"}.

    Asks at most 25 area ids and 25 years per request (Kolada v3's limit), follows each answer's pages
    (v3 "next_url", v2 "next_page") on Kolada's own host only, and joins all entries. Raises KoladaError
    with a Swedish sentence for no network, a timeout, HTTP 404, 429 or 5xx, and an answer that is not
    JSON.
    """
    host = urlparse(BASE_URL).netloc
    values, pages = [], 0
    areas, year_list = list(dict.fromkeys(area_ids)), sorted(set(years))
    for area_chunk, year_chunk in product(_chunks(areas), _chunks(year_list)):
        url = data_url(kpi, area_chunk, year_chunk)
        while url:
            parts = urlparse(url)
            if parts.netloc != host or parts.scheme not in ("https", "http"):
                raise KoladaError(
                    _("Kolada svarade med en adress till en annan webbplats: %(url)s") % {"url": url}
                )
            # v2 answers may link to http://api.kolada.se/…: ask the same address over https.
            url = parts._replace(scheme="https").geturl()
            pages += 1
            if pages > MAX_PAGES:
                raise KoladaError(_("Kolada svarade med fler än %(n)s sidor.") % {"n": MAX_PAGES})
            page = _open(url, timeout)
            values.extend(page["values"])
            next_link = _next_link(page)
            url = urljoin(url, next_link) if next_link else ""
    return {"count": len(values), "values": values}


def load_file(data: bytes) -> dict:
    """A saved answer (v2 or v3, one page or a JSON list of every page) as one {"count", "values"}.

    Refuses a saved page that is only part of the answer: one with a next page, or fewer entries than
    its "count" says.
    """
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KoladaError(
            _("Filen är inte ett giltigt JSON-svar från Kolada (%(error)s).") % {"error": exc}
        ) from exc
    pages = document if isinstance(document, list) and document else [document]
    if not all(isinstance(p, dict) and isinstance(p.get("values"), list) for p in pages):
        raise KoladaError(_("Filen saknar listan ”values” som Koladas svar har."))
    values = [entry for page in pages for entry in page["values"]]
    counts = [p.get("count") for p in pages if isinstance(p.get("count"), int)]
    # In a list of pages, "count" may be the page's or the whole answer's: neither may exceed the total.
    if _next_link(pages[-1]):
        missing = _("det finns fler sidor")
    elif any(count > len(values) for count in counts):
        missing = _("filen har %(present)s av %(count)s poster") % {
            "present": len(values),
            "count": max(counts),
        }
    else:
        missing = ""
    if missing:
        raise KoladaError(
            _(
                "Filen är inte hela svaret från Kolada (%(missing)s), så inget importeras: hämta värdena "
                "direkt från Kolada i stället, eller spara alla sidor i samma fil som en lista "
                "[sida 1, sida 2, …]."
            )
            % {"missing": missing}
        )
    return {"count": len(values), "values": values}


def parse(document: dict, *, kpi: str, registry: AreaRegistry | None = None) -> Parsed:
    """Rows of a Kolada answer for one KPI. "line" is the entry's number in the values list (1, 2, …).

    An item Kolada marks deleted and an entry for a group of municipalities ("G…") are skipped with their
    reason; an unknown area id, another KPI, a bad year, gender or value is an error.
    """
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
        area_id = str(entry.get("municipality", "")).strip()
        place = registry.code(area_id)
        if place is None:
            parsed.read += 1
            if area_id.upper().startswith("G"):
                parsed.skip(
                    number,
                    _(
                        "”%(id)s” är en grupp av kommuner i Kolada. Portalen sparar bara kommuner, län "
                        "och riket."
                    )
                    % {"id": area_id},
                )
            else:
                parsed.error(number, _("Okänd kommun eller region: ”%(id)s”.") % {"id": area_id})
            continue
        try:
            year = int(entry.get("period"))
        except (TypeError, ValueError):
            parsed.read += 1
            parsed.error(number, _("Året ”%(year)s” är inte ett årtal.") % {"year": entry.get("period")})
            continue
        for item in entry.get("values") or []:
            parsed.read += 1
            item = item if isinstance(item, dict) else {}
            gender = item.get("gender")
            if item.get("isdeleted") is True or entry.get("isdeleted") is True:
                parsed.skip(
                    number,
                    _("Kolada har tagit bort värdet för %(area)s %(year)s (%(gender)s).")
                    % {"area": place.name, "year": year, "gender": gender},
                )
                continue
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
            if value is not None and not value.is_finite():
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
